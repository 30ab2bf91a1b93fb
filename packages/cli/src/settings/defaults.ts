/**
 * Defaults: from one parsed stage (its `extends` chain already merged) to the fully resolved
 * settings every later part uses. The defaults here are the ones in shared/spec/settings.md.
 */
import { DEFAULT_ACCESS_LOG_FORMAT, DEFAULT_STAGE_THROTTLE } from '@tsappa/templates';
import type {
  AccessLoggingSettings,
  AuthorizerSettings,
  CorsSettings,
  EventSourceService,
  ResolvedSettings,
  StageEvent,
  UsagePlanSettings,
} from '@tsappa/templates';
import { failureHandlingDefaults, SNS_MANAGED_KEY, type FailureHandling } from '@tsappa/templates';
import type { z } from 'zod';
import type { stageSchema } from './schema.js';
import { schedulerOptions } from './scheduler-defaults.js';

export type ParsedStage = z.output<typeof stageSchema>;

export interface StageContext {
  stage: string;
  configFile: string;
  projectDir: string;
  /** package.json `name`, when there is one */
  packageName: string | null;
  /** region from AWS_REGION, then the profile: null when neither gives one */
  ambientRegion: (profile: string | null) => string | null;
}

/** Artifacts no stage runs any more expire 30 days after their upload (see aws/artifact-retention.ts). */
export const DEFAULT_ARTIFACT_RETENTION_DAYS = 30;

export const DEFAULT_CORS: CorsSettings = {
  allowOrigins: ['*'],
  allowHeaders: ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token'],
  allowMethods: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
  allowCredentials: false,
  maxAge: null,
};

/** `@acme/Quote_API` -> `acme-quote-api` */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/^@/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
}

/** Adds `:default` when a function reference names no export. */
export function normaliseRef(ref: string): string {
  return ref.includes(':') ? ref : `${ref}:default`;
}

function serviceOf(arn: string): EventSourceService {
  const service = arn.split(':')[2];
  return service as EventSourceService;
}

function ruleName(ref: string): string {
  const [module = '', exportName = 'default'] = ref.split(':');
  const base = module.replace(/\.[cm]?[jt]sx?$/, '').split('/').pop() ?? module;
  return `${base}-${exportName}`.replace(/[^\w.-]/g, '-');
}

type ParsedSource = Extract<NonNullable<ParsedStage['events']>[number], { eventSource: unknown }>['eventSource'];

/** What the source sets, else the defaults of its kind (sourceFailures.ts in @tsappa/templates says why). */
function resolveFailureHandling(service: EventSourceService, source: ParsedSource): FailureHandling {
  const defaults = failureHandlingDefaults(service);
  return {
    maximumRetryAttempts: source.maximumRetryAttempts ?? defaults.maximumRetryAttempts,
    bisectBatchOnFunctionError: source.bisectBatchOnFunctionError ?? defaults.bisectBatchOnFunctionError,
    maximumRecordAgeInSeconds: source.maximumRecordAgeInSeconds ?? defaults.maximumRecordAgeInSeconds,
    onFailure: source.onFailure === undefined ? defaults.onFailure : source.onFailure,
    reportBatchItemFailures: source.reportBatchItemFailures ?? defaults.reportBatchItemFailures,
  };
}

function resolveEvents(events: ParsedStage['events']): StageEvent[] {
  return (events ?? []).map((event): StageEvent => {
    if ('expression' in event) {
      const ref = normaliseRef(event.function);
      return {
        kind: 'schedule',
        function: ref,
        expression: event.expression,
        name: event.name ?? ruleName(ref),
        enabled: event.enabled ?? true,
        ...schedulerOptions(event),
      };
    }
    const source = event.eventSource;
    const service = serviceOf(source.arn);
    const streaming = service === 'dynamodb' || service === 'kinesis';
    return {
      kind: 'source',
      function: normaliseRef(event.function),
      service,
      eventSource: {
        arn: source.arn,
        events: source.events ?? (service === 's3' ? ['s3:ObjectCreated:*'] : []),
        batchSize: source.batchSize ?? null,
        startingPosition: source.startingPosition ?? (streaming ? 'TRIM_HORIZON' : null),
        filterPatterns: source.filterPatterns ?? [],
        ...resolveFailureHandling(service, source),
      },
    };
  });
}

function resolveCors(cors: ParsedStage['cors']): CorsSettings | false {
  if (cors === undefined || cors === false) return false;
  if (cors === true) return { ...DEFAULT_CORS };
  return {
    allowOrigins: cors.allowOrigins ?? DEFAULT_CORS.allowOrigins,
    allowHeaders: cors.allowHeaders ?? DEFAULT_CORS.allowHeaders,
    allowMethods: cors.allowMethods ?? DEFAULT_CORS.allowMethods,
    allowCredentials: cors.allowCredentials ?? false,
    maxAge: cors.maxAge ?? null,
  };
}

function resolveAccessLogging(logging: ParsedStage['accessLogging']): AccessLoggingSettings | false {
  if (logging === false) return false;
  return { format: logging === undefined || logging === true ? DEFAULT_ACCESS_LOG_FORMAT : logging.format };
}

function resolveAuthorizer(authorizer: ParsedStage['authorizer']): AuthorizerSettings | null {
  if (!authorizer) return null;
  const type = authorizer.type ?? 'TOKEN';
  const tokenHeader = authorizer.tokenHeader ?? 'Authorization';
  return {
    function: authorizer.function ? normaliseRef(authorizer.function) : null,
    arn: authorizer.arn ?? null,
    type,
    resultTtl: authorizer.resultTtl ?? 300,
    tokenHeader,
    validationExpression: authorizer.validationExpression ?? null,
    identitySources: authorizer.identitySources ?? [`method.request.header.${tokenHeader}`],
    ...(authorizer.local ? { local: typeof authorizer.local === 'string' ? authorizer.local : { function: normaliseRef(authorizer.local.function) } } : {}),
  };
}

function resolveUsagePlan(plan: ParsedStage['usagePlan']): UsagePlanSettings | null {
  if (!plan) return null;
  return { throttle: plan.throttle ?? null, quota: plan.quota ?? null };
}

/** Fills every default. `app` and the region must be known by now (checked by the caller). */
export function applyDefaults(stage: ParsedStage, context: StageContext, region: string): ResolvedSettings {
  const projectName = stage.projectName ?? slugify(context.packageName ?? 'app');
  const cacheSize = stage.cacheClusterSize === undefined ? '0.5' : String(stage.cacheClusterSize);
  return {
    stage: context.stage,
    configFile: context.configFile,
    projectDir: context.projectDir,

    app: normaliseRef(stage.app ?? ''),
    appType: stage.appType ?? 'auto',
    projectName,
    awsRegion: region,
    profile: stage.profile ?? null,
    runtime: stage.runtime ?? 'nodejs24.x',
    architecture: stage.architecture ?? 'x86_64',
    memorySize: stage.memorySize ?? 512,
    timeoutSeconds: stage.timeoutSeconds ?? 30,
    provisionedConcurrency: stage.provisionedConcurrency ?? 0,
    reservedConcurrency: stage.reservedConcurrency ?? null,
    ephemeralStorage: stage.ephemeralStorage ?? 512,
    s3Bucket: stage.s3Bucket ?? null,
    artifactRetentionDays: stage.artifactRetentionDays === undefined ? DEFAULT_ARTIFACT_RETENTION_DAYS : stage.artifactRetentionDays,
    bundle: stage.bundle ?? true,
    external: stage.external ?? [],
    exclude: stage.exclude ?? [],
    include: stage.include ?? [],
    slimHandler: stage.slimHandler ?? false,
    environmentVariables: stage.environmentVariables ?? {},
    remoteEnv: stage.remoteEnv ?? null,
    layers: stage.layers ?? [],
    tags: stage.tags ?? {},
    logRetentionDays: stage.logRetentionDays ?? 30,
    logFormat: stage.logFormat ?? 'Text',
    applicationLogLevel: stage.applicationLogLevel ?? null,
    systemLogLevel: stage.systemLogLevel ?? null,
    role: stage.role ?? null,
    extraPolicies: stage.extraPolicies ?? [],
    exceptionHandler: stage.exceptionHandler ? normaliseRef(stage.exceptionHandler) : null,
    resources: stage.resources ?? {},

    apiGateway: stage.apiGateway ?? true,
    apiType: stage.apiType ?? 'rest',
    endpointConfiguration: stage.endpointConfiguration ?? 'EDGE',
    vpcEndpointIds: stage.vpcEndpointIds ?? [],
    binarySupport: stage.binarySupport ?? true,
    cors: resolveCors(stage.cors),
    cacheClusterEnabled: stage.cacheClusterEnabled ?? false,
    cacheClusterSize: cacheSize as ResolvedSettings['cacheClusterSize'],
    cacheClusterTtl: stage.cacheClusterTtl ?? 300,
    cacheClusterEncrypted: stage.cacheClusterEncrypted ?? false,
    responseStreaming: stage.responseStreaming ?? false,
    accessLogging: resolveAccessLogging(stage.accessLogging),
    executionLogging: stage.executionLogging ?? 'ERROR',
    detailedMetrics: stage.detailedMetrics ?? false,
    throttle: stage.throttle === undefined ? { ...DEFAULT_STAGE_THROTTLE } : stage.throttle,

    apiKeyRequired: stage.apiKeyRequired ?? false,
    apiKey: stage.apiKey ?? null,
    usagePlan: resolveUsagePlan(stage.usagePlan),
    iamAuthorization: stage.iamAuthorization ?? false,
    authorizer: resolveAuthorizer(stage.authorizer),
    jwtAuthorizer: stage.jwtAuthorizer ? { issuer: stage.jwtAuthorizer.issuer, audience: [...stage.jwtAuthorizer.audience] } : null,

    keepWarm: stage.keepWarm ?? true,
    keepWarmExpression: stage.keepWarmExpression ?? 'rate(4 minutes)',
    events: resolveEvents(stage.events),

    asyncSource: stage.asyncSource ?? 'lambda',
    asyncResources: stage.asyncResources ?? true,
    asyncResponseTable: stage.asyncResponseTable ?? `${projectName}-${context.stage}-tasks`.replace(/[^A-Za-z0-9_.-]/g, '-'),
    asyncTopicKmsKey: stage.asyncTopicKmsKey ?? SNS_MANAGED_KEY,
    taskModules: stage.taskModules ?? [],

    deadLetterArn: stage.deadLetterArn ?? null,
    deadLetter: stage.deadLetter ?? false,
    xrayTracing: stage.xrayTracing ?? false,
    vpcConfig: stage.vpcConfig ?? null,
    deployment: stage.deployment ? { strategy: stage.deployment.strategy, alarms: stage.deployment.alarms ?? [] } : null,

    domain: stage.domain ?? null,
    certificateArn: stage.certificateArn ?? null,
    certificate: stage.certificate ?? null,
    hostedZoneId: stage.hostedZoneId ?? null,
    basePath: stage.basePath ?? '',
  };
}

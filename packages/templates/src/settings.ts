/**
 * The resolved settings of one stage: every default filled in, every cross-field rule checked.
 *
 * This is the contract between the settings loader (packages/cli/src/settings), the packager
 * and the template functions. The CLI's schema produces exactly this type (a type test there
 * keeps the two in step). "None" is always `null`, never a missing key, so the printed settings
 * show every key.
 */

/** `"path/to/module.ts:exportName"`, normalised so the export is always present (`:default`). */
export type FunctionRef = string;

export type NodeRuntime = 'nodejs20.x' | 'nodejs22.x' | 'nodejs24.x';
/** Lambda's log format (LoggingConfig.LogFormat): `Text` lines, or one JSON object per line. */
export type LogFormat = 'Text' | 'JSON';
/** LoggingConfig.ApplicationLogLevel: the lowest level of the function's own lines kept (JSON only). */
export type ApplicationLogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
/** LoggingConfig.SystemLogLevel: the lowest level of Lambda's platform lines kept (JSON only). */
export type SystemLogLevel = 'DEBUG' | 'INFO' | 'WARN';
export type Architecture = 'x86_64' | 'arm64';
export type EndpointType = 'EDGE' | 'REGIONAL' | 'PRIVATE';
/** What fronts the function: a REST API, an HTTP API (API Gateway v2, payload 2.0), or a Lambda Function URL. */
export type ApiType = 'rest' | 'http' | 'url';

/** `jwtAuthorizer` (HTTP APIs): API Gateway checks the bearer token's signature, issuer, audience and expiry. */
export interface JwtAuthorizerSettings {
  /** the token issuer's URL, e.g. `https://cognito-idp.us-east-1.amazonaws.com/<pool id>` */
  issuer: string;
  /** accepted `aud` (or Cognito `client_id`) values */
  audience: string[];
}
export type AsyncSource = 'lambda' | 'sns';
/**
 * How the runtime reads the `app` module: `auto` (the export if servable, else the server the
 * module starts), or `fastify-plugin` (the export is a fastify-cli plugin, mounted on fastify).
 */
export type AppType = 'auto' | 'fastify-plugin';
export type CacheClusterSize = '0.5' | '1.6' | '6.1' | '13.5' | '28.4' | '58.2' | '118' | '237';

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
}

export interface CloudFormationResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  Condition?: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  UpdatePolicy?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}

export interface CorsSettings {
  allowOrigins: string[];
  allowHeaders: string[];
  allowMethods: string[];
  allowCredentials: boolean;
  /** seconds; null: not sent */
  maxAge: number | null;
}

/** API Gateway access logs of the stage: one line per request, in `format` ($context variables). */
export interface AccessLoggingSettings {
  format: string;
}

/** API Gateway execution logs of the stage (`off`, or the level of MethodSettings' LoggingLevel). */
export type ExecutionLoggingLevel = 'off' | 'ERROR' | 'INFO';

/** A token bucket: `rateLimit` requests per second on average, up to `burstLimit` at once. */
export interface ThrottleSettings {
  rateLimit: number;
  burstLimit: number;
}

export interface UsagePlanSettings {
  throttle: { rateLimit: number; burstLimit: number } | null;
  quota: { limit: number; period: 'DAY' | 'WEEK' | 'MONTH' } | null;
}

export interface AuthorizerSettings {
  /** runs inside the stage's own Lambda; exactly one of `function` and `arn` is set */
  function: FunctionRef | null;
  arn: string | null;
  type: 'TOKEN' | 'REQUEST';
  /** seconds, 0-3600 */
  resultTtl: number;
  /** TOKEN: the header holding the token */
  tokenHeader: string;
  validationExpression: string | null;
  /** REQUEST: e.g. ["method.request.header.Authorization"]; for TOKEN derived from tokenHeader */
  identitySources: string[];
  /**
   * How `tsappa serve` answers for an `arn` authorizer, which cannot run locally: a function of
   * the project run as the authorizer, or a fixed allow or deny. Never deployed.
   */
  local?: LocalAuthorizerSetting | null;
}

/** `authorizer.local`: a function reference, or a fixed answer. */
export type LocalAuthorizerSetting = 'allow' | 'deny' | { function: FunctionRef };

export interface ScheduleEvent {
  kind: 'schedule';
  function: FunctionRef;
  /** `rate(...)` or AWS `cron(...)` */
  expression: string;
  /** rule name suffix; defaults to a slug of the function reference */
  name: string;
  enabled: boolean;
  /*
   * With any of the four below set (not null), the schedule is an EventBridge Scheduler
   * schedule (AWS::Scheduler::Schedule) instead of an Events rule. Absent means null.
   */
  /** IANA time zone the expression is evaluated in, e.g. "Europe/Berlin"; null: UTC */
  timezone?: string | null;
  /** minutes (1-1440) within which Scheduler may invoke after the scheduled time; null: off */
  flexibleWindow?: number | null;
  /** ISO 8601 instants (UTC, "2026-03-01T00:00:00.000Z") bounding when the schedule runs; null: unbounded */
  startDate?: string | null;
  endDate?: string | null;
}

export type EventSourceService = 's3' | 'sns' | 'sqs' | 'dynamodb' | 'kinesis';

export interface SourceEvent {
  kind: 'source';
  function: FunctionRef;
  /** derived from the ARN */
  service: EventSourceService;
  eventSource: {
    arn: string;
    events: string[];
    batchSize: number | null;
    startingPosition: 'LATEST' | 'TRIM_HORIZON' | null;
    filterPatterns: unknown[];
    /** streams: retries of a failing batch before its records go to `onFailure`; -1: until they expire */
    maximumRetryAttempts: number | null;
    /** streams: a failing batch is split in two and each half retried (finds the bad record) */
    bisectBatchOnFunctionError: boolean;
    /** streams: records older than this go to `onFailure` unprocessed; null: the stream's retention */
    maximumRecordAgeInSeconds: number | null;
    /** streams: where discarded records go: an SQS queue or SNS topic ARN, `queue` (the stage's failure queue), or null */
    onFailure: EventSourceFailureTarget;
    /** SQS and streams: the function may answer `{ batchItemFailures }` (FunctionResponseTypes ReportBatchItemFailures) */
    reportBatchItemFailures: boolean;
  };
}

/** `queue`: the stage's own failure queue (created by the stack); else an SQS queue or SNS topic ARN; null: none. */
export type EventSourceFailureTarget = 'queue' | string | null;

export type StageEvent = ScheduleEvent | SourceEvent;

/** The traffic-shifting configurations CodeDeploy predefines for Lambda (`CodeDeployDefault.Lambda<name>`). */
export const DEPLOYMENT_STRATEGIES = [
  'AllAtOnce',
  'Canary10Percent5Minutes',
  'Canary10Percent10Minutes',
  'Canary10Percent15Minutes',
  'Canary10Percent30Minutes',
  'Linear10PercentEvery1Minute',
  'Linear10PercentEvery2Minutes',
  'Linear10PercentEvery3Minutes',
  'Linear10PercentEvery10Minutes',
] as const;

export type DeploymentStrategy = (typeof DEPLOYMENT_STRATEGIES)[number];

/** How a new version takes the `live` alias's traffic: CodeDeploy on stack updates, tsappa itself on the code fast path. */
export interface DeploymentSettings {
  strategy: DeploymentStrategy;
  /** CloudWatch alarm names: one in ALARM rolls the new version back */
  alarms: string[];
}

export interface VpcConfig {
  subnetIds: string[];
  securityGroupIds: string[];
}

export interface ResolvedSettings {
  /** the stage's name, e.g. "dev" */
  stage: string;
  /** the file the settings came from (absolute) */
  configFile: string;
  /** the directory of the project (where package.json and the settings file live) */
  projectDir: string;

  // Core and packaging
  app: FunctionRef;
  appType: AppType;
  projectName: string;
  awsRegion: string;
  profile: string | null;
  runtime: NodeRuntime;
  architecture: Architecture;
  memorySize: number;
  timeoutSeconds: number;
  /** execution environments kept initialized on the `live` alias (billed while configured); 0: none */
  provisionedConcurrency: number;
  /** concurrent executions reserved for the function (and its most); 0 disables it; null: the account's unreserved pool */
  reservedConcurrency: number | null;
  ephemeralStorage: number;
  /** null: the default `tsappa-<accountId>-<region>`, resolved when AWS is reached */
  s3Bucket: string | null;
  /** days after upload when this stage's artifacts that no longer run (not current, not the rollback's) expire; null: kept */
  artifactRetentionDays: number | null;
  bundle: boolean;
  external: string[];
  exclude: string[];
  include: string[];
  slimHandler: boolean;
  environmentVariables: Record<string, string>;
  /** `s3://bucket/key.json` or a Secrets Manager secret ARN */
  remoteEnv: string | null;
  layers: string[];
  tags: Record<string, string>;
  logRetentionDays: number;
  logFormat: LogFormat;
  /** null: Lambda's default (INFO); set only with `logFormat: "JSON"` */
  applicationLogLevel: ApplicationLogLevel | null;
  /** null: Lambda's default (INFO); set only with `logFormat: "JSON"` */
  systemLogLevel: SystemLogLevel | null;
  role: string | null;
  extraPolicies: PolicyStatement[];
  exceptionHandler: FunctionRef | null;
  resources: Record<string, CloudFormationResource>;

  // API Gateway
  apiGateway: boolean;
  /** with `apiGateway`: what fronts the function; absent means `rest` */
  apiType?: ApiType;
  endpointConfiguration: EndpointType;
  vpcEndpointIds: string[];
  binarySupport: boolean;
  cors: CorsSettings | false;
  cacheClusterEnabled: boolean;
  cacheClusterSize: CacheClusterSize;
  cacheClusterTtl: number;
  cacheClusterEncrypted: boolean;
  responseStreaming: boolean;
  /** false: no access logs */
  accessLogging: AccessLoggingSettings | false;
  executionLogging: ExecutionLoggingLevel;
  /** per-method CloudWatch metrics (MetricsEnabled) */
  detailedMetrics: boolean;
  /** the stage-wide throttle of every method; false: only the account's */
  throttle: ThrottleSettings | false;

  // Authentication and usage
  apiKeyRequired: boolean;
  apiKey: string | null;
  usagePlan: UsagePlanSettings | null;
  iamAuthorization: boolean;
  authorizer: AuthorizerSettings | null;
  /** `apiType: "http"` only; absent means null */
  jwtAuthorizer?: JwtAuthorizerSettings | null;

  // Schedules and events
  keepWarm: boolean;
  keepWarmExpression: string;
  events: StageEvent[];

  // Asynchronous tasks
  asyncSource: AsyncSource;
  asyncResources: boolean;
  asyncResponseTable: string;
  /** the KMS key of the task topic (`asyncSource: sns`): a key or alias ARN, `alias/<name>` or a key id */
  asyncTopicKmsKey: string;
  taskModules: string[];

  // Failure handling, tracing, network
  deadLetterArn: string | null;
  deadLetter: boolean;
  xrayTracing: boolean;
  vpcConfig: VpcConfig | null;
  /** null: `live` moves to a new version at once, without CodeDeploy (no `deployment` setting) */
  deployment: DeploymentSettings | null;

  // Custom domain
  domain: string | null;
  certificateArn: string | null;
  certificate: 'auto' | null;
  hostedZoneId: string | null;
  basePath: string;
}

/**
 * `<projectName>-<stage>`: the stack name and the prefix of every AWS name of the stage.
 * Characters CloudFormation refuses in a stack name (`_` in `dev_iam`) become `-`.
 */
export function stackName(settings: Pick<ResolvedSettings, 'projectName' | 'stage'>): string {
  return `${settings.projectName}-${settings.stage}`.replace(/[^A-Za-z0-9-]/g, '-');
}

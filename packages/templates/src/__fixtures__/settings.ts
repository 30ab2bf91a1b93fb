/** Test fixtures: complete resolved settings with the spec's defaults, and template inputs. */
import type { TemplateInput } from '../model.js';
import type { ResolvedSettings } from '../settings.js';
import { failureHandlingDefaults } from '../sourceFailures.js';
import { DEFAULT_ACCESS_LOG_FORMAT } from '../stage-logging.js';
import { DEFAULT_STAGE_THROTTLE } from '../stage-throttle.js';

/** A complete `ResolvedSettings` with every default of shared/spec/settings.md, plus overrides. */
export function makeSettings(overrides: Partial<ResolvedSettings> = {}): ResolvedSettings {
  return {
    stage: 'dev',
    configFile: '/project/tsappa.json',
    projectDir: '/project',

    app: 'src/app.ts:app',
    appType: 'auto',
    projectName: 'quote-api',
    awsRegion: 'us-east-1',
    profile: null,
    runtime: 'nodejs24.x',
    architecture: 'x86_64',
    memorySize: 512,
    timeoutSeconds: 30,
    provisionedConcurrency: 0,
    reservedConcurrency: null,
    ephemeralStorage: 512,
    s3Bucket: null,
    artifactRetentionDays: 30,
    bundle: true,
    external: [],
    exclude: [],
    include: [],
    slimHandler: false,
    environmentVariables: {},
    remoteEnv: null,
    layers: [],
    tags: {},
    logRetentionDays: 30,
    logFormat: 'Text',
    applicationLogLevel: null,
    systemLogLevel: null,
    role: null,
    extraPolicies: [],
    exceptionHandler: null,
    resources: {},

    apiGateway: true,
    apiType: 'rest',
    endpointConfiguration: 'EDGE',
    vpcEndpointIds: [],
    binarySupport: true,
    cors: false,
    cacheClusterEnabled: false,
    cacheClusterSize: '0.5',
    cacheClusterTtl: 300,
    cacheClusterEncrypted: false,
    responseStreaming: false,
    accessLogging: { format: DEFAULT_ACCESS_LOG_FORMAT },
    executionLogging: 'ERROR',
    detailedMetrics: false,
    throttle: { ...DEFAULT_STAGE_THROTTLE },

    apiKeyRequired: false,
    apiKey: null,
    usagePlan: null,
    iamAuthorization: false,
    authorizer: null,
    jwtAuthorizer: null,

    keepWarm: true,
    keepWarmExpression: 'rate(4 minutes)',
    events: [],

    asyncSource: 'lambda',
    asyncResources: true,
    asyncResponseTable: 'quote-api-dev-tasks',
    asyncTopicKmsKey: 'alias/aws/sns',
    taskModules: [],

    deadLetterArn: null,
    deadLetter: false,
    xrayTracing: false,
    vpcConfig: null,
    deployment: null,

    domain: null,
    certificateArn: null,
    certificate: null,
    hostedZoneId: null,
    basePath: '',
    ...overrides,
  };
}

export const ARTIFACT: TemplateInput['artifact'] = {
  bucket: 'quote-api-deployments',
  key: 'quote-api/dev/3f2a9c1e.zip',
  handler: 'tsappa_entry.handler',
};

export function makeInput(overrides: Partial<ResolvedSettings> = {}, extra: Partial<TemplateInput> = {}): TemplateInput {
  return { settings: makeSettings(overrides), artifact: { ...ARTIFACT }, ...extra };
}

/** The stage of `tsappa init` with nothing changed. */
export function minimalInput(): TemplateInput {
  return makeInput();
}

/** A stage turning on nearly every key at once (EDGE domain with a given certificate). */
export function maximalInput(): TemplateInput {
  return makeInput(
    {
      stage: 'prod',
      asyncResponseTable: 'quote-api-prod-tasks',
      runtime: 'nodejs24.x',
      architecture: 'arm64',
      memorySize: 1024,
      timeoutSeconds: 120,
      ephemeralStorage: 2048,
      s3Bucket: 'quote-api-deployments',
      slimHandler: true,
      environmentVariables: { LOG_LEVEL: 'info', QUOTES_TABLE: 'quotes' },
      remoteEnv: 's3://quote-api-config/prod.json',
      layers: ['arn:aws:lambda:us-east-1:123456789012:layer:sharp:3'],
      tags: { team: 'quotes', env: 'prod' },
      logRetentionDays: 90,
      extraPolicies: [
        { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Query'], Resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/quotes' },
      ],
      exceptionHandler: 'src/errors.ts:report',
      resources: {
        QuotesTable: {
          Type: 'AWS::DynamoDB::Table',
          Properties: {
            TableName: 'quotes',
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
            KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          },
        },
      },
      endpointConfiguration: 'EDGE',
      binarySupport: true,
      cors: {
        allowOrigins: ['https://quotes.example.com'],
        allowHeaders: ['Content-Type', 'Authorization', 'X-Api-Key'],
        allowMethods: ['GET', 'POST', 'OPTIONS'],
        allowCredentials: true,
        maxAge: 600,
      },
      cacheClusterEnabled: true,
      cacheClusterSize: '1.6',
      cacheClusterTtl: 60,
      cacheClusterEncrypted: true,
      responseStreaming: true,
      apiKeyRequired: true,
      usagePlan: { throttle: { rateLimit: 50, burstLimit: 100 }, quota: { limit: 100000, period: 'MONTH' } },
      authorizer: {
        function: 'src/auth.ts:authorize',
        arn: null,
        type: 'TOKEN',
        resultTtl: 300,
        tokenHeader: 'Authorization',
        validationExpression: '^Bearer [-0-9a-zA-Z._]+$',
        identitySources: ['method.request.header.Authorization'],
      },
      keepWarm: true,
      keepWarmExpression: 'rate(5 minutes)',
      events: [
        { kind: 'schedule', function: 'src/schedulers.ts:setQuoteOfTheDay', expression: 'cron(0 12 * * ? *)', name: 'schedulers-setQuoteOfTheDay', enabled: true },
        { kind: 'schedule', function: 'src/schedulers.ts:cleanup', expression: 'rate(1 day)', name: 'cleanup', enabled: false },
        {
          kind: 'source',
          function: 'src/consumers.ts:onQueue',
          service: 'sqs',
          eventSource: { arn: 'arn:aws:sqs:us-east-1:123456789012:quote-jobs', events: [], batchSize: 10, startingPosition: null, filterPatterns: [{ body: { kind: ['quote'] } }], ...failureHandlingDefaults('sqs') },
        },
        {
          kind: 'source',
          function: 'src/consumers.ts:onStream',
          service: 'dynamodb',
          eventSource: {
            arn: 'arn:aws:dynamodb:us-east-1:123456789012:table/quotes/stream/2025-01-01T00:00:00.000',
            events: [],
            batchSize: 100,
            startingPosition: 'LATEST',
            filterPatterns: [],
            ...failureHandlingDefaults('dynamodb'),
          },
        },
        {
          kind: 'source',
          function: 'src/consumers.ts:onKinesis',
          service: 'kinesis',
          eventSource: { arn: 'arn:aws:kinesis:us-east-1:123456789012:stream/clicks', events: [], batchSize: null, startingPosition: 'TRIM_HORIZON', filterPatterns: [], ...failureHandlingDefaults('kinesis') },
        },
        {
          kind: 'source',
          function: 'src/consumers.ts:onTopic',
          service: 'sns',
          eventSource: { arn: 'arn:aws:sns:us-east-1:123456789012:quote-events', events: [], batchSize: null, startingPosition: null, filterPatterns: [{ kind: ['new'] }], ...failureHandlingDefaults('sns') },
        },
        {
          kind: 'source',
          function: 'src/consumers.ts:onUpload',
          service: 's3',
          eventSource: { arn: 'arn:aws:s3:::quote-uploads', events: ['s3:ObjectCreated:*'], batchSize: null, startingPosition: null, filterPatterns: [], ...failureHandlingDefaults('s3') },
        },
      ],
      asyncSource: 'sns',
      asyncResources: true,
      taskModules: ['src/tasks.ts'],
      deadLetter: true,
      xrayTracing: true,
      vpcConfig: { subnetIds: ['subnet-0a1b2c3d', 'subnet-4e5f6a7b'], securityGroupIds: ['sg-0123456789abcdef0'] },
      domain: 'quotes.example.com',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789',
      hostedZoneId: 'Z0123456789ABCDEFGHIJ',
      basePath: 'v1',
    },
    {
      artifact: {
        ...ARTIFACT,
        key: 'quote-api/prod/handler-7c1d.zip',
        slimArchive: { key: 'quote-api/prod/app-7c1d.tar.gz', sha256: '7c1d0000000000000000000000000000000000000000000000000000000000aa' },
      },
      tasks: { captureResponse: true, remoteFunctions: [{ name: 'quote-mailer-prod', region: 'eu-west-1' }] },
    },
  );
}

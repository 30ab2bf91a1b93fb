/**
 * The settings matrix: stages that, together, turn every settings key on (or away from its
 * default) at least once. cfn-lint runs over every one (test/cfn-lint-*.test.ts) and
 * test/matrix.test.ts checks the coverage and the IAM rules over all of them.
 */
import { makeInput, maximalInput, minimalInput } from '../src/__fixtures__/settings.js';
import type { TemplateInput } from '../src/model.js';
import type { ScheduleEvent, SourceEvent } from '../src/settings.js';
import { failureHandlingDefaults } from '../src/sourceFailures.js';

export interface MatrixCase {
  name: string;
  /** cfn-lint runs split in groups, one test file each, so they run in parallel */
  group: 1 | 2 | 3;
  input: TemplateInput;
}

const schedule = (name: string, expression: string, enabled = true): ScheduleEvent => ({
  kind: 'schedule',
  function: `src/jobs.ts:${name}`,
  expression,
  name,
  enabled,
});

const source = (service: SourceEvent['service'], arn: string, extra: Partial<SourceEvent['eventSource']> = {}): SourceEvent => ({
  kind: 'source',
  function: `src/consumers.ts:${service}`,
  service,
  eventSource: { arn, events: [], batchSize: null, startingPosition: null, filterPatterns: [], ...failureHandlingDefaults(service), ...extra },
});

const CORS_DEFAULT = {
  allowOrigins: ['*'],
  allowHeaders: ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token'],
  allowMethods: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
  allowCredentials: false,
  maxAge: null,
};

export const MATRIX: MatrixCase[] = [
  { name: 'minimal', group: 1, input: minimalInput() },
  { name: 'maximal', group: 2, input: maximalInput() },
  {
    name: 'function configuration and packaging keys',
    group: 3,
    input: makeInput({
      stage: 'dev_iam',
      configFile: '/other/tsappa.config.ts',
      projectDir: '/other',
      app: 'src/server.ts:default',
      appType: 'fastify-plugin',
      projectName: 'other-app',
      asyncResponseTable: 'other-app-dev_iam-tasks',
      profile: 'work',
      runtime: 'nodejs22.x',
      architecture: 'arm64',
      memorySize: 10240,
      timeoutSeconds: 900,
      provisionedConcurrency: 2,
      ephemeralStorage: 10240,
      s3Bucket: 'other-deployments',
      bundle: false,
      external: ['sharp'],
      exclude: ['**/*.md'],
      include: ['assets/**'],
      environmentVariables: { NODE_OPTIONS: '--enable-source-maps', AB: 'c' },
      layers: ['arn:aws:lambda:us-east-1:123456789012:layer:one:1', 'arn:aws:lambda:us-east-1:123456789012:layer:two:7'],
      tags: { owner: 'platform', 'cost-center': '42' },
      logRetentionDays: 1,
      exceptionHandler: 'src/errors.ts:default',
      taskModules: ['src/tasks/a.ts', 'src/tasks/b.ts'],
    }),
  },
  {
    name: 'existing role',
    group: 1,
    input: makeInput({ role: 'arn:aws:iam::123456789012:role/existing-lambda-role' }),
  },
  {
    name: 'secrets remote env, slim handler, tracing, VPC',
    group: 2,
    input: makeInput(
      {
        remoteEnv: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:quote-api/dev-AbCdEf',
        slimHandler: true,
        xrayTracing: true,
        vpcConfig: { subnetIds: ['subnet-0a1b2c3d'], securityGroupIds: ['sg-0a1b2c3d', 'sg-4e5f6a7b'] },
      },
      { artifact: { bucket: 'quote-api-deployments', key: 'h.zip', handler: 'entry.handler', slimArchive: { key: 'app.tgz', sha256: 'ff' }, sha256: 'aa' } },
    ),
  },
  {
    name: 'function only: no API, no keep-warm',
    group: 3,
    input: makeInput({ apiGateway: false, keepWarm: false }, { existingLogGroup: true }),
  },
  {
    name: 'REGIONAL, default cors, no binary, cache cluster, auto certificate',
    group: 1,
    input: makeInput({
      awsRegion: 'eu-west-1',
      endpointConfiguration: 'REGIONAL',
      cors: CORS_DEFAULT,
      binarySupport: false,
      cacheClusterEnabled: true,
      cacheClusterSize: '0.5',
      cacheClusterTtl: 3600,
      domain: 'api.example.com',
      certificate: 'auto',
      hostedZoneId: 'Z0123456789ABCDEFGHIJ',
      basePath: 'api',
    }),
  },
  {
    name: 'PRIVATE with VPC endpoints',
    group: 2,
    input: makeInput({ endpointConfiguration: 'PRIVATE', vpcEndpointIds: ['vpce-0a1b2c3d4e5f60718', 'vpce-1a1b2c3d4e5f60718'] }),
  },
  {
    name: 'PRIVATE without VPC endpoints',
    group: 3,
    input: makeInput({ endpointConfiguration: 'PRIVATE' }),
  },
  {
    name: 'existing API key, quota-only usage plan',
    group: 1,
    input: makeInput({ apiKeyRequired: true, apiKey: 'a1b2c3d4e5', usagePlan: { throttle: null, quota: { limit: 500, period: 'WEEK' } } }),
  },
  {
    name: 'IAM authorization, multi-origin cors',
    group: 2,
    input: makeInput({
      iamAuthorization: true,
      cors: { ...CORS_DEFAULT, allowOrigins: ['https://a.example.com', 'https://b.example.com'], allowCredentials: true, maxAge: 3600 },
    }),
  },
  {
    name: 'REQUEST authorizer by ARN',
    group: 3,
    input: makeInput({
      authorizer: {
        function: null,
        arn: 'arn:aws:lambda:us-east-1:123456789012:function:shared-authorizer',
        type: 'REQUEST',
        resultTtl: 60,
        tokenHeader: 'Authorization',
        validationExpression: null,
        identitySources: ['method.request.header.Cookie', 'method.request.querystring.token'],
      },
    }),
  },
  {
    name: 'TOKEN authorizer in the stage function, API key, cors',
    group: 1,
    input: makeInput({
      apiKeyRequired: true,
      cors: CORS_DEFAULT,
      authorizer: {
        function: 'src/auth.ts:default',
        arn: null,
        type: 'TOKEN',
        resultTtl: 0,
        tokenHeader: 'X-Session',
        validationExpression: null,
        identitySources: ['method.request.header.X-Session'],
      },
    }),
  },
  {
    name: 'response streaming',
    group: 2,
    input: makeInput({ responseStreaming: true, timeoutSeconds: 600, endpointConfiguration: 'REGIONAL' }),
  },
  {
    name: 'schedules',
    group: 3,
    input: makeInput({
      keepWarmExpression: 'rate(10 minutes)',
      events: [
        schedule('nightly-report', 'cron(0 2 * * ? *)'),
        schedule('hourly', 'rate(1 hour)'),
        schedule('paused', 'rate(1 day)', false),
        schedule(`very-long-${'x'.repeat(60)}`, 'rate(7 days)'),
      ],
    }),
  },
  {
    name: 'event sources of every kind',
    group: 1,
    input: makeInput({
      events: [
        source('sqs', 'arn:aws:sqs:us-east-1:123456789012:jobs', { batchSize: 10 }),
        source('dynamodb', 'arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2025-01-01T00:00:00.000', { startingPosition: 'LATEST', filterPatterns: [{ eventName: ['INSERT'] }] }),
        source('kinesis', 'arn:aws:kinesis:us-east-1:123456789012:stream/clicks', { startingPosition: 'TRIM_HORIZON', batchSize: 500 }),
        source('sns', 'arn:aws:sns:eu-west-1:123456789012:elsewhere', { filterPatterns: [{ kind: ['a', 'b'] }] }),
        source('s3', 'arn:aws:s3:::uploads-bucket', { events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'] }),
      ],
    }),
  },
  {
    name: 'SNS tasks on user-managed resources',
    group: 2,
    input: makeInput({ asyncSource: 'sns', asyncResources: false, asyncResponseTable: 'shared-task-results' }),
  },
  {
    name: 'no captured responses, remote task functions',
    group: 3,
    input: makeInput({}, { tasks: { captureResponse: false, remoteFunctions: [{ name: 'mailer' }, { name: 'arn:aws:lambda:eu-west-1:123456789012:function:x' }] } }),
  },
  {
    name: 'dead letter to an SNS topic',
    group: 1,
    input: makeInput({ deadLetterArn: 'arn:aws:sns:us-east-1:123456789012:failures' }),
  },
  {
    name: 'dead letter to an SQS queue, remote env in S3',
    group: 2,
    input: makeInput({ deadLetterArn: 'arn:aws:sqs:us-east-1:123456789012:failures', remoteEnv: 's3://config-bucket/dev/env.json' }),
  },
  {
    name: 'EDGE domain with an auto certificate in us-east-1',
    group: 3,
    input: makeInput({ domain: 'www.example.com', certificate: 'auto', hostedZoneId: 'Z0123456789ABCDEFGHIJ' }),
  },
  {
    name: 'raw resources referencing generated ones',
    group: 1,
    input: makeInput({
      resources: {
        UploadsBucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'quote-api-dev-uploads' } },
        AlarmTopic: { Type: 'AWS::SNS::Topic' },
        ErrorsAlarm: {
          Type: 'AWS::CloudWatch::Alarm',
          Properties: {
            Namespace: 'AWS/Lambda',
            MetricName: 'Errors',
            Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'Function' } }],
            Statistic: 'Sum',
            Period: 60,
            EvaluationPeriods: 1,
            Threshold: 1,
            ComparisonOperator: 'GreaterThanOrEqualToThreshold',
            AlarmActions: [{ Ref: 'AlarmTopic' }],
          },
        },
      },
    }),
  },
  {
    name: 'reserved concurrency, artifact retention, no tasks',
    group: 3,
    input: makeInput({ reservedConcurrency: 50, provisionedConcurrency: 5, artifactRetentionDays: null }, { tasks: { defined: false } }),
  },
  {
    name: 'stream failure handling to given targets, SQS without partial batches, task topic with a customer key',
    group: 1,
    input: makeInput({
      asyncSource: 'sns',
      asyncTopicKmsKey: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      events: [
        source('sqs', 'arn:aws:sqs:us-east-1:123456789012:orders', { reportBatchItemFailures: false }),
        source('kinesis', 'arn:aws:kinesis:us-east-1:123456789012:stream/orders', {
          maximumRetryAttempts: 0,
          bisectBatchOnFunctionError: false,
          maximumRecordAgeInSeconds: 3600,
          onFailure: 'arn:aws:sns:us-east-1:123456789012:stream-failures',
          reportBatchItemFailures: false,
        }),
        source('dynamodb', 'arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2025-01-01T00:00:00.000', {
          maximumRetryAttempts: 10,
          onFailure: 'arn:aws:sqs:us-east-1:123456789012:stream-failures',
        }),
      ],
    }),
  },
  {
    name: 'task topic with a customer key alias, stream failures kept nowhere',
    group: 2,
    input: makeInput({
      asyncSource: 'sns',
      asyncTopicKmsKey: 'alias/tasks',
      events: [source('kinesis', 'arn:aws:kinesis:us-east-1:123456789012:stream/clicks', { onFailure: null, maximumRetryAttempts: -1 })],
    }),
  },
  {
    name: 'canary rollout through CodeDeploy with alarms, tags',
    group: 3,
    input: makeInput({
      tags: { team: 'quotes' },
      deployment: { strategy: 'Canary10Percent5Minutes', alarms: ['quote-api-dev-errors', 'quote-api-dev-latency'] },
    }),
  },
  {
    name: 'linear rollout through CodeDeploy without alarms, provisioned concurrency',
    group: 1,
    input: makeInput({ provisionedConcurrency: 1, deployment: { strategy: 'Linear10PercentEvery10Minutes', alarms: [] } }),
  },
  {
    name: 'encrypted large cache',
    group: 2,
    input: makeInput({ cacheClusterEnabled: true, cacheClusterSize: '237', cacheClusterTtl: 0, cacheClusterEncrypted: true }),
  },
  {
    name: 'schedules in time zones (EventBridge Scheduler) beside a plain rule',
    group: 1,
    input: makeInput({
      tags: { team: 'quotes' },
      events: [
        { ...schedule('berlin-morning', 'cron(0 9 ? * MON-FRI *)'), timezone: 'Europe/Berlin' },
        { ...schedule('flexible', 'rate(1 hour)'), flexibleWindow: 15, startDate: '2027-03-01T08:00:00.000Z', endDate: '2027-12-31T23:59:59.000Z' },
        { ...schedule('paused-in-new-york', 'cron(30 6 L * ? *)', false), timezone: 'America/New_York' },
        schedule('plain', 'rate(1 day)'),
      ],
    }),
  },
  {
    name: 'structured JSON logs with levels',
    group: 2,
    input: makeInput({ logFormat: 'JSON', applicationLogLevel: 'DEBUG', systemLogLevel: 'WARN' }),
  },
  {
    name: 'JSON logs in a log group outside the stack',
    group: 3,
    input: makeInput({ logFormat: 'JSON' }, { existingLogGroup: true }),
  },
  {
    name: 'API stage: INFO execution logs, detailed metrics, own access log format, a tight throttle',
    group: 1,
    input: makeInput({
      executionLogging: 'INFO',
      detailedMetrics: true,
      accessLogging: { format: '{"requestId":"$context.requestId","status":"$context.status"}' },
      throttle: { rateLimit: 12.5, burstLimit: 25 },
    }),
  },
  {
    name: 'API stage without access or execution logs and without a stage throttle',
    group: 2,
    input: makeInput({ accessLogging: false, executionLogging: 'off', throttle: false }),
  },
  {
    name: 'HTTP API: REQUEST authorizer in the stage function, cors, own access log format, tags',
    group: 3,
    input: makeInput({
      apiType: 'http',
      tags: { team: 'quotes' },
      cors: { ...CORS_DEFAULT, allowOrigins: ['https://app.example.com'], allowCredentials: true, maxAge: 600 },
      accessLogging: { format: '{"requestId":"$context.requestId","route":"$context.routeKey"}' },
      throttle: { rateLimit: 50, burstLimit: 100 },
      authorizer: {
        function: 'src/auth.ts:default',
        arn: null,
        type: 'REQUEST',
        resultTtl: 300,
        tokenHeader: 'Authorization',
        validationExpression: null,
        identitySources: ['method.request.header.Authorization'],
      },
    }),
  },
  {
    name: 'HTTP API: JWT authorizer, no access logs, no throttle',
    group: 1,
    input: makeInput({ apiType: 'http', jwtAuthorizer: { issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI', audience: ['web-client'] }, accessLogging: false, throttle: false }),
  },
  {
    name: 'HTTP API: IAM authorization, detailed metrics, default cors',
    group: 2,
    input: makeInput({ apiType: 'http', iamAuthorization: true, detailedMetrics: true, cors: CORS_DEFAULT }),
  },
  {
    name: 'HTTP API: custom domain with an auto certificate and a base path',
    group: 3,
    input: makeInput({ apiType: 'http', awsRegion: 'eu-west-1', domain: 'api.example.com', certificate: 'auto', hostedZoneId: 'Z0123456789ABCDEFGHIJ', basePath: 'v1', tags: { team: 'quotes' } }),
  },
  {
    name: 'Function URL: public, cors',
    group: 3,
    input: makeInput({ apiType: 'url', cors: CORS_DEFAULT }),
  },
  {
    name: 'Function URL: IAM, response streaming',
    group: 1,
    input: makeInput({ apiType: 'url', iamAuthorization: true, responseStreaming: true, timeoutSeconds: 900 }),
  },
];

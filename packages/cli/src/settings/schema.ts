/**
 * The schema of one stage as written in a settings file (zod 4).
 *
 * Every key is optional here: a stage may get any key from the stage it `extends`, and
 * defaults are filled in afterwards (./defaults.ts). `null` clears a key inherited through
 * `extends`. Objects are strict: an unknown key is an error, with a "did you mean".
 *
 * Why zod: its issues carry the key path, the expected type and (with `reportInput`) what was
 * found, which is exactly what our one-line errors need; it infers the TypeScript type that
 * `defineConfig` exposes to typed configs; and it is the most widely kept of the three.
 */
import { z } from 'zod';
import { CronSyntaxError } from '../serve/aws-cron.js';
import { parseScheduleExpression } from '../serve/schedule-expression.js';
import { ARN, ENVIRONMENT_VARIABLE_NAME, eventSourceKind } from './arns.js';
import { accessLogFormatProblem } from '@tsappa/templates';
import { deploymentOptions } from './deployment-options.js';
import { APPLICATION_LOG_LEVELS, LOG_FORMATS, SYSTEM_LOG_LEVELS } from './log-options.js';
import { flexibleWindow, scheduleDate, scheduleTimeZone } from './schedule-options.js';

const FUNCTION_REF = /^[^:\s]+(?::[A-Za-z_$][\w$]*)?$/;
export const functionRef = z
  .string()
  .regex(FUNCTION_REF, { message: 'expected a function reference "path/to/module.ts:exportName"' });

/** Checked by the same AWS-dialect parser `serve` schedules with, so what passes here EventBridge takes. */
export const scheduleExpression = z.string().superRefine((value, ctx) => {
  try {
    parseScheduleExpression(value);
  } catch (error) {
    const reason = error instanceof CronSyntaxError ? error.message : String(error);
    ctx.addIssue({
      code: 'custom',
      input: value,
      message: `expected "rate(N minutes|hours|days)" or an AWS "cron(min hour day-of-month month day-of-week year)" (${reason})`,
    });
  }
});

export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const int = (min: number, max: number) => z.number().int().min(min).max(max);
/** A KMS key as SNS's KmsMasterKeyId takes it: key ARN, alias ARN, alias name or key id. */
const KMS_KEY_FORMS = [
  /^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/,
  /^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:alias\/[\w/-]+$/,
  /^alias\/[\w/-]+$/,
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  /^mrk-[0-9a-f]{32}$/,
];
const stringList = z.array(z.string().min(1));
const stringMap = z.record(z.string(), z.string());

/**
 * Lambda environment variables. Names are checked on the object as written (own keys), before
 * zod builds its copy: a key such as "__proto__" would otherwise vanish without a word.
 */
const environmentVariables = z.preprocess(
  (value, ctx) => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const key of Object.keys(value)) {
        if (!ENVIRONMENT_VARIABLE_NAME.test(key)) {
          ctx.issues.push({ code: 'custom', path: [key], input: key, message: 'expected an environment variable name: a letter, then letters, digits and "_"' });
        }
      }
    }
    return value;
  },
  z.record(z.string(), z.string()),
);

const policyStatement = z
  .object({
    Sid: z.string().optional(),
    Effect: z.enum(['Allow', 'Deny']),
    Action: z.union([z.string(), z.array(z.string()).min(1)]),
    Resource: z.unknown(),
    Condition: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const cloudFormationResource = z
  .object({
    Type: z.string().regex(/^(AWS|Custom|Alexa)::/, { message: 'expected a CloudFormation type such as "AWS::DynamoDB::Table"' }),
    Properties: z.record(z.string(), z.unknown()).optional(),
    DependsOn: z.union([z.string(), z.array(z.string())]).optional(),
    Condition: z.string().optional(),
    DeletionPolicy: z.enum(['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot']).optional(),
    UpdateReplacePolicy: z.enum(['Delete', 'Retain', 'Snapshot']).optional(),
    Metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const corsObject = z
  .object({
    allowOrigins: stringList.min(1).optional(),
    allowHeaders: stringList.optional(),
    allowMethods: stringList.optional(),
    allowCredentials: z.boolean().optional(),
    maxAge: int(0, 86_400).optional(),
  })
  .strict();

const usagePlan = z
  .object({
    throttle: z
      .object({ rateLimit: z.number().positive(), burstLimit: z.number().int().positive() })
      .strict()
      .optional(),
    quota: z
      .object({ limit: z.number().int().positive(), period: z.enum(['DAY', 'WEEK', 'MONTH']) })
      .strict()
      .optional(),
  })
  .strict();

/** `accessLogging`: on (the default format), off, or `{ format }` with $context variables. */
const accessLogging = z.union(
  [
    z.boolean(),
    z
      .object({
        format: z.string().superRefine((format, ctx) => {
          const problem = accessLogFormatProblem(format);
          if (problem) ctx.addIssue({ code: 'custom', input: format, message: problem });
        }),
      })
      .strict(),
  ],
  { error: 'expected true, false or { format: "...$context.requestId..." }' },
);

/**
 * `throttle`: the stage-wide token bucket, or false for the account's alone. The checks inside
 * the object are refinements, so a bad value is reported at `throttle.rateLimit` or
 * `throttle.burstLimit`; a wrong shape gets the union's message.
 */
const stageThrottle = z.union(
  [
    z.literal(false),
    z
      .object({
        rateLimit: z.number().positive(),
        burstLimit: z
          .number()
          .min(0)
          .refine(Number.isInteger, { message: 'expected a whole number of requests, 0 or more' }),
      })
      .strict(),
  ],
  { error: 'expected false or { rateLimit: requests per second above 0, burstLimit: a whole number of requests, 0 or more }' },
);

const authorizer = z
  .object({
    function: functionRef.optional(),
    arn: z.string().regex(ARN.lambdaFunction, { message: 'expected a Lambda function ARN "arn:aws:lambda:<region>:<account>:function:<name>"' }).optional(),
    type: z.enum(['TOKEN', 'REQUEST']).optional(),
    resultTtl: int(0, 3600).optional(),
    tokenHeader: z.string().min(1).optional(),
    validationExpression: z.string().optional(),
    identitySources: stringList.optional(),
    // how `tsappa serve` answers for an `arn` authorizer (never deployed)
    local: z
      .union([z.enum(['allow', 'deny']), z.object({ function: functionRef }).strict()], {
        error: 'expected "allow", "deny" or { "function": "path/to/module.ts:exportName" } (how tsappa serve answers for authorizer.arn)',
      })
      .optional(),
  })
  .strict();

/** `jwtAuthorizer` (apiType "http"): the issuer's URL and the accepted audiences. */
const jwtAuthorizer = z
  .object({
    issuer: z.string().regex(/^https:\/\/[^\s]+$/, { message: 'expected the token issuer\'s https URL, e.g. "https://cognito-idp.us-east-1.amazonaws.com/<user pool id>"' }),
    audience: z.array(z.string().min(1)).min(1),
  })
  .strict();

const scheduleEvent = z
  .object({
    function: functionRef,
    expression: scheduleExpression,
    name: z.string().regex(/^[\w.-]+$/, { message: 'expected letters, digits, ".", "-" or "_"' }).optional(),
    enabled: z.boolean().optional(),
    // any of these makes the schedule an EventBridge Scheduler schedule (./schedule-options.ts)
    timezone: scheduleTimeZone.optional(),
    flexibleWindow: flexibleWindow.optional(),
    startDate: scheduleDate.optional(),
    endDate: scheduleDate.optional(),
  })
  .strict();

const sourceEvent = z
  .object({
    function: functionRef,
    eventSource: z
      .object({
        arn: z.string().refine((arn) => eventSourceKind(arn) !== null, {
          message:
            'expected the ARN of an S3 bucket (arn:aws:s3:::bucket), SNS topic, SQS queue, DynamoDB stream (…:table/<name>/stream/<label>) or Kinesis stream (…:stream/<name>)',
        }),
        events: stringList.optional(),
        batchSize: int(1, 10_000).optional(),
        startingPosition: z.enum(['LATEST', 'TRIM_HORIZON']).optional(),
        filterPatterns: z.array(z.unknown()).optional(),
        // failure handling (DynamoDB and Kinesis streams; reportBatchItemFailures also SQS)
        maximumRetryAttempts: int(-1, 10_000).optional(),
        bisectBatchOnFunctionError: z.boolean().optional(),
        maximumRecordAgeInSeconds: z
          .number()
          .int()
          .refine((age) => age === -1 || (age >= 60 && age <= 604_800), { message: 'expected -1 (the stream\'s retention) or 60-604800 seconds' })
          .optional(),
        onFailure: z
          .string()
          .refine((target) => target === 'queue' || ARN.sqsQueue.test(target) || ARN.snsTopic.test(target), {
            message: 'expected "queue" (the stage\'s failure queue) or an SQS queue or SNS topic ARN',
          })
          .nullable()
          .optional(),
        reportBatchItemFailures: z.boolean().optional(),
      })
      .strict(),
  })
  .strict();

export const stageEvent = z.union([scheduleEvent, sourceEvent], {
  error: 'expected { function, expression } for a schedule or { function, eventSource: { arn } } for an event source',
});

export const stageSchema = z
  .object({
    extends: z.string().optional(),

    // Core and packaging
    app: functionRef.optional(),
    appType: z.enum(['auto', 'fastify-plugin']).optional(),
    projectName: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, { message: 'expected letters, digits and "-" (it prefixes every AWS name)' })
      .max(50)
      .optional(),
    awsRegion: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { message: 'expected an AWS region such as "us-east-1"' }).optional(),
    profile: z.string().min(1).nullable().optional(),
    runtime: z.enum(['nodejs20.x', 'nodejs22.x', 'nodejs24.x']).optional(),
    architecture: z.enum(['x86_64', 'arm64']).optional(),
    memorySize: int(128, 10_240).optional(),
    timeoutSeconds: int(1, 900).optional(),
    provisionedConcurrency: int(0, 10_000).optional(),
    reservedConcurrency: z.number().int().min(0).nullable().optional(),
    ephemeralStorage: int(512, 10_240).optional(),
    s3Bucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'expected an S3 bucket name (3-63 lowercase letters, digits, "." and "-")' })
      .nullable()
      .optional(),
    artifactRetentionDays: int(1, 3650).nullable().optional(),
    bundle: z.boolean().optional(),
    external: stringList.optional(),
    exclude: stringList.optional(),
    include: stringList.optional(),
    slimHandler: z.boolean().optional(),
    environmentVariables: environmentVariables.optional(),
    remoteEnv: z
      .string()
      .regex(/^(s3:\/\/[^/]+\/.+|arn:aws[\w-]*:secretsmanager:.+)$/, {
        message: 'expected "s3://bucket/key.json" or a Secrets Manager secret ARN',
      })
      .nullable()
      .optional(),
    layers: z
      .array(z.string().regex(ARN.lambdaLayerVersion, { message: 'expected a Lambda layer version ARN "arn:aws:lambda:<region>:<account>:layer:<name>:<version>"' }))
      .max(5)
      .optional(),
    tags: stringMap.optional(),
    logRetentionDays: z
      .literal(LOG_RETENTION_DAYS, { error: `expected one of the CloudWatch Logs retention values: ${LOG_RETENTION_DAYS.join(', ')}` })
      .optional(),
    logFormat: z.enum(LOG_FORMATS).optional(),
    applicationLogLevel: z.enum(APPLICATION_LOG_LEVELS).nullable().optional(),
    systemLogLevel: z.enum(SYSTEM_LOG_LEVELS).nullable().optional(),
    role: z.string().regex(/^arn:aws[\w-]*:iam::\d{12}:role\/.+/, { message: 'expected an IAM role ARN' }).nullable().optional(),
    extraPolicies: z.array(policyStatement).optional(),
    exceptionHandler: functionRef.nullable().optional(),
    resources: z.record(z.string().regex(/^[A-Za-z0-9]+$/, { message: 'expected an alphanumeric logical id' }), cloudFormationResource).optional(),

    // API Gateway
    apiGateway: z.boolean().optional(),
    apiType: z.enum(['rest', 'http', 'url']).optional(),
    endpointConfiguration: z.enum(['EDGE', 'REGIONAL', 'PRIVATE']).optional(),
    vpcEndpointIds: z.array(z.string().regex(/^vpce-[0-9a-f]+$/, { message: 'expected a VPC endpoint id "vpce-..."' })).optional(),
    binarySupport: z.boolean().optional(),
    cors: z.union([z.boolean(), corsObject], { error: 'expected true, false or { allowOrigins, allowHeaders, allowMethods, allowCredentials, maxAge }' }).optional(),
    cacheClusterEnabled: z.boolean().optional(),
    cacheClusterSize: z
      .union([z.enum(['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237']), z.literal([0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237])], {
        error: 'expected a cache size in GB: 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118 or 237',
      })
      .optional(),
    cacheClusterTtl: int(0, 3600).optional(),
    cacheClusterEncrypted: z.boolean().optional(),
    responseStreaming: z.boolean().optional(),
    accessLogging: accessLogging.optional(),
    executionLogging: z.enum(['off', 'ERROR', 'INFO']).optional(),
    detailedMetrics: z.boolean().optional(),
    throttle: stageThrottle.optional(),

    // Authentication and usage
    apiKeyRequired: z.boolean().optional(),
    apiKey: z.string().min(1).nullable().optional(),
    usagePlan: usagePlan.nullable().optional(),
    iamAuthorization: z.boolean().optional(),
    authorizer: authorizer.nullable().optional(),
    jwtAuthorizer: jwtAuthorizer.nullable().optional(),

    // Schedules and events
    keepWarm: z.boolean().optional(),
    keepWarmExpression: scheduleExpression.optional(),
    events: z.array(stageEvent).optional(),

    // Asynchronous tasks
    asyncSource: z.enum(['lambda', 'sns']).optional(),
    asyncResources: z.boolean().optional(),
    asyncResponseTable: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, { message: 'expected a DynamoDB table name' }).optional(),
    asyncTopicKmsKey: z
      .string()
      .refine((key) => KMS_KEY_FORMS.some((form) => form.test(key)), { message: 'expected a KMS key ARN, an alias ARN, "alias/<name>" or a key id' })
      .optional(),
    taskModules: stringList.optional(),

    // Failure handling, tracing, network
    deadLetterArn: z
      .string()
      .refine((arn) => ARN.sqsQueue.test(arn) || ARN.snsTopic.test(arn), {
        message: 'expected an SQS queue or SNS topic ARN "arn:aws:sqs|sns:<region>:<account>:<name>"',
      })
      .nullable()
      .optional(),
    deadLetter: z.boolean().optional(),
    xrayTracing: z.boolean().optional(),
    vpcConfig: z
      .object({
        subnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]+$/, { message: 'expected a subnet id "subnet-..."' })).min(1),
        securityGroupIds: z.array(z.string().regex(/^sg-[0-9a-f]+$/, { message: 'expected a security group id "sg-..."' })).min(1),
      })
      .strict()
      .nullable()
      .optional(),
    deployment: deploymentOptions.nullable().optional(),

    // Custom domain
    domain: z
      .string()
      .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, { message: 'expected a lowercase domain name such as "api.example.com"' })
      .nullable()
      .optional(),
    certificateArn: z
      .string()
      .regex(/^arn:aws[\w-]*:acm:[a-z0-9-]+:\d{12}:certificate\/.+/, { message: 'expected an ACM certificate ARN' })
      .nullable()
      .optional(),
    certificate: z.literal('auto').nullable().optional(),
    hostedZoneId: z.string().regex(/^Z[A-Z0-9]+$/, { message: 'expected a Route 53 hosted zone id "Z..."' }).nullable().optional(),
    basePath: z.string().regex(/^[\w.-]*$/, { message: 'expected a single path segment without "/" (or "" for the root)' }).optional(),
  })
  .strict();

/** One stage as written in a settings file. */
export type StageInput = z.input<typeof stageSchema>;

/** The whole settings file: stage name -> stage. */
export const STAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** Every key a stage may hold, for "did you mean" and documentation. */
export const STAGE_KEYS: readonly string[] = Object.keys(stageSchema.shape);

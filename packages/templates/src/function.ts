/**
 * The function, its log group, the published version and the `live` alias.
 *
 * Every deployment publishes a version whose description carries a fingerprint of the
 * function's code and configuration: a change to either replaces the `FunctionVersion`
 * resource, which publishes a new version (the old one is retained, so `rollback` can move the
 * alias back to it), and the alias follows.
 */
import { ENV, LIVE_ALIAS } from '@tsappa/runtime/contract';
import { shortHash } from './canonical.js';
import type { Context } from './context.js';
import { LOGICAL_IDS, OUTPUTS } from './ids.js';
import { getAtt, literal, ref, withTags } from './intrinsics.js';
import { functionLoggingConfig } from './logging-config.js';
import { TemplateError, type Fragment } from './model.js';
import { aliasRolloutAttributes } from './rollout.js';
import type { CloudFormationResource } from './settings.js';

/** Lambda's limit on the environment: 4 KB for all keys and values together. */
export const LAMBDA_ENVIRONMENT_LIMIT = 4096;
/** What a value set by CloudFormation (an ARN...) is counted as in the size estimate. */
const INTRINSIC_ESTIMATE = 128;

const RESERVED_PREFIX = 'TSAPPA_';
const ENVIRONMENT_NAME = /^[a-zA-Z][a-zA-Z0-9_]+$/;

/** The function's environment: the user's variables, then tsappa's own. */
export function functionEnvironment(ctx: Context, fromConcerns: Record<string, unknown>): Record<string, unknown> {
  const { settings } = ctx;
  const reserved = Object.keys(settings.environmentVariables).filter((key) => key.startsWith(RESERVED_PREFIX));
  if (reserved.length > 0) {
    throw new TemplateError(`environmentVariables: ${reserved.join(', ')}: names starting with ${RESERVED_PREFIX} are tsappa's own`);
  }
  const invalid = Object.keys(settings.environmentVariables).filter((key) => !ENVIRONMENT_NAME.test(key));
  if (invalid.length > 0) {
    throw new TemplateError(`environmentVariables: ${invalid.join(', ')}: Lambda names are a letter then letters, digits or _ (2 characters at least)`);
  }
  const environment: Record<string, unknown> = {
    // Frameworks read NODE_ENV, and Lambda sets none: without it Express, Koa and the apps their
    // generators make run in development mode, rendering stack traces into error pages. A
    // stage's own NODE_ENV wins.
    NODE_ENV: 'production',
    // no NODE_OPTIONS=--enable-source-maps: the runtime maps stack traces when they are
    // formatted (runtime entry/source-maps.ts), not every module at load
    ...settings.environmentVariables,
    [ENV.stage]: settings.stage,
    [ENV.deploymentBucket]: ctx.artifact.bucket,
    ...fromConcerns,
  };
  let size = 0;
  for (const [key, value] of Object.entries(environment)) {
    size += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : INTRINSIC_ESTIMATE);
  }
  if (size > LAMBDA_ENVIRONMENT_LIMIT) {
    throw new TemplateError(
      `the function's environment is about ${size} bytes; Lambda allows ${LAMBDA_ENVIRONMENT_LIMIT}. Move large configuration to remoteEnv.`,
    );
  }
  return environment;
}

export interface FunctionOptions {
  environment: Record<string, unknown>;
  /** the execution role's ARN (generated role or `settings.role`) */
  roleArn: unknown;
  /** ARN of the dead-letter target, when there is one */
  deadLetterTarget: unknown;
}

export function functionFragment(ctx: Context, options: FunctionOptions): Fragment {
  const { settings, artifact, names } = ctx;
  const properties: Record<string, unknown> = {
    FunctionName: names.function,
    Description: `tsappa: ${settings.projectName} (${settings.stage})`,
    Handler: artifact.handler,
    Runtime: settings.runtime,
    Architectures: [settings.architecture],
    MemorySize: settings.memorySize,
    Timeout: settings.timeoutSeconds,
    EphemeralStorage: { Size: settings.ephemeralStorage },
    Code: { S3Bucket: artifact.bucket, S3Key: artifact.key },
    Role: options.roleArn,
    Environment: { Variables: options.environment },
  };
  if (settings.layers.length > 0) properties.Layers = [...settings.layers];
  if (settings.xrayTracing) properties.TracingConfig = { Mode: 'Active' };
  if (options.deadLetterTarget) properties.DeadLetterConfig = { TargetArn: options.deadLetterTarget };
  if (settings.vpcConfig) {
    properties.VpcConfig = {
      SubnetIds: [...settings.vpcConfig.subnetIds],
      SecurityGroupIds: [...settings.vpcConfig.securityGroupIds],
    };
  }
  const loggingConfig = functionLoggingConfig(ctx);
  if (loggingConfig) properties.LoggingConfig = loggingConfig;
  const functionProperties = withTags(properties, settings.tags);

  // The fingerprint of what a published version freezes: code and configuration. The properties
  // hold references (Ref, GetAtt) to the stack's own resources, whose physical names come from
  // the settings: a renamed task table must publish a version whose environment names it, so the
  // names the references resolve to are part of the fingerprint too.
  const fingerprint = shortHash({
    properties: functionProperties,
    names,
    sha256: artifact.sha256 ?? null,
    slimArchive: artifact.slimArchive ?? null,
  }, 16);
  // Reserved concurrency belongs to the function, not to a version: outside the fingerprint, so
  // changing it publishes nothing. 0 stops every invocation (Lambda throttles them all).
  if (settings.reservedConcurrency !== null) functionProperties.ReservedConcurrentExecutions = settings.reservedConcurrency;

  const logGroup: Record<string, CloudFormationResource> = ctx.existingLogGroup
    ? {}
    : {
        [LOGICAL_IDS.logGroup]: {
          Type: 'AWS::Logs::LogGroup',
          // Kept when the stack goes: `undeploy` removes logs only with --remove-logs. A kept group
          // is passed back as `existingLogGroup` when the stage is created again.
          DeletionPolicy: 'Retain',
          UpdateReplacePolicy: 'Retain',
          Properties: withTags({ LogGroupName: names.logGroup, RetentionInDays: settings.logRetentionDays }, settings.tags),
        },
      };

  return {
    resources: {
      ...logGroup,
      [LOGICAL_IDS.function]: {
        Type: 'AWS::Lambda::Function',
        ...(ctx.existingLogGroup ? {} : { DependsOn: [LOGICAL_IDS.logGroup] }),
        Properties: functionProperties,
      },
      [LOGICAL_IDS.version]: {
        Type: 'AWS::Lambda::Version',
        // Replaced whenever the fingerprint changes; kept, so rollback can serve it again.
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          FunctionName: ref(LOGICAL_IDS.function),
          Description: `tsappa ${fingerprint}`,
        },
      },
      [LOGICAL_IDS.alias]: {
        Type: 'AWS::Lambda::Alias',
        // with `deployment`: stack updates move it through CodeDeploy (rollout.ts)
        ...aliasRolloutAttributes(ctx),
        Properties: {
          FunctionName: ref(LOGICAL_IDS.function),
          FunctionVersion: getAtt(LOGICAL_IDS.version, 'Version'),
          Name: LIVE_ALIAS,
          Description: 'what API Gateway, the schedules and the event sources invoke; rollback moves it',
          // environments initialized ahead of time: the entry loads the app in the init phase
          ...(settings.provisionedConcurrency > 0
            ? { ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: settings.provisionedConcurrency } }
            : {}),
        },
      },
    },
    outputs: {
      [OUTPUTS.functionName]: { Description: 'the Lambda function name', Value: ref(LOGICAL_IDS.function) },
      [OUTPUTS.functionArn]: { Description: 'the Lambda function ARN', Value: getAtt(LOGICAL_IDS.function, 'Arn') },
      [OUTPUTS.aliasArn]: { Description: `the ARN of the "${LIVE_ALIAS}" alias`, Value: ctx.aliasArn },
      [OUTPUTS.functionVersion]: {
        Description: 'the version this deployment published',
        Value: getAtt(LOGICAL_IDS.version, 'Version'),
      },
    },
  };
}

/** `s3://bucket/key` -> the object's ARN (as an `Fn::Sub` string). */
export function s3ObjectArnText(bucket: string, key: string): string {
  return `arn:\${AWS::Partition}:s3:::${literal(bucket)}/${literal(key)}`;
}

/**
 * The API stage's logs: access logs (one JSON line per request) to a log group of the stack,
 * execution logs (API Gateway's own trace, `ERROR` or `INFO`) to the group API Gateway writes
 * to, also created by the stack so it has a retention, and detailed metrics.
 *
 * Both log groups take the stage's `logRetentionDays` and are kept when the stack goes, like
 * the function's. They exist whenever the API does, whether the stage logs or not: a retained
 * group the template dropped would make turning the logs on again fail ("already exists").
 * Their names hold the REST API's id, so a stage deployed again (a new API) never collides with
 * a group kept from before.
 *
 * Logging of either kind needs the account's "CloudWatch log role ARN" in API Gateway's
 * settings; the CLI sets it before deploying (packages/cli/src/deploy/apigateway-account.ts).
 */
import type { Context } from './context.js';
import { LOGICAL_IDS } from './ids.js';
import { getAtt, literal, sub, withTags } from './intrinsics.js';
import type { CloudFormationResource, ResolvedSettings } from './settings.js';

/**
 * The default access log line: who called (ip, IAM caller and user, API key), what (method,
 * resource, path, protocol), the outcome (status, length, latencies, the integration's status
 * and API Gateway's error), and when. `$context` variables of
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html#context-variable-reference
 */
export const DEFAULT_ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  ip: '$context.identity.sourceIp',
  caller: '$context.identity.caller',
  user: '$context.identity.user',
  userAgent: '$context.identity.userAgent',
  apiKeyId: '$context.identity.apiKeyId',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integration.status',
  errorMessage: '$context.error.message',
  errorType: '$context.error.responseType',
  authorizerError: '$context.authorizer.error',
});

/** API Gateway refuses an access log format without one of these (to tell requests apart). */
export const ACCESS_LOG_REQUIRED_VARIABLES = ['$context.requestId', '$context.extendedRequestId'];

export function accessLogFormatProblem(format: string): string | null {
  if (/[\r\n]/.test(format)) return 'expected one line (API Gateway writes one log line per request), found a line break';
  if (!ACCESS_LOG_REQUIRED_VARIABLES.some((v) => format.includes(v))) {
    return `expected the format to hold ${ACCESS_LOG_REQUIRED_VARIABLES.join(' or ')} (API Gateway requires one)`;
  }
  return null;
}

/** The access log group of a stage: `/aws/apigateway/<rest api id>/<stage>/access`. */
export function accessLogGroupName(restApiId: string, stage: string): string {
  return `/aws/apigateway/${restApiId}/${stage}/access`;
}

/** The group API Gateway writes a stage's execution logs to (its own naming). */
export function executionLogGroupName(restApiId: string, stage: string): string {
  return `API-Gateway-Execution-Logs_${restApiId}/${stage}`;
}

/**
 * Whether the stage logs anything through API Gateway (and so needs the account's CloudWatch
 * role). Only REST APIs use that role: an HTTP API delivers its access logs through CloudWatch
 * Logs' own log delivery, and a Function URL has no API logs
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html).
 */
export function stageLogs(settings: Pick<ResolvedSettings, 'apiGateway' | 'apiType' | 'accessLogging' | 'executionLogging'>): boolean {
  return settings.apiGateway && (settings.apiType ?? 'rest') === 'rest' && (settings.accessLogging !== false || settings.executionLogging !== 'off');
}

function retainedLogGroup(ctx: Context, name: unknown): CloudFormationResource {
  return {
    Type: 'AWS::Logs::LogGroup',
    // kept when the stack goes, like the function's logs (`undeploy` asks before removing logs)
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    Properties: withTags({ LogGroupName: name, RetentionInDays: ctx.settings.logRetentionDays }, ctx.settings.tags),
  };
}

export interface StageLogging {
  resources: Record<string, CloudFormationResource>;
  /** properties of the stage */
  stage: Record<string, unknown>;
  /** properties of the stage's `/*` `*` method setting */
  methodSetting: Record<string, unknown>;
  /** log groups the stage writes to: it depends on them */
  dependsOn: string[];
}

export function stageLogging(ctx: Context): StageLogging {
  const { settings } = ctx;
  const result: StageLogging = {
    resources: {
      [LOGICAL_IDS.apiAccessLogGroup]: retainedLogGroup(ctx, sub(accessLogGroupName(`\${${LOGICAL_IDS.restApi}}`, literal(settings.stage)))),
      // the group API Gateway writes execution logs to; created here so that it has a retention
      [LOGICAL_IDS.apiExecutionLogGroup]: retainedLogGroup(ctx, sub(executionLogGroupName(`\${${LOGICAL_IDS.restApi}}`, literal(settings.stage)))),
    },
    stage: {},
    // full request and response bodies (DataTrace) can hold secrets: never turned on
    methodSetting: { MetricsEnabled: settings.detailedMetrics, DataTraceEnabled: false },
    dependsOn: [LOGICAL_IDS.apiAccessLogGroup, LOGICAL_IDS.apiExecutionLogGroup],
  };
  if (settings.accessLogging !== false) {
    result.stage.AccessLogSetting = { DestinationArn: getAtt(LOGICAL_IDS.apiAccessLogGroup, 'Arn'), Format: settings.accessLogging.format };
  }
  if (settings.executionLogging !== 'off') result.methodSetting.LoggingLevel = settings.executionLogging;
  return result;
}

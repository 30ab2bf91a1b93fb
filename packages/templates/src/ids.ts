/**
 * Stable logical ids, output names and the AWS names of a stage's resources.
 *
 * Logical ids never depend on list positions or on other settings: a resource keeps its id for
 * as long as it exists, so an update never replaces what it need not. The only ids that change
 * on purpose are the API deployment's (suffixed by a hash of the API's shape, so any API change
 * gets a fresh deployment).
 */
import { shortHash } from './canonical.js';
import { TemplateError } from './model.js';
import { stackName, type ResolvedSettings, type ScheduleEvent } from './settings.js';

export const LOGICAL_IDS = {
  role: 'ExecutionRole',
  function: 'Function',
  logGroup: 'FunctionLogGroup',
  version: 'FunctionVersion',
  alias: 'FunctionAlias',
  restApi: 'RestApi',
  proxyResource: 'ApiProxyResource',
  rootMethod: 'ApiRootMethod',
  proxyMethod: 'ApiProxyMethod',
  rootOptionsMethod: 'ApiRootOptionsMethod',
  proxyOptionsMethod: 'ApiProxyOptionsMethod',
  gatewayResponse4xx: 'ApiGatewayResponse4XX',
  gatewayResponse5xx: 'ApiGatewayResponse5XX',
  stage: 'ApiStage',
  apiAccessLogGroup: 'ApiAccessLogGroup',
  apiExecutionLogGroup: 'ApiExecutionLogGroup',
  apiPermission: 'ApiInvokePermission',
  apiKey: 'ApiKey',
  usagePlan: 'ApiUsagePlan',
  usagePlanKey: 'ApiUsagePlanKey',
  authorizer: 'ApiAuthorizer',
  authorizerPermission: 'ApiAuthorizerPermission',
  keepWarmRule: 'KeepWarmRule',
  schedulePermission: 'ScheduleInvokePermission',
  asyncTopic: 'AsyncTopic',
  asyncSubscription: 'AsyncTopicSubscription',
  asyncPermission: 'AsyncTopicInvokePermission',
  taskTable: 'TaskTable',
  deadLetterQueue: 'DeadLetterQueue',
  certificate: 'DomainCertificate',
  domainName: 'ApiDomainName',
  basePathMapping: 'ApiBasePathMapping',
  dnsRecord: 'ApiDomainRecord',
  rolloutApplication: 'RolloutApplication',
  rolloutDeploymentGroup: 'RolloutDeploymentGroup',
  rolloutServiceRole: 'RolloutServiceRole',
} as const;

/** Prefixes of generated ids that carry a suffix (a hash or a name). */
export const LOGICAL_ID_PREFIXES = {
  /** + hash of the API's shape */
  deployment: 'ApiDeployment',
  /** + the schedule's name */
  scheduleRule: 'ScheduleRule',
  /** + service + hash of the source ARN (mapping, subscription or permission) */
  eventSource: 'EventSource',
} as const;

/** Names of the stack outputs the deploy, status and invoke commands read. */
export const OUTPUTS = {
  /** `https://<api>.execute-api.<region>.amazonaws.com/<stage>` (with `apiGateway`) */
  apiUrl: 'ApiUrl',
  restApiId: 'RestApiId',
  stageName: 'ApiStageName',
  functionName: 'FunctionName',
  functionArn: 'FunctionArn',
  /** the `live` alias's ARN: what API Gateway and the schedules invoke */
  aliasArn: 'AliasArn',
  /** the version this deployment published */
  functionVersion: 'FunctionVersion',
  /** with `apiKeyRequired`: the created (or bound) API key's id */
  apiKeyId: 'ApiKeyId',
  /** with `asyncSource: sns` */
  asyncTopicArn: 'AsyncTopicArn',
  /** with captured task responses */
  taskTableName: 'TaskTableName',
  /** with `deadLetter` or `deadLetterArn` */
  deadLetterArn: 'DeadLetterArn',
  /** with `domain`: the CloudFront or regional name the domain's DNS record points at */
  domainTargetName: 'DomainTargetName',
  domainTargetHostedZoneId: 'DomainTargetHostedZoneId',
} as const;

export type OutputName = (typeof OUTPUTS)[keyof typeof OUTPUTS];

/** `set-quote_of.day` -> `SetQuoteOfDay` */
export function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/**
 * `prefix` + an alphanumeric form of `name`. When that form is not `name` itself, a hash of
 * `name` follows, so two different names never share an id, whatever else is in the stack.
 */
export function namedLogicalId(prefix: string, name: string): string {
  const readable = pascal(name).slice(0, 200);
  return readable === name ? `${prefix}${readable}` : `${prefix}${readable}${shortHash(name, 8)}`;
}

/** The logical id of a schedule event's rule: by its name, never by its position. */
export function scheduleRuleLogicalId(event: Pick<ScheduleEvent, 'name'>): string {
  return namedLogicalId(LOGICAL_ID_PREFIXES.scheduleRule, event.name);
}

/** The AWS names of a stage's resources (all start with `<projectName>-<stage>`). */
export interface StageNames {
  stack: string;
  function: string;
  logGroup: string;
  restApi: string;
  keepWarmRule: string;
  /** every rule of the stage matches `arn:...:rule/<rulePrefix>*` */
  rulePrefix: string;
  asyncTopic: string;
  deadLetterQueue: string;
  apiKey: string;
  usagePlan: string;
  authorizer: string;
  taskTable: string;
}

const LAMBDA_NAME_MAX = 64;
const RULE_NAME_MAX = 64;

export function stageNames(settings: ResolvedSettings): StageNames {
  const stack = stackName(settings);
  if (stack.length > LAMBDA_NAME_MAX) {
    throw new TemplateError(
      `"${stack}" (<projectName>-<stage>) is ${stack.length} characters; the function name allows ${LAMBDA_NAME_MAX}. Choose a shorter projectName or stage name.`,
    );
  }
  return {
    stack,
    function: stack,
    logGroup: `/aws/lambda/${stack}`,
    restApi: stack,
    keepWarmRule: ruleName(stack, 'keep-warm'),
    rulePrefix: `${stack}-`,
    asyncTopic: `${stack}-async`,
    deadLetterQueue: `${stack}-dlq`,
    apiKey: stack,
    usagePlan: stack,
    authorizer: `${stack}-authorizer`,
    taskTable: settings.asyncResponseTable,
  };
}

/**
 * `<stack>-<suffix>`, at most 64 characters (an EventBridge rule name), keeping the
 * `<stack>-` prefix that the stage's one invoke permission matches.
 */
export function ruleName(stack: string, suffix: string): string {
  const clean = suffix.replace(/[^A-Za-z0-9._-]/g, '-');
  const full = `${stack}-${clean}`;
  if (full.length <= RULE_NAME_MAX) return full;
  const hash = shortHash(clean, 8);
  const room = RULE_NAME_MAX - stack.length - 2 - hash.length;
  if (room < 1) {
    throw new TemplateError(`"${stack}" is too long to name the stage's schedule rules (at most ${RULE_NAME_MAX - 11} characters)`);
  }
  return `${stack}-${clean.slice(0, room)}-${hash}`;
}

/** @tsappa/templates: pure functions from resolved settings to one CloudFormation template. */
export * from './settings.js';
export { renderTemplate } from './render.js';
export {
  TemplateError,
  type ArtifactInput,
  type CloudFormationOutput,
  type CloudFormationTemplate,
  type TasksInput,
  type TemplateInput,
} from './model.js';
export {
  TEMPLATE_BODY_LIMIT,
  TEMPLATE_S3_LIMIT,
  needsS3TemplateUpload,
  serializeTemplate,
  toYaml,
  type SerializeOptions,
  type TemplateFormat,
} from './serialize.js';
export {
  LOGICAL_IDS,
  LOGICAL_ID_PREFIXES,
  OUTPUTS,
  ruleName,
  scheduleRuleLogicalId,
  stageNames,
  type OutputName,
  type StageNames,
} from './ids.js';
export { scheduleRules, SCHEDULE_TARGET_ID, type ScheduleRuleName } from './schedules.js';
export { schedulerSchedules, usesScheduler, SCHEDULE_GROUP, type SchedulerScheduleName } from './scheduler-schedules.js';
export { TASK_TABLE_SCHEMA } from './tasks.js';
export { eventSourceLogicalId } from './eventSources.js';
export { isWildcardAction, POLICY_NAME } from './role.js';
export { LAMBDA_ENVIRONMENT_LIMIT } from './function.js';
export { BINARY_MEDIA_TYPES } from './api.js';
export { ACCESS_LOG_REQUIRED_VARIABLES, DEFAULT_ACCESS_LOG_FORMAT, accessLogFormatProblem, accessLogGroupName, executionLogGroupName, stageLogs } from './stage-logging.js';
export { ACCOUNT_THROTTLE_QUOTA, DEFAULT_STAGE_THROTTLE } from './stage-throttle.js';
export { PREFLIGHT_STATUS, preflightStaticHeaders, staticAllowOrigin } from './cors.js';
export { EDGE_CERTIFICATE_REGION } from './domain.js';
export { reservedLogicalIdReason } from './userResources.js';
export { templateWarnings, API_INTEGRATION_TIMEOUT_SECONDS } from './warnings.js';
export { failureHandlingDefaults, isStream, streamOnlySettings, STREAM_FAILURE_DEFAULTS, FAILURE_QUEUE_ID, type FailureHandling } from './sourceFailures.js';
export { SNS_MANAGED_KEY } from './topicKey.js';
export { API_TYPE_RESTRICTIONS, apiTypeProblems, apiWaitSeconds, type ApiTypeProblem, type ApiTypeRestriction } from './http-api-support.js';
export { API_TYPE_OUTPUTS, FUNCTION_URL_IDS, HTTP_API_IDS, HTTP_API_STAGE } from './http-api-ids.js';
export { HTTP_API_DEFAULT_ACCESS_LOG_FORMAT, httpApiAccessLogGroupName } from './http-api.js';
export { httpIdentitySource, JWT_IDENTITY_SOURCE } from './http-api-auth.js';

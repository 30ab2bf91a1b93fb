/**
 * The generated entry's dispatcher (`createEntry`) and the helpers apps use with it
 * (authorizer policies).
 */
export { createEntry, KEEP_WARM_RESPONSE, mapStackTraces } from './create-entry.js';
export type { PreloadOptions, PreloadOutcome } from './preload.js';
export type { EntryContext, EntryHandler, EntryLambdaHandler, EntryStreamingHandler, EntryHttpOptions, EntryOptions, EntryWebAdapter, AwsLambdaStreaming } from './types.js';
export { InitError, UnknownEventError, FunctionNotFoundError } from './errors.js';
export { classifyEvent, type EventKind, type RecordService } from './classify.js';
export {
  allow,
  deny,
  authorizerPolicy,
  apiWildcardArn,
  unauthorized,
  type AuthorizerResult,
  type AuthorizerPolicyDocument,
  type AuthorizerContextValue,
  type AuthorizerEventLike,
  type PolicyOptions,
} from './authorizer-policy.js';
export type { BatchItemFailures } from './records.js';
export { extractZip, ZipError } from './zip.js';

/**
 * `exceptionHandler`: called with (error, event, context) for any unhandled error of an
 * invocation, failed tasks included. A truthy return swallows the error: the invocation succeeds
 * (no Lambda retry) with a neutral answer for its kind.
 */
import type { EventKind } from './classify.js';
import { resolveFunction } from './refs.js';
import type { EntryRuntime } from './runtime.js';
import { runtimeLog } from '../log-line.js';

/** The Lambda request id of an invocation's context, when it has one. */
function requestIdOf(context: unknown): string | undefined {
  const id = (context as { awsRequestId?: unknown } | null)?.awsRequestId;
  return typeof id === 'string' ? id : undefined;
}

/** What a swallowed error answers, per event kind. */
export function swallowedResponse(kind: EventKind): unknown {
  if (kind.kind === 'http') {
    return { statusCode: 500, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Internal Server Error', isBase64Encoded: false };
  }
  if (kind.kind === 'records' && (kind.service === 'sqs' || kind.service === 'dynamodb' || kind.service === 'kinesis')) {
    return { batchItemFailures: [] };
  }
  return null;
}

/**
 * Give the error to the stage's exceptionHandler. Resolves with the answer when it was
 * swallowed; rejects with the original error otherwise (or when the handler itself fails).
 */
export async function handleException(runtime: EntryRuntime, kind: EventKind, error: unknown, event: unknown, context: unknown): Promise<unknown> {
  const ref = runtime.config.exceptionHandler;
  if (!ref) throw error;
  let swallow: unknown;
  try {
    const handler = resolveFunction(runtime.modules, ref, 'exceptionHandler');
    swallow = await handler(error, event, context);
  } catch (handlerError) {
    runtimeLog('ERROR', `the exceptionHandler ${ref} failed`, { requestId: requestIdOf(context), error: handlerError });
    throw error;
  }
  if (!swallow) throw error;
  runtimeLog('ERROR', `error swallowed by the exceptionHandler ${ref}`, { requestId: requestIdOf(context), error });
  return swallowedResponse(kind);
}

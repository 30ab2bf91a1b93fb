/**
 * The buffered path, `(event, context) → result`: the app writes into a buffer; the result is
 * shaped for the integration once the response is complete. Never rejects for HTTP events.
 */
import type { Adapter } from './adapter.js';
import { appTarget } from './adapter.js';
import type { Encoded } from './buffered-body.js';
import { BufferedBody, encodeChunks } from './buffered-body.js';
import { withDeadline } from './deadline.js';
import type { HttpEventSource, HttpResult, LambdaContext } from './events.js';
import { INTERNAL_ERROR, errorResult, logBadEvent, logFailure, notHttpEvent, tooLarge } from './failures.js';
import { callFetchApp, headFromResponse } from './fetch-app.js';
import type { Invocation } from './invocation.js';
import { MAX_BUFFERED_RESPONSE_BYTES, appTimeout } from './limits.js';
import { NodeExchange } from './node-exchange.js';
import type { RequestParts } from './request.js';
import { translateRequest } from './request.js';
import type { ResultContext } from './response.js';
import { EMPTY_BODY, formatResult } from './response.js';
import type { ResponseHead } from './response-head.js';
import { mayHaveBody } from './response-head.js';
import { detectSource } from './source.js';

/** Shapes a buffered response, or the error response when it is over Lambda's 6 MB limit. */
function finish(source: HttpEventSource, head: ResponseHead, encoded: Encoded, ctx: ResultContext): HttpResult {
  if ('tooLarge' in encoded) return tooLarge(source, encoded.tooLarge, ctx);
  const result = formatResult(source, head, encoded, ctx);
  // Near the limit, measure the payload exactly (JSON escaping, headers).
  if (encoded.body.length > MAX_BUFFERED_RESPONSE_BYTES - 64 * 1024) {
    const bytes = Buffer.byteLength(JSON.stringify(result));
    if (bytes > MAX_BUFFERED_RESPONSE_BYTES) return tooLarge(source, bytes, ctx);
  }
  return result;
}

/** Awaits the app's `waitUntil` work, logging failures. */
export async function awaitWaits(waits: Promise<unknown>[], ctx: ResultContext): Promise<void> {
  if (waits.length === 0) return;
  for (const result of await Promise.allSettled(waits)) {
    if (result.status === 'rejected') ctx.logger.error('a waitUntil() task failed', { requestId: ctx.requestId, error: result.reason });
  }
}

export async function respondBuffered(adapter: Adapter, event: unknown, context: LambdaContext | undefined): Promise<HttpResult> {
  const source = detectSource(event);
  if (source === undefined) throw notHttpEvent();
  const ctx: ResultContext = { logger: adapter.logger, requestId: context?.awsRequestId };
  let parts: RequestParts;
  try {
    parts = translateRequest(event, source, adapter.basePath);
  } catch (error) {
    logBadEvent(error, ctx);
    return errorResult(source, INTERNAL_ERROR, ctx);
  }
  const target = adapter.loader.target ?? (await appTarget(adapter, ctx));
  if (target === undefined) return errorResult(source, INTERNAL_ERROR, ctx);

  const invocation: Invocation = { event, context: context ?? {} };
  const timeoutMs = appTimeout(context, adapter.marginMs);
  try {
    if (target.kind === 'node') {
      const body = new BufferedBody();
      const outcome = await new NodeExchange(parts, invocation, body, ctx).run(target.listener, invocation, timeoutMs);
      const head = body.sentHead;
      if (!outcome.ok || head === undefined) {
        if (!outcome.ok) logFailure(outcome, parts, ctx);
        return errorResult(source, INTERNAL_ERROR, ctx);
      }
      const encoded = mayHaveBody(parts.method, head.statusCode) ? body.encode(adapter.isBinary, head.headers) : EMPTY_BODY;
      return finish(source, head, encoded, ctx);
    }

    const waits: Promise<unknown>[] = [];
    const fetched = await withDeadline(
      callFetchApp(target.fetch, parts, invocation, waits).then(async (response) => {
        const head = headFromResponse(response);
        if (response.body === null || !mayHaveBody(parts.method, head.statusCode)) {
          await response.body?.cancel();
          return { head, encoded: EMPTY_BODY as Encoded };
        }
        const bytes = Buffer.from(await response.arrayBuffer());
        return { head, encoded: encodeChunks([bytes], false, adapter.isBinary, head.headers) };
      }),
      timeoutMs,
    );
    await awaitWaits(waits, ctx);
    if (!fetched.ok) {
      logFailure(fetched, parts, ctx);
      return errorResult(source, INTERNAL_ERROR, ctx);
    }
    return finish(source, fetched.value.head, fetched.value.encoded, ctx);
  } catch (error) {
    // Not expected (the paths above settle rather than throw), but the promise must not reject.
    logFailure({ ok: false, reason: 'error', error }, parts, ctx);
    return errorResult(source, INTERNAL_ERROR, ctx);
  }
}

/**
 * The streaming path, `(event, responseStream, context)`: the head goes out as Lambda's HTTP
 * prelude, the body as the app writes it. Integrations that cannot stream (HTTP API, ALB)
 * invoke synchronously: they get the buffered result, written as the payload.
 */
import type { Writable } from 'node:stream';
import type { Adapter } from './adapter.js';
import { appTarget } from './adapter.js';
import { withDeadline } from './deadline.js';
import type { LambdaContext } from './events.js';
import { INTERNAL_ERROR, errorBody, errorHead, logBadEvent, logFailure, notHttpEvent } from './failures.js';
import { callFetchApp, headFromResponse } from './fetch-app.js';
import type { Invocation } from './invocation.js';
import { appTimeout } from './limits.js';
import { NodeExchange } from './node-exchange.js';
import type { RequestParts } from './request.js';
import { translateRequest } from './request.js';
import { awaitWaits, respondBuffered } from './respond-buffered.js';
import type { ResultContext } from './response.js';
import { mayHaveBody } from './response-head.js';
import { detectSource } from './source.js';
import { StreamedBody } from './streaming.js';

export async function respondStreaming(
  adapter: Adapter,
  event: unknown,
  responseStream: Writable,
  context: LambdaContext | undefined,
): Promise<void> {
  const source = detectSource(event);
  if (source === undefined) throw notHttpEvent();
  if (source !== 'function-url' && source !== 'rest-v1') {
    const result = await respondBuffered(adapter, event, context);
    await new Promise<void>((resolve) => responseStream.end(JSON.stringify(result), () => resolve()));
    return;
  }
  const ctx: ResultContext = { logger: adapter.logger, requestId: context?.awsRequestId };
  const sink = new StreamedBody(responseStream, source, adapter.streamedHeaders(event));
  const fail = (): void => {
    if (sink.started) return; // the status is out already: end what was sent
    sink.head(errorHead(500));
    sink.write(errorBody(INTERNAL_ERROR), undefined);
  };
  let parts: RequestParts;
  try {
    parts = translateRequest(event, source, adapter.basePath);
  } catch (error) {
    logBadEvent(error, ctx);
    fail();
    return sink.end();
  }
  const target = adapter.loader.target ?? (await appTarget(adapter, ctx));
  const invocation: Invocation = { event, context: context ?? {} };
  const timeoutMs = appTimeout(context, adapter.marginMs);
  try {
    if (target === undefined) {
      fail();
    } else if (target.kind === 'node') {
      const outcome = await new NodeExchange(parts, invocation, sink, ctx).run(target.listener, invocation, timeoutMs);
      if (!outcome.ok) {
        logFailure(outcome, parts, ctx);
        fail();
      }
    } else {
      const waits: Promise<unknown>[] = [];
      const method = parts.method;
      const outcome = await withDeadline(
        callFetchApp(target.fetch, parts, invocation, waits).then(async (response) => {
          const head = headFromResponse(response);
          sink.head(head);
          if (response.body === null) return;
          if (!mayHaveBody(method, head.statusCode)) return void (await response.body.cancel());
          for await (const chunk of response.body) {
            if (!sink.write(chunk as Uint8Array, undefined)) await sink.drained();
          }
        }),
        timeoutMs,
      );
      await awaitWaits(waits, ctx);
      if (!outcome.ok) {
        logFailure(outcome, parts, ctx);
        fail();
      }
    }
  } catch (error) {
    logFailure({ ok: false, reason: 'error', error }, parts, ctx);
    fail();
  }
  return sink.end();
}

/**
 * `createHandler(app, options)`: the Lambda handler for any Node web app behind API Gateway
 * (REST v1, HTTP API 2.0), Function URLs and ALB. Promise-based only. For HTTP events it never
 * rejects: whatever goes wrong becomes a 500 response and a log line with the request id.
 */
import { STATUS_CODES } from 'node:http';
import type { Writable } from 'node:stream';
import type { AppTarget } from './app.js';
import { AppLoader } from './app.js';
import type { BinaryCheck, BinaryOptions } from './binary.js';
import { createBinaryCheck } from './binary.js';
import type { Encoded } from './buffered-body.js';
import { BufferedBody, encodeChunks } from './buffered-body.js';
import type { EventSource, HttpResult, LambdaContext } from './events.js';
import { callFetchApp, headFromResponse } from './fetch-app.js';
import type { Invocation } from './invocation.js';
import { normalizeBasePath } from './base-path.js';
import type { DeadlineEntry } from './deadline.js';
import { watchdog } from './deadline.js';
import { appTimeout, DEFAULT_DEADLINE_MARGIN_MS, MAX_BUFFERED_RESPONSE_BYTES, tooLargeMessage } from './limits.js';
import type { Logger } from './log.js';
import { consoleLogger } from './log.js';
import { NodeExchange } from './node-exchange.js';
import type { RequestParts } from './request.js';
import { translateRequest } from './request.js';
import type { ResultContext } from './response.js';
import { EMPTY_BODY, formatResult } from './response.js';
import type { ResponseHead } from './response-head.js';
import { mayHaveBody } from './response-head.js';
import type { Outcome } from './sink.js';
import { detectSource } from './source.js';
import { awsLambdaGlobal, StreamedBody } from './streaming.js';

export interface HandlerOptions extends BinaryOptions {
  /** a path prefix the app does not know about, removed from every request path (`/api`) */
  basePath?: string;
  /**
   * Stream responses as the app writes them (Function URLs, REST APIs in STREAM mode). The
   * handler is wrapped with `awslambda.streamifyResponse` when that global exists (inside
   * Lambda); elsewhere responses are buffered.
   */
  responseStreaming?: boolean;
  /** where problems are reported (default: console) */
  logger?: Logger;
  /** milliseconds kept back from the Lambda deadline to answer 500 in time (default 500) */
  deadlineMarginMs?: number;
}

/** Options that cannot turn streaming on: `createHandler` then returns a buffered handler. */
export type BufferedHandlerOptions = Omit<HandlerOptions, 'responseStreaming'> & { responseStreaming?: false };

/** A buffered HTTP handler: `(event, context) → result`. */
export interface BufferedHttpHandler {
  (event: unknown, context?: LambdaContext): Promise<HttpResult>;
  readonly streaming: false;
}

/** A streaming HTTP handler: `(event, responseStream, context)`, the shape `streamifyResponse` takes. */
export interface StreamingHttpHandler {
  (event: unknown, responseStream: Writable, context?: LambdaContext): Promise<void>;
  readonly streaming: true;
}

export type HttpHandler = BufferedHttpHandler | StreamingHttpHandler;

interface Config {
  basePath: string;
  isBinary: BinaryCheck;
  logger: Logger;
  marginMs: number;
}

const resolveConfig = (options: HandlerOptions): Config => ({
  basePath: normalizeBasePath(options.basePath),
  isBinary: createBinaryCheck(options),
  logger: options.logger ?? consoleLogger,
  marginMs: options.deadlineMarginMs ?? DEFAULT_DEADLINE_MARGIN_MS,
});

const notHttp = (): TypeError =>
  new TypeError(
    'tsappa: the HTTP handler received an event that is not an HTTP request ' +
      '(API Gateway REST or HTTP API, Function URL, or ALB); route other events elsewhere (see isHttpEvent)',
  );

const errorHead = (statusCode: number): ResponseHead => ({
  statusCode,
  statusMessage: STATUS_CODES[statusCode] ?? '',
  headers: { 'content-type': 'application/json' },
});

const errorBody = (message: string): string => JSON.stringify({ message });

function errorResult(source: EventSource, message: string, ctx: ResultContext): HttpResult {
  return formatResult(source, errorHead(500), { body: errorBody(message), isBase64Encoded: false }, ctx);
}

/** Logs a failed outcome, naming the request. */
function logFailure(outcome: Exclude<Outcome, { ok: true }>, parts: RequestParts, ctx: ResultContext): void {
  const what = `${parts.method} ${parts.url}`;
  const requestId = ctx.requestId;
  if (outcome.reason === 'timeout') {
    ctx.logger.error(`request ${requestId ?? '-'}: the app did not finish its response to ${what} before the Lambda deadline; answered 500`, {
      requestId,
    });
  } else if (outcome.reason === 'destroyed') {
    ctx.logger.error(`request ${requestId ?? '-'}: the app destroyed its response to ${what} before ending it; answered 500`, {
      requestId,
      error: outcome.error,
    });
  } else {
    ctx.logger.error(`request ${requestId ?? '-'}: the app threw while handling ${what}; answered 500`, {
      requestId,
      error: outcome.error,
    });
  }
}

function logInitFailure(error: unknown, ctx: ResultContext): void {
  ctx.logger.error(`request ${ctx.requestId ?? '-'}: the app failed to initialise; answered 500, the next request tries again`, {
    requestId: ctx.requestId,
    error,
  });
}

/** Races `work` against the deadline; never rejects. */
function withDeadline<T>(work: Promise<T>, timeoutMs: number | undefined): Promise<{ ok: true; value: T } | Exclude<Outcome, { ok: true }>> {
  const settled = work.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, reason: 'error' as const, error }),
  );
  if (timeoutMs === undefined) return settled;
  const entry: DeadlineEntry & { resolve?: (outcome: Exclude<Outcome, { ok: true }>) => void } = {
    due: 0,
    expire() {
      this.resolve?.({ ok: false, reason: 'timeout', error: undefined });
    },
  };
  const timeout = new Promise<Exclude<Outcome, { ok: true }>>((resolve) => {
    entry.resolve = resolve;
  });
  watchdog.watch(entry, timeoutMs);
  return Promise.race([settled, timeout]).finally(() => watchdog.unwatch(entry));
}

async function awaitWaits(waits: Promise<unknown>[], ctx: ResultContext): Promise<void> {
  if (waits.length === 0) return;
  for (const result of await Promise.allSettled(waits)) {
    if (result.status === 'rejected') ctx.logger.error('a waitUntil() task failed', { requestId: ctx.requestId, error: result.reason });
  }
}

/** Shapes a buffered response, or the error response when it is over Lambda's 6 MB limit. */
function finishBuffered(source: EventSource, head: ResponseHead, encoded: Encoded, ctx: ResultContext): HttpResult {
  if ('tooLarge' in encoded) return tooLarge(source, encoded.tooLarge, ctx);
  const result = formatResult(source, head, encoded, ctx);
  // Near the limit, measure the payload exactly (JSON escaping, headers).
  if (encoded.body.length > MAX_BUFFERED_RESPONSE_BYTES - 64 * 1024) {
    const bytes = Buffer.byteLength(JSON.stringify(result));
    if (bytes > MAX_BUFFERED_RESPONSE_BYTES) return tooLarge(source, bytes, ctx);
  }
  return result;
}

function tooLarge(source: EventSource, bytes: number, ctx: ResultContext): HttpResult {
  const message = tooLargeMessage(bytes);
  ctx.logger.error(`request ${ctx.requestId ?? '-'}: ${message}`, { requestId: ctx.requestId, bytes, limit: MAX_BUFFERED_RESPONSE_BYTES });
  return errorResult(source, message, ctx);
}

class HttpAdapter {
  private readonly loader: AppLoader;

  constructor(
    app: unknown,
    private readonly config: Config,
  ) {
    this.loader = new AppLoader(app);
  }

  private async target(ctx: ResultContext): Promise<AppTarget | undefined> {
    try {
      return await this.loader.load();
    } catch (error) {
      logInitFailure(error, ctx);
      return undefined;
    }
  }

  /** The buffered path: `(event, context) → result`. */
  async respond(event: unknown, context: LambdaContext | undefined): Promise<HttpResult> {
    const source = detectSource(event);
    if (source === undefined) throw notHttp();
    const config = this.config;
    const ctx: ResultContext = { logger: config.logger, requestId: context?.awsRequestId };
    let parts: RequestParts;
    try {
      parts = translateRequest(event, source, config.basePath);
    } catch (error) {
      ctx.logger.error(`request ${ctx.requestId ?? '-'}: could not read the HTTP request from the event; answered 500`, {
        requestId: ctx.requestId,
        error,
      });
      return errorResult(source, 'Internal Server Error', ctx);
    }
    const target = this.loader.target ?? (await this.target(ctx));
    if (target === undefined) return errorResult(source, 'Internal Server Error', ctx);

    const invocation: Invocation = { event, context: context ?? {} };
    const timeoutMs = appTimeout(context, config.marginMs);
    try {
      if (target.kind === 'node') {
        const body = new BufferedBody();
        const exchange = new NodeExchange(parts, invocation, body, (message, error) =>
          ctx.logger.error(`request ${ctx.requestId ?? '-'}: ${message}`, { requestId: ctx.requestId, error }),
        );
        const outcome = await exchange.run(target.listener, invocation, timeoutMs);
        const head = body.sentHead;
        if (!outcome.ok || head === undefined) {
          if (!outcome.ok) logFailure(outcome, parts, ctx);
          return errorResult(source, 'Internal Server Error', ctx);
        }
        const encoded = mayHaveBody(parts.method, head.statusCode) ? body.encode(config.isBinary, head.headers) : EMPTY_BODY;
        return finishBuffered(source, head, encoded, ctx);
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
          return { head, encoded: encodeChunks([bytes], false, config.isBinary, head.headers) };
        }),
        timeoutMs,
      );
      await awaitWaits(waits, ctx);
      if (!fetched.ok) {
        logFailure(fetched, parts, ctx);
        return errorResult(source, 'Internal Server Error', ctx);
      }
      return finishBuffered(source, fetched.value.head, fetched.value.encoded, ctx);
    } catch (error) {
      // Not expected (the paths above settle rather than throw), but the promise must not reject.
      logFailure({ ok: false, reason: 'error', error }, parts, ctx);
      return errorResult(source, 'Internal Server Error', ctx);
    }
  }

  /** The streaming path: `(event, responseStream, context)`. */
  async stream(event: unknown, responseStream: Writable, context: LambdaContext | undefined): Promise<void> {
    const source = detectSource(event);
    if (source === undefined) throw notHttp();
    if (source !== 'function-url' && source !== 'rest-v1') {
      // HTTP APIs and ALBs do not stream: they invoke synchronously, and the bytes written are the result.
      const result = await this.respond(event, context);
      await new Promise<void>((resolve) => responseStream.end(JSON.stringify(result), () => resolve()));
      return;
    }
    const config = this.config;
    const ctx: ResultContext = { logger: config.logger, requestId: context?.awsRequestId };
    const sink = new StreamedBody(responseStream);
    const fail = (): void => {
      if (sink.started) return; // the status is out already: end what was sent
      sink.head(errorHead(500));
      sink.write(errorBody('Internal Server Error'), undefined);
    };
    let parts: RequestParts;
    try {
      parts = translateRequest(event, source, config.basePath);
    } catch (error) {
      ctx.logger.error(`request ${ctx.requestId ?? '-'}: could not read the HTTP request from the event; answered 500`, {
        requestId: ctx.requestId,
        error,
      });
      fail();
      return sink.end();
    }
    const target = this.loader.target ?? (await this.target(ctx));
    const invocation: Invocation = { event, context: context ?? {} };
    const timeoutMs = appTimeout(context, config.marginMs);
    try {
      if (target === undefined) {
        fail();
      } else if (target.kind === 'node') {
        const exchange = new NodeExchange(parts, invocation, sink, (message, error) =>
          ctx.logger.error(`request ${ctx.requestId ?? '-'}: ${message}`, { requestId: ctx.requestId, error }),
        );
        const outcome = await exchange.run(target.listener, invocation, timeoutMs);
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
}

/**
 * The streaming handler itself, not wrapped: for a dispatcher that is itself wrapped with
 * `awslambda.streamifyResponse` and hands HTTP events over with the response stream.
 */
export function createStreamingHandler(app: unknown, options: HandlerOptions = {}): StreamingHttpHandler {
  const adapter = new HttpAdapter(app, resolveConfig(options));
  const handler = (event: unknown, responseStream: Writable, context?: LambdaContext): Promise<void> =>
    adapter.stream(event, responseStream, context);
  return Object.assign(handler, { streaming: true as const });
}

/**
 * The Lambda handler for `app`. Buffered unless `responseStreaming` is set and the
 * `awslambda.streamifyResponse` global exists, in which case it is the streamified handler.
 * Check `handler.streaming` to tell which.
 */
export function createHandler(app: unknown, options?: BufferedHandlerOptions): BufferedHttpHandler;
export function createHandler(app: unknown, options?: HandlerOptions): HttpHandler;
export function createHandler(app: unknown, options: HandlerOptions = {}): HttpHandler {
  const config = resolveConfig(options);
  const adapter = new HttpAdapter(app, config);
  if (options.responseStreaming) {
    const awslambda = awsLambdaGlobal();
    if (awslambda !== undefined) {
      const handler = (event: unknown, responseStream: Writable, context?: LambdaContext): Promise<void> =>
        adapter.stream(event, responseStream, context);
      return Object.assign(awslambda.streamifyResponse(handler), { streaming: true as const });
    }
    if (process.env.AWS_LAMBDA_FUNCTION_NAME) {
      config.logger.warn('responseStreaming is set but awslambda.streamifyResponse is not available; responses are buffered');
    }
  }
  const handler = (event: unknown, context?: LambdaContext): Promise<HttpResult> => adapter.respond(event, context);
  return Object.assign(handler, { streaming: false as const });
}

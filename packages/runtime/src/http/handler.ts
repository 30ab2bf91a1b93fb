/**
 * `createHandler(app, options)`: the Lambda handler for any Node web app behind API Gateway
 * (REST v1, HTTP API 2.0), Function URLs and ALB. Promise-based only. For HTTP events it never
 * rejects: whatever goes wrong becomes a 500 response and a log line with the request id.
 */
import type { Writable } from 'node:stream';
import type { HandlerOptions } from './adapter.js';
import { createAdapter } from './adapter.js';
import type { HttpResult, LambdaContext } from './events.js';
import { respondBuffered } from './respond-buffered.js';
import { respondStreaming } from './respond-streaming.js';
import { awsLambdaGlobal } from './streaming.js';

export type { HandlerOptions } from './adapter.js';

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

/**
 * The streaming handler itself, not wrapped: for a dispatcher that is itself wrapped with
 * `awslambda.streamifyResponse` and hands HTTP events over with the response stream.
 */
export function createStreamingHandler(app: unknown, options: HandlerOptions = {}): StreamingHttpHandler {
  const adapter = createAdapter(app, options);
  const handler = (event: unknown, responseStream: Writable, context?: LambdaContext): Promise<void> =>
    respondStreaming(adapter, event, responseStream, context);
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
  const adapter = createAdapter(app, options);
  if (options.responseStreaming) {
    const awslambda = awsLambdaGlobal();
    if (awslambda !== undefined) {
      const handler = (event: unknown, responseStream: Writable, context?: LambdaContext): Promise<void> =>
        respondStreaming(adapter, event, responseStream, context);
      return Object.assign(awslambda.streamifyResponse(handler), { streaming: true as const });
    }
    if (process.env.AWS_LAMBDA_FUNCTION_NAME) {
      adapter.logger.warn('responseStreaming is set but awslambda.streamifyResponse is not available; responses are buffered');
    }
  }
  const handler = (event: unknown, context?: LambdaContext): Promise<HttpResult> => respondBuffered(adapter, event, context);
  return Object.assign(handler, { streaming: false as const });
}

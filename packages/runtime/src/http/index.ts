/**
 * The web adapter: any Node web app (a `(req, res)` listener such as Express or Connect, an
 * `http.Server`, Koa, Fastify, a fetch-style app such as Hono, or an async factory of one)
 * behind API Gateway REST (v1), HTTP API (2.0), Lambda Function URLs and ALB.
 */
export { createHandler, createStreamingHandler } from './handler.js';
export type { BufferedHandlerOptions, BufferedHttpHandler, HandlerOptions, HttpHandler, StreamingHttpHandler } from './handler.js';
export { isHttpEvent, detectSource } from './source.js';
export { getInvocation, runWithInvocation, INVOCATION_PROPERTY } from './invocation.js';
export type { Invocation } from './invocation.js';
export type { BinaryOptions } from './binary.js';
export type { Logger } from './log.js';
export type { ExecutionContext, FetchEnv, FetchFunction } from './fetch-app.js';
export type { NodeListener } from './node-exchange.js';
export { MAX_BUFFERED_RESPONSE_BYTES } from './limits.js';
export type {
  AlbEvent,
  AlbResult,
  HttpEventSource,
  HttpApiV2Event,
  HttpEvent,
  HttpResult,
  LambdaContext,
  MultiValueResult,
  RestApiEvent,
  V2Result,
} from './events.js';

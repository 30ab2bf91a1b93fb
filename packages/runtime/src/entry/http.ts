/**
 * HTTP events go to the web adapter's handler for the app, created on the first request: the
 * buffered `(event, context) => result`, or, when the entry is streamified, the unwrapped
 * streaming handler that writes to the response stream.
 */
import type { RuntimeConfig } from '../contract.js';
import * as webAdapter from '../http/index.js';
import { isPreflight, preflightListener, requestOrigin, responseCorsHeaders, withCorsHeaders } from './cors.js';
import type { EntryHttpOptions, EntryLambdaHandler, EntryOptions, EntryStreamingHandler, EntryWebAdapter } from './types.js';

/** The adapter options for the stage's `http` settings (streaming is the entry's business). */
export function httpOptions(config: RuntimeConfig): EntryHttpOptions {
  return { basePath: config.http.basePath, binarySupport: config.http.binarySupport, responseStreaming: false };
}

/**
 * The web adapter: the injected one, or this package's ./http. Every cold start needs it (the
 * dispatcher asks it which events are HTTP requests), so it is a static import, compiled with the
 * entry: a dynamic import made it one more module for Node's ES module loader to resolve, read
 * and link in every cold start (bench/README.md).
 */
export async function loadHttpAdapter(option: EntryOptions['http']): Promise<EntryWebAdapter> {
  if (option && typeof option === 'object') return option;
  if (typeof option === 'function') return option();
  return webAdapter;
}

export interface HttpHandlers {
  buffered(): EntryLambdaHandler;
  streaming(): EntryStreamingHandler;
}

/** With `cors`: preflights answered without the app, CORS headers on every buffered response. */
function withCors(adapter: EntryWebAdapter, app: EntryLambdaHandler, config: RuntimeConfig): EntryLambdaHandler {
  const cors = config.http.cors;
  if (!cors) return app;
  const preflight = adapter.createHandler(preflightListener(cors), httpOptions(config));
  return async (event, context) => (isPreflight(event) ? preflight(event, context) : withCorsHeaders(await app(event, context), event, cors));
}

/** The adapter options of the streaming handler: with `cors`, every streamed response gets the CORS headers too. */
function streamingOptions(config: RuntimeConfig): EntryHttpOptions {
  const cors = config.http.cors;
  if (!cors) return httpOptions(config);
  return { ...httpOptions(config), streamedHeaders: (event) => responseCorsHeaders(cors, requestOrigin(event)) };
}

/** With `cors` and streaming: preflights answered without the app, streamed like any response. */
function withStreamingPreflight(
  adapter: EntryWebAdapter & { createStreamingHandler: NonNullable<EntryWebAdapter['createStreamingHandler']> },
  app: EntryStreamingHandler,
  config: RuntimeConfig,
): EntryStreamingHandler {
  const cors = config.http.cors;
  if (!cors) return app;
  const preflight = adapter.createStreamingHandler(preflightListener(cors), httpOptions(config));
  return (event, responseStream, context) => (isPreflight(event) ? preflight(event, responseStream, context) : app(event, responseStream, context));
}

/** The app's HTTP handlers, each made once when first needed. */
export function lazyHttpHandlers(adapter: EntryWebAdapter, app: unknown, config: RuntimeConfig): HttpHandlers {
  let buffered: EntryLambdaHandler | undefined;
  let streaming: EntryStreamingHandler | undefined;
  const checkApp = () => {
    if (app === undefined || app === null) throw new Error('received an HTTP request, but the package has no app');
  };
  return {
    buffered() {
      checkApp();
      buffered ??= withCors(adapter, adapter.createHandler(app, httpOptions(config)), config);
      return buffered;
    },
    streaming() {
      checkApp();
      const { createStreamingHandler } = adapter;
      if (!createStreamingHandler) throw new Error('the web adapter cannot stream responses (no createStreamingHandler)');
      streaming ??= withStreamingPreflight({ ...adapter, createStreamingHandler }, createStreamingHandler(app, streamingOptions(config)), config);
      return streaming;
    },
  };
}

/** What every invocation of one handler shares: the app (loaded once) and the resolved options. */
import { AppLoader, assertServable } from './app.js';
import type { AppTarget } from './app.js';
import { normalizeBasePath } from './base-path.js';
import type { BinaryCheck, BinaryOptions } from './binary.js';
import { createBinaryCheck } from './binary.js';
import { logInitFailure } from './failures.js';
import { DEFAULT_DEADLINE_MARGIN_MS } from './limits.js';
import type { Logger } from './log.js';
import { consoleLogger } from './log.js';
import type { ResultContext } from './response.js';

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
  /**
   * Headers a streamed response gets unless the app set them itself, per request (the entry's
   * CORS headers; a buffered result gets them from the entry).
   */
  streamedHeaders?: (event: unknown) => Record<string, string>;
}

export interface Adapter {
  readonly loader: AppLoader;
  readonly basePath: string;
  readonly isBinary: BinaryCheck;
  readonly logger: Logger;
  readonly marginMs: number;
  readonly streamedHeaders: (event: unknown) => Record<string, string>;
}

export function createAdapter(app: unknown, options: HandlerOptions): Adapter {
  // refused here, at createHandler time, not on the first request
  assertServable(app);
  return {
    loader: new AppLoader(app),
    basePath: normalizeBasePath(options.basePath),
    isBinary: createBinaryCheck(options),
    logger: options.logger ?? consoleLogger,
    marginMs: options.deadlineMarginMs ?? DEFAULT_DEADLINE_MARGIN_MS,
    streamedHeaders: options.streamedHeaders ?? (() => ({})),
  };
}

/** The app, loaded (or loading); `undefined` when loading failed (logged, retried next time). */
export function appTarget(adapter: Adapter, ctx: ResultContext): AppTarget | Promise<AppTarget | undefined> {
  return (
    adapter.loader.target ??
    adapter.loader.load().catch((error: unknown) => {
      logInitFailure(error, ctx);
      return undefined;
    })
  );
}

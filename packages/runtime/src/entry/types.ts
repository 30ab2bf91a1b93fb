import type { Writable } from 'node:stream';
import type { PreloadOptions, PreloadOutcome } from './preload.js';

/**
 * Types of the entry. The Lambda shapes are minimal structural types (no dependency on
 * @types/aws-lambda in the published declarations).
 */

/** The part of the Lambda context the entry uses. */
export interface EntryContext {
  functionName?: string;
  functionVersion?: string;
  invokedFunctionArn?: string;
  awsRequestId?: string;
  getRemainingTimeInMillis?: () => number;
}

/** A promise-style Lambda handler (Node.js 24 has no callback handlers). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EntryLambdaHandler = (event: any, context: any) => Promise<unknown>;

/**
 * The generated entry's `handler`: `(event, context)`, or `(event, responseStream, context)` when
 * it is streamified (`streaming: true`), plus `ready()` to run the cold start ahead of time.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EntryHandler = ((event: any, ...rest: any[]) => Promise<unknown>) & {
  /** run the cold start now; rejects when it fails */
  ready(): Promise<void>;
  /**
   * Run the cold start now, in Lambda's init phase (the generated entry's top-level await):
   * never rejects (a failure is logged and the next invocation tries again) and waits at most
   * 9 s (then the first invocation waits for the rest). See preload.ts.
   */
  preload(options?: PreloadOptions): Promise<PreloadOutcome>;
  /** wrapped with awslambda.streamifyResponse (responseStreaming inside Lambda) */
  readonly streaming: boolean;
};

/** Options the entry gives the web adapter's `createHandler`. */
export interface EntryHttpOptions {
  basePath?: string;
  /** false: never base64-encode bodies (the API has no binary media types) */
  binarySupport?: boolean;
  responseStreaming?: boolean;
  /** streaming: headers each response gets unless the app set them (CORS) */
  streamedHeaders?: (event: unknown) => Record<string, string>;
}

/** A streaming handler: `(event, responseStream, context)`, the shape `awslambda.streamifyResponse` takes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EntryStreamingHandler = (event: any, responseStream: Writable, context: any) => Promise<void>;

/** The web adapter as the entry uses it (./http exports these). */
export interface EntryWebAdapter {
  /** a buffered handler `(event, context) => result` */
  createHandler(app: unknown, options?: EntryHttpOptions): EntryLambdaHandler;
  /** the unwrapped streaming handler, for an entry that is itself streamified */
  createStreamingHandler?(app: unknown, options?: EntryHttpOptions): EntryStreamingHandler;
  isHttpEvent(event: unknown): boolean;
}

export interface EntryOptions {
  /** the web adapter; default: this package's ./http, a static import of the entry */
  http?: EntryWebAdapter | (() => Promise<EntryWebAdapter>);
  /** where slimHandler extracts the app archive; default: os.tmpdir() */
  tmpDir?: string;
  /** the Lambda runtime's `awslambda` global (for response streaming); default: globalThis.awslambda */
  awslambda?: AwsLambdaStreaming | null;
  /**
   * How long the cold start waits for an app module that exports no app to start its server
   * (async bootstraps such as Nest's); default 8000 ms, inside Lambda's 10 s init phase.
   */
  appStartTimeoutMs?: number;
}

/** The part of the Node.js runtime's `awslambda` global the entry uses. */
export interface AwsLambdaStreaming {
  streamifyResponse<H>(handler: H): H;
}

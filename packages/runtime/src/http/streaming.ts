/**
 * Response streaming (Function URLs in RESPONSE_STREAM mode, REST APIs with
 * `ResponseTransferMode: STREAM`): the head goes out as Lambda's HTTP prelude through
 * `awslambda.HttpResponseStream.from`, then body chunks are piped to the response stream as the
 * app writes them, with backpressure.
 */
import type { Writable } from 'node:stream';
import type { HttpEventSource } from './events.js';
import type { ResponseHead } from './response-head.js';
import { multiValueHeaders } from './response-v1.js';
import { splitCookies } from './response-v2.js';
import type { ResponseSink } from './sink.js';

/** The `awslambda` global the Node.js managed runtime provides. */
export interface AwsLambdaGlobal {
  streamifyResponse<H>(handler: H): H;
  HttpResponseStream?: { from(stream: Writable, prelude: Record<string, unknown>): Writable };
}

export function awsLambdaGlobal(): AwsLambdaGlobal | undefined {
  const value = (globalThis as { awslambda?: AwsLambdaGlobal }).awslambda;
  return typeof value === 'object' && value !== null && typeof value.streamifyResponse === 'function' ? value : undefined;
}

/**
 * The prelude Lambda expects before a streamed HTTP body. Function URLs take `headers` and
 * `cookies`; API Gateway REST APIs take `multiValueHeaders` (Set-Cookie included), as in their
 * buffered results.
 */
export function streamingPrelude(head: ResponseHead, source: HttpEventSource): Record<string, unknown> {
  if (source === 'rest-v1') return { statusCode: head.statusCode, multiValueHeaders: multiValueHeaders(head.headers) };
  const { headers, cookies } = splitCookies(head.headers);
  const prelude: Record<string, unknown> = { statusCode: head.statusCode, headers };
  if (cookies !== undefined && cookies.length > 0) prelude.cookies = cookies;
  return prelude;
}

export class StreamedBody implements ResponseSink {
  private onDrain: (() => void) | undefined = undefined;
  /** the head has been sent: the status can no longer change */
  started = false;
  private wroteBody = false;
  private out: Writable;

  constructor(
    private readonly stream: Writable,
    private readonly source: HttpEventSource,
    /** headers the response gets unless the app set them (lower-case names) */
    private readonly extraHeaders: Record<string, string> = {},
  ) {
    this.out = stream;
  }

  attach(onDrain: () => void): void {
    this.onDrain = onDrain;
  }

  head(head: ResponseHead): void {
    if (this.started) return;
    this.started = true;
    const headers = { ...head.headers };
    for (const [name, value] of Object.entries(this.extraHeaders)) headers[name] ??= value;
    const prelude = streamingPrelude({ ...head, headers }, this.source);
    const from = (globalThis as { awslambda?: AwsLambdaGlobal }).awslambda?.HttpResponseStream?.from;
    if (from) {
      this.out = from(this.stream, prelude);
    } else {
      // The same bytes HttpResponseStream writes: JSON prelude, then eight NUL bytes.
      this.stream.write(JSON.stringify(prelude));
      this.stream.write(new Uint8Array(8));
    }
    this.out.on('drain', () => this.onDrain?.());
  }

  write(chunk: string | Uint8Array, encoding: BufferEncoding | undefined): boolean {
    if (typeof chunk === 'string' ? chunk.length === 0 : chunk.byteLength === 0) return true;
    this.wroteBody = true;
    return encoding === undefined ? this.out.write(chunk) : this.out.write(chunk, encoding);
  }

  /** Waits until the stream can take more. */
  drained(): Promise<void> {
    return new Promise((resolve) => this.out.once('drain', resolve));
  }

  /** Ends the stream (flushing the prelude when there was no body) and waits for it to finish. */
  end(): Promise<void> {
    const out = this.out;
    if (!this.wroteBody && !out.destroyed) out.write('');
    return new Promise((resolve) => {
      if (out.destroyed || out.writableFinished) return resolve();
      out.end(() => resolve());
    });
  }
}

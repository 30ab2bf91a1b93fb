/**
 * The response stream of one invocation of a streaming function (`awslambda.streamifyResponse`),
 * on the host's side: each chunk the container sends is handed to the caller's sink as it comes
 * (the local API Gateway writes it to the client), or, for a caller that invokes synchronously
 * (a schedule, a task, `tsappa invoke --local`), collected into the payload, as Lambda's
 * `Invoke` of a streaming function returns the whole stream.
 *
 * Lambda's caps: a streamed response may carry 200 MB
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-response-streaming.html); a
 * synchronous invocation's payload 6 MB, whatever the handler. Past the cap the invocation fails
 * with `Function.ResponseSizeTooLarge`.
 */
import type { LambdaError } from './function-host.js';

/** Largest response a streaming invocation may send (Lambda's default, 200 MB). */
export const MAX_STREAMED_RESPONSE_BYTES = 200 * 1024 * 1024;

/** Largest synchronous response Lambda returns (6 MB). */
export const MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

/** Where a caller receives a streamed response as the function writes it. */
export interface StreamSink {
  /** once, before the first bytes: the content type the function gave its stream */
  begin(contentType: string): void;
  /** the next bytes; the function's next write waits until the returned promise settles */
  write(bytes: Buffer): void | Promise<void>;
}

export function tooLargeError(limit: number): LambdaError {
  return { errorType: 'Function.ResponseSizeTooLarge', errorMessage: `Response payload size exceeded maximum allowed payload size (${limit} bytes).` };
}

export class InvocationStream {
  /** bytes received so far */
  bytes = 0;
  contentType: string | null = null;
  private readonly collected: Buffer[] = [];

  constructor(private readonly sink: StreamSink | undefined) {}

  /** The cap of this invocation: streamed to a sink, or returned whole. */
  get limit(): number {
    return this.sink ? MAX_STREAMED_RESPONSE_BYTES : MAX_RESPONSE_BYTES;
  }

  /** Takes the next chunk: the error when it passes the cap, else when it is passed on. */
  accept(bytes: Buffer, contentType: string | undefined): { error: LambdaError } | { passed: Promise<void> } {
    if (this.contentType === null) {
      this.contentType = contentType ?? 'application/octet-stream';
      this.sink?.begin(this.contentType);
    }
    if (this.bytes + bytes.length > this.limit) return { error: tooLargeError(this.limit) };
    this.bytes += bytes.length;
    if (!this.sink) {
      this.collected.push(bytes);
      return { passed: Promise.resolve() };
    }
    return { passed: Promise.resolve(this.sink.write(bytes)) };
  }

  /** What a synchronous caller gets: the stream's JSON, or its text when it is not JSON (none with a sink). */
  value(): unknown {
    if (this.sink) return undefined;
    const text = Buffer.concat(this.collected).toString('utf8');
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
}

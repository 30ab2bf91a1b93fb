/**
 * A stand-in for the `awslambda` global of the Lambda Node.js runtime, modelled on the runtime
 * interface client: `streamifyResponse` marks the handler, `HttpResponseStream.from` sets the
 * content type and writes the JSON prelude plus eight NUL bytes before the first body write.
 */
import { Writable } from 'node:stream';

export const STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');

export class FakeResponseStream extends Writable {
  readonly chunks: Buffer[] = [];
  contentType: string | undefined;
  _onBeforeFirstWrite: ((write: (chunk: string | Uint8Array) => void) => void) | undefined;
  private first = true;

  constructor(private readonly options: { highWaterMark?: number; delayMs?: number } = {}) {
    super({ highWaterMark: options.highWaterMark ?? 16 * 1024 });
  }

  setContentType(type: string): void {
    this.contentType = type;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.first) {
      this.first = false;
      this._onBeforeFirstWrite?.((c) => void this.chunks.push(Buffer.from(c)));
    }
    this.chunks.push(Buffer.from(chunk));
    this.emit('chunk', chunk);
    if (this.options.delayMs) setTimeout(callback, this.options.delayMs);
    else callback();
  }

  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  /** The prelude (JSON before the eight NUL bytes) and the body after it. */
  parse(): { prelude: Record<string, unknown> | undefined; body: Buffer } {
    const bytes = this.bytes;
    const at = bytes.indexOf(Buffer.alloc(8));
    if (at === -1) return { prelude: undefined, body: bytes };
    return { prelude: JSON.parse(bytes.subarray(0, at).toString('utf8')) as Record<string, unknown>, body: bytes.subarray(at + 8) };
  }
}

/** Installs the stand-in global; returns the function that removes it. */
export function installAwsLambda(): () => void {
  const g = globalThis as { awslambda?: unknown };
  const previous = g.awslambda;
  g.awslambda = {
    streamifyResponse<H extends object>(handler: H): H {
      (handler as Record<symbol, unknown>)[STREAMING] = 'response';
      return handler;
    },
    HttpResponseStream: {
      from(stream: FakeResponseStream, prelude: Record<string, unknown>): FakeResponseStream {
        stream.setContentType('application/vnd.awslambda.http-integration-response');
        const json = JSON.stringify(prelude);
        stream._onBeforeFirstWrite = (write) => {
          write(json);
          write(new Uint8Array(8));
        };
        return stream;
      },
    },
  };
  return () => {
    g.awslambda = previous;
  };
}

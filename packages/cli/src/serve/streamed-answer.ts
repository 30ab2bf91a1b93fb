/**
 * A streamed integration response (REST `ResponseTransferMode: STREAM`), written to the client
 * as the function writes it. The function's stream, made by `awslambda.HttpResponseStream.from`,
 * starts with the HTTP prelude, `{ statusCode, multiValueHeaders }` (REST) or `{ statusCode,
 * headers, cookies }` (Function URL) as JSON, then eight NUL bytes; everything after is the body,
 * sent to the client with chunked transfer encoding, each piece as it comes.
 *
 * A stream without that content type (the runtime's JSON answer when the app failed before it
 * streamed anything) is a buffered proxy result: it is collected and answered whole by the caller.
 */
import type { ServerResponse } from 'node:http';
import type { StreamSink } from './invocation-stream.js';
import { HTTP_INTEGRATION_CONTENT_TYPE } from './worker-script.js';

/** Headers the gateway sets itself, never copied from the function's answer or prelude. */
export const HOP_BY_HOP = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);
const SEPARATOR_BYTES = 8;

export interface Prelude {
  statusCode: number;
  headers: string[];
}

export class MalformedPreludeError extends Error {
  override readonly name = 'MalformedPreludeError';
}

/** The status and header list of a prelude (REST's multiValueHeaders, or a Function URL's headers and cookies). */
export function parsePrelude(text: string): Prelude {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new MalformedPreludeError('the HTTP prelude is not JSON');
  }
  if (!value || typeof value !== 'object') throw new MalformedPreludeError('the HTTP prelude is not an object');
  const prelude = value as { statusCode?: unknown; headers?: unknown; multiValueHeaders?: unknown; cookies?: unknown };
  const statusCode = prelude.statusCode === undefined ? 200 : Number(prelude.statusCode);
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) throw new MalformedPreludeError(`statusCode ${String(prelude.statusCode)} is not an HTTP status`);
  const headers: string[] = [];
  const add = (name: string, value: unknown) => {
    if (!HOP_BY_HOP.has(name.toLowerCase()) && value !== undefined && value !== null) headers.push(name, String(value));
  };
  if (prelude.multiValueHeaders && typeof prelude.multiValueHeaders === 'object') {
    for (const [name, values] of Object.entries(prelude.multiValueHeaders as Record<string, unknown>)) {
      for (const v of Array.isArray(values) ? values : [values]) add(name, v);
    }
  } else if (prelude.headers && typeof prelude.headers === 'object') {
    for (const [name, v] of Object.entries(prelude.headers as Record<string, unknown>)) add(name, v);
  }
  if (Array.isArray(prelude.cookies)) for (const cookie of prelude.cookies) add('Set-Cookie', cookie);
  return { statusCode, headers };
}

export class StreamedAnswer implements StreamSink {
  /** the status sent to the client, once the head is out */
  status: number | null = null;
  /** body bytes sent to the client */
  bodyBytes = 0;
  private httpIntegration = false;
  private pending: Buffer[] = [];

  constructor(
    private readonly res: ServerResponse,
    /** headers the gateway adds to every answer (x-amzn-RequestId, CORS) */
    private readonly extraHeaders: string[],
  ) {}

  get headSent(): boolean {
    return this.status !== null;
  }

  /** Whether the function sent an HTTP prelude (else its stream is a buffered proxy result). */
  get isHttpIntegration(): boolean {
    return this.httpIntegration;
  }

  begin(contentType: string): void {
    this.httpIntegration = contentType === HTTP_INTEGRATION_CONTENT_TYPE;
  }

  write(bytes: Buffer): Promise<void> | void {
    if (!this.httpIntegration || !this.headSent) {
      this.pending.push(bytes);
      if (!this.httpIntegration) return;
      const held = Buffer.concat(this.pending);
      const end = held.indexOf(0);
      if (end < 0 || held.length < end + SEPARATOR_BYTES) return;
      this.pending = [];
      this.sendHead(parsePrelude(held.subarray(0, end).toString('utf8')));
      bytes = held.subarray(end + SEPARATOR_BYTES);
    }
    return this.sendBody(bytes);
  }

  /** What a stream with no prelude held: the proxy result, as text. */
  collectedText(): string {
    return Buffer.concat(this.pending).toString('utf8');
  }

  /** The function finished: ends the chunked body. */
  end(): void {
    this.res.end();
  }

  /** The function failed mid-stream: the client sees the response cut short, as from API Gateway. */
  abort(): void {
    this.res.destroy();
  }

  private sendHead(prelude: Prelude): void {
    this.status = prelude.statusCode;
    this.res.writeHead(prelude.statusCode, [...prelude.headers, ...this.extraHeaders]);
    this.res.flushHeaders();
  }

  private sendBody(bytes: Buffer): Promise<void> | void {
    if (bytes.length === 0) return;
    // the client went away: the function may write on (as deployed), its bytes go nowhere
    if (this.res.destroyed) return;
    this.bodyBytes += bytes.length;
    if (this.res.write(bytes) || this.res.destroyed) return;
    return new Promise((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.on('drain', done);
      this.res.on('close', done);
    });
  }
}

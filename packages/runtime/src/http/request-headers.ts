/**
 * Request headers, gathered once into both shapes Node offers: `rawHeaders` (names as sent,
 * every value) and `headers` (lower-case names, duplicates merged the way Node's parser does).
 * `content-length` and `transfer-encoding` are dropped here and set again from the decoded body.
 */

export type NodeHeaders = Record<string, string | string[] | undefined>;

// Node keeps only the first value of these (see IncomingMessage#_addHeaderLine).
const SINGLE_VALUED = new Set([
  'content-type', 'content-length', 'user-agent', 'referer', 'host', 'authorization',
  'proxy-authorization', 'if-modified-since', 'if-unmodified-since', 'from', 'location',
  'max-forwards', 'retry-after', 'etag', 'last-modified', 'server', 'age', 'expires',
]);

export class RequestHeaders {
  readonly raw: string[] = [];
  readonly headers: NodeHeaders = {};
  /** the request carried a `content-length` or `transfer-encoding` header */
  framed = false;
  /** the last `x-forwarded-for` value seen (ALB appends the client's address to it) */
  forwardedFor: string | undefined = undefined;

  /** Adds one header line; `lower` is the name in lower case when the caller already has it. */
  add(name: string, value: string, lower: string = name.toLowerCase()): void {
    if (lower === 'content-length' || lower === 'transfer-encoding') {
      this.framed = true;
      return;
    }
    if (lower === 'x-forwarded-for') this.forwardedFor = value;
    this.raw.push(name, value);
    const headers = this.headers;
    const prev = headers[lower];
    if (prev === undefined) {
      headers[lower] = lower === 'set-cookie' ? [value] : value;
    } else if (lower === 'set-cookie') {
      (prev as string[]).push(value);
    } else if (lower === 'cookie') {
      headers[lower] = prev + '; ' + value;
    } else if (!SINGLE_VALUED.has(lower)) {
      headers[lower] = prev + ', ' + value;
    }
  }

  /**
   * Adds an event's headers: every value of `multi` when the event has multi-value headers
   * (REST v1, ALB multi-value), else `single` (HTTP API 2.0, ALB single-value).
   */
  addEventHeaders(
    multi: Record<string, readonly string[] | undefined> | null | undefined,
    single: Record<string, string | undefined> | null | undefined,
  ): void {
    if (multi) {
      for (const name in multi) {
        const values = multi[name];
        if (values) for (let i = 0; i < values.length; i++) this.add(name, values[i] as string);
      }
    } else if (single) {
      for (const name in single) {
        const value = single[name];
        if (typeof value === 'string') this.add(name, value);
      }
    }
  }

  has(lower: string): boolean {
    return this.headers[lower] !== undefined;
  }

  /** Sets `content-length` to the decoded body's size (when there is a body or one was announced). */
  frame(bodyLength: number): void {
    if (bodyLength > 0 || this.framed) {
      const value = String(bodyLength);
      this.raw.push('content-length', value);
      this.headers['content-length'] = value;
    }
  }
}

/**
 * The buffered response: chunks kept by reference as the app writes them (no copies), joined
 * once at the end and encoded with Buffer's native base64 when binary.
 */
import type { BinaryCheck } from './binary.js';
import { MAX_BUFFERED_RESPONSE_BYTES } from './limits.js';
import type { EncodedBody } from './response.js';
import { EMPTY_BODY } from './response.js';
import type { ResponseHead } from './response-head.js';
import type { ResponseSink } from './sink.js';

/** The encoded body, or how many bytes it would have taken when that is over the limit. */
export type Encoded = EncodedBody | { tooLarge: number };

export class BufferedBody implements ResponseSink {
  sentHead: ResponseHead | undefined = undefined;
  private chunks: (string | Buffer)[] = [];
  /** every chunk so far is a UTF-8 string */
  private strings = true;
  /** bytes written (strings counted by length: a lower bound) */
  private size = 0;

  head(head: ResponseHead): void {
    this.sentHead = head;
  }

  write(chunk: string | Uint8Array, encoding: BufferEncoding | undefined): boolean {
    let piece: string | Buffer;
    if (typeof chunk === 'string') {
      if (chunk.length === 0) return true;
      if (encoding === undefined || encoding === 'utf8' || encoding === 'utf-8') piece = chunk;
      else {
        piece = Buffer.from(chunk, encoding);
        this.strings = false;
      }
    } else {
      if (chunk.byteLength === 0) return true;
      piece = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      this.strings = false;
    }
    this.size += piece.length;
    // Far over the limit already: stop holding on to it, the answer will be an error.
    if (this.size > MAX_BUFFERED_RESPONSE_BYTES) this.chunks = [];
    else this.chunks.push(piece);
    return true;
  }

  /** The body for the result: text as is, binary as base64. */
  encode(isBinary: BinaryCheck, headers: ResponseHead['headers']): Encoded {
    if (this.size > MAX_BUFFERED_RESPONSE_BYTES) return { tooLarge: this.size };
    return encodeChunks(this.chunks, this.strings, isBinary, headers);
  }
}

export function encodeChunks(
  chunks: readonly (string | Buffer)[],
  allStrings: boolean,
  isBinary: BinaryCheck,
  headers: ResponseHead['headers'],
): Encoded {
  if (chunks.length === 0) return EMPTY_BODY;
  const binary = isBinary(headers);
  if (allStrings && !binary) {
    const text = chunks.length === 1 ? (chunks[0] as string) : chunks.join('');
    // UTF-8 takes at most 3 bytes per UTF-16 unit: only count exactly near the limit.
    if (text.length * 3 > MAX_BUFFERED_RESPONSE_BYTES) {
      const bytes = Buffer.byteLength(text);
      if (bytes > MAX_BUFFERED_RESPONSE_BYTES) return { tooLarge: bytes };
    }
    return { body: text, isBase64Encoded: false };
  }
  const buffer =
    chunks.length === 1 && typeof chunks[0] !== 'string'
      ? chunks[0]
      : Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
  const data = buffer as Buffer;
  if (binary) {
    const encodedLength = 4 * Math.ceil(data.length / 3);
    if (encodedLength > MAX_BUFFERED_RESPONSE_BYTES) return { tooLarge: encodedLength };
    return { body: data.toString('base64'), isBase64Encoded: true };
  }
  if (data.length > MAX_BUFFERED_RESPONSE_BYTES) return { tooLarge: data.length };
  return { body: data.toString('utf8'), isBase64Encoded: false };
}

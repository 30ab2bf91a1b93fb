/** REST API (v1) results: every header as a list in `multiValueHeaders`, so repeats survive. */
import type { MultiValueResult } from './events.js';
import type { EncodedBody } from './response-parts.js';
import type { OutgoingHeaders, ResponseHead } from './response-head.js';
import { headerList } from './response-head.js';

export function multiValueHeaders(headers: OutgoingHeaders): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || name === 'transfer-encoding') continue;
    out[name] = headerList(value);
  }
  return out;
}

export function toMultiValueResult(head: ResponseHead, body: EncodedBody): MultiValueResult {
  return {
    statusCode: head.statusCode,
    multiValueHeaders: multiValueHeaders(head.headers),
    body: body.body,
    isBase64Encoded: body.isBase64Encoded,
  };
}

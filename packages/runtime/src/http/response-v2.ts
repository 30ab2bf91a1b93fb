/**
 * HTTP API 2.0 and Function URL results: single-string headers, and every `Set-Cookie` in
 * `cookies` (one entry per cookie, never split on commas: Expires dates contain them).
 */
import type { V2Result } from './events.js';
import type { EncodedBody } from './response-parts.js';
import type { OutgoingHeaders, ResponseHead } from './response-head.js';
import { headerList, headerString } from './response-head.js';

export interface SingleValueHeaders {
  headers: Record<string, string>;
  cookies: string[] | undefined;
}

export function splitCookies(headers: OutgoingHeaders): SingleValueHeaders {
  const out: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || name === 'transfer-encoding') continue;
    if (name === 'set-cookie') cookies = headerList(value);
    else out[name] = headerString(value);
  }
  return { headers: out, cookies };
}

export function toV2Result(head: ResponseHead, body: EncodedBody): V2Result {
  const { headers, cookies } = splitCookies(head.headers);
  const result: V2Result = {
    statusCode: head.statusCode,
    headers,
    body: body.body,
    isBase64Encoded: body.isBase64Encoded,
  };
  if (cookies !== undefined && cookies.length > 0) result.cookies = cookies;
  return result;
}

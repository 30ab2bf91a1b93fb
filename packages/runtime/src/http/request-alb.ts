/** Application Load Balancer events, single-value and multi-value header modes. */
import { stripBasePath } from './base-path.js';
import type { AlbEvent } from './events.js';
import type { RequestParts } from './request-parts.js';
import { decodeBody } from './request-body.js';
import { RequestHeaders } from './request-headers.js';
import { rawQuery, safePath } from './url.js';

export function fromAlbEvent(event: AlbEvent, basePath: string): RequestParts {
  const headers = new RequestHeaders();
  headers.addEventHeaders(event.multiValueHeaders, event.headers);

  const path = stripBasePath(safePath(event.path), basePath);
  // ALB passes query parameters exactly as sent (not decoded): they are joined untouched.
  const query = rawQuery(event.multiValueQueryStringParameters, event.queryStringParameters);
  const body = decodeBody(event.body, event.isBase64Encoded);
  headers.frame(body ? body.length : 0);

  // ALB appends the client's address to X-Forwarded-For: the last entry is the trustworthy one.
  let remoteAddress: string | undefined;
  const xff = headers.forwardedFor;
  if (xff !== undefined) {
    const comma = xff.lastIndexOf(',');
    remoteAddress = (comma === -1 ? xff : xff.slice(comma + 1)).trim() || undefined;
  }
  return {
    method: event.httpMethod,
    url: query === '' ? path : path + '?' + query,
    headers,
    body,
    remoteAddress,
  };
}

/** HTTP API payload 2.0 and Lambda Function URL events. */
import { isDefaultApiDomain, normalizeBasePath, stripBasePath } from './base-path.js';
import type { HttpApiV2Event } from './events.js';
import type { RequestParts } from './request-parts.js';
import { decodeBody } from './request-body.js';
import { RequestHeaders } from './request-headers.js';
import { safePath } from './url.js';

function withoutCookieHeader(headers: HttpApiV2Event['headers']): HttpApiV2Event['headers'] {
  if (!headers) return headers;
  const kept: Record<string, string | undefined> = {};
  for (const name in headers) if (name.toLowerCase() !== 'cookie') kept[name] = headers[name];
  return kept;
}

export function fromV2Event(event: HttpApiV2Event, basePath: string): RequestParts {
  const rc = event.requestContext;
  const headers = new RequestHeaders();
  // 2.0 moves cookies out of the headers into `cookies`; they go back as one Cookie header. An
  // event that also carries a `cookie` header (Function URLs can) has them once, from `cookies`.
  const cookies = event.cookies;
  const hasCookies = cookies !== undefined && cookies !== null && cookies.length > 0;
  headers.addEventHeaders(undefined, hasCookies ? withoutCookieHeader(event.headers) : event.headers);
  if (hasCookies) headers.add('cookie', cookies.join('; '), 'cookie');
  if (!headers.has('host') && typeof rc.domainName === 'string') headers.add('host', rc.domainName, 'host');

  let path = safePath(event.rawPath);
  // A named HTTP API stage (not `$default`) shows up in rawPath on the execute-api domain.
  const stage = rc.stage;
  if (stage && stage !== '$default' && isDefaultApiDomain(rc.domainName)) {
    path = stripBasePath(path, '/' + stage);
  }
  path = stripBasePath(path, normalizeBasePath(rc.customDomain?.basePathMatched));
  path = stripBasePath(path, basePath);

  const query = event.rawQueryString;
  const body = decodeBody(event.body, event.isBase64Encoded);
  headers.frame(body ? body.length : 0);
  return {
    method: rc.http.method,
    url: query ? path + '?' + query : path,
    headers,
    body,
    remoteAddress: rc.http.sourceIp,
  };
}

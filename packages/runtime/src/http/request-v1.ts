/** API Gateway REST API (v1 proxy) and HTTP API payload 1.0 events. */
import { isDefaultApiDomain, normalizeBasePath, stripBasePath } from './base-path.js';
import type { RestApiEvent } from './events.js';
import type { RequestParts } from './request-parts.js';
import { decodeBody } from './request-body.js';
import { RequestHeaders } from './request-headers.js';
import { encodedQuery, safePath } from './url.js';

export function fromRestEvent(event: RestApiEvent, basePath: string): RequestParts {
  const rc = event.requestContext ?? {};
  const headers = new RequestHeaders();
  headers.addEventHeaders(event.multiValueHeaders, event.headers);
  if (!headers.has('host') && typeof rc.domainName === 'string') headers.add('host', rc.domainName, 'host');

  // `path` is what the client asked for; `pathParameters.proxy` is never used to rebuild it.
  let path = safePath(event.path);
  // HTTP API payload 1.0 includes a named stage in the path, like 2.0's rawPath (REST does not).
  const stage = rc.stage;
  if (event.version === '1.0' && stage && stage !== '$default' && isDefaultApiDomain(rc.domainName)) {
    path = stripBasePath(path, '/' + stage);
  }
  path = stripBasePath(path, normalizeBasePath(rc.customDomain?.basePathMatched));
  path = stripBasePath(path, basePath);

  const query = encodedQuery(event.multiValueQueryStringParameters, event.queryStringParameters);
  const body = decodeBody(event.body, event.isBase64Encoded);
  headers.frame(body ? body.length : 0);
  return {
    method: event.httpMethod,
    url: query === '' ? path : path + '?' + query,
    headers,
    body,
    remoteAddress: rc.identity?.sourceIp ?? undefined,
  };
}

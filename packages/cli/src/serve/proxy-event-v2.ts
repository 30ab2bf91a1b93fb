/**
 * Payload format 2.0, both ways, as an HTTP API's `$default` stage and a Function URL use it:
 * the request becomes the 2.0 event (`rawPath` with no stage in it, `cookies` apart from the
 * headers, repeated headers and query keys joined by commas, a body base64-encoded unless it is
 * text), and the function's result becomes the answer (`cookies` as one Set-Cookie each; a
 * result without `statusCode` is a 200 JSON body, as API Gateway and Lambda infer it).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html
 */
import type { ApiType } from '@tsappa/templates';
import { MalformedResponseError, type HttpAnswer, type IncomingRequest } from './proxy-event.js';

export interface ProxyEventV2 {
  version: '2.0';
  routeKey: '$default';
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  requestContext: {
    accountId: string;
    apiId: string;
    domainName: string;
    domainPrefix: string;
    http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
    requestId: string;
    routeKey: '$default';
    stage: '$default';
    time: string;
    timeEpoch: number;
    authorizer?: Record<string, unknown>;
  };
  body?: string;
  isBase64Encoded: boolean;
}

export interface ApiV2Info {
  type: Exclude<ApiType, 'rest'>;
  apiId: string;
  accountId: string;
  region: string;
}

/** Bodies API Gateway and Lambda pass as text; every other type goes base64-encoded. */
export function isTextType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === '') return true;
  return (
    type.startsWith('text/') ||
    /^application\/(json|javascript|xml|x-www-form-urlencoded|yaml|graphql)$/.test(type) ||
    /\+(json|xml)$/.test(type)
  );
}

function requestTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]!}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

function domainName(api: ApiV2Info): string {
  return api.type === 'url' ? `${api.apiId}.lambda-url.${api.region}.on.aws` : `${api.apiId}.execute-api.${api.region}.amazonaws.com`;
}

export function toProxyEventV2(request: IncomingRequest, api: ApiV2Info, requestId: string, now = new Date()): ProxyEventV2 {
  const queryIndex = request.url.indexOf('?');
  const rawPath = queryIndex >= 0 ? request.url.slice(0, queryIndex) : request.url;
  const rawQueryString = queryIndex >= 0 ? request.url.slice(queryIndex + 1) : '';
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i]!.toLowerCase();
    const value = request.rawHeaders[i + 1]!;
    if (name === 'cookie') cookies.push(...value.split(/;\s*/).filter(Boolean));
    else headers[name] = name in headers ? `${headers[name]!},${value}` : value;
  }
  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) query[key] = key in query ? `${query[key]!},${value}` : value;
  let path = rawPath;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    // a path that does not decode is passed as received
  }
  const event: ProxyEventV2 = {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers,
    requestContext: {
      accountId: api.type === 'url' ? 'anonymous' : api.accountId,
      apiId: api.apiId,
      domainName: domainName(api),
      domainPrefix: api.apiId,
      http: { method: request.method, path, protocol: 'HTTP/1.1', sourceIp: request.sourceIp, userAgent: headers['user-agent'] ?? '' },
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: requestTime(now),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
  };
  if (cookies.length > 0) event.cookies = cookies;
  if (Object.keys(query).length > 0) event.queryStringParameters = query;
  if (request.body.length > 0) {
    const text = isTextType(headers['content-type']);
    event.body = text ? request.body.toString('utf8') : request.body.toString('base64');
    event.isBase64Encoded = !text;
  }
  return event;
}

/** The answer to a 2.0 result: structured when it has a `statusCode`, else a 200 JSON body. */
export function fromProxyResultV2(result: unknown): HttpAnswer {
  const structured = result !== null && typeof result === 'object' && !Array.isArray(result) && 'statusCode' in result;
  if (!structured) {
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    return { statusCode: 200, headers: ['content-type', 'application/json'], body: Buffer.from(body, 'utf8') };
  }
  const r = result as Record<string, unknown>;
  const statusCode = Number(r.statusCode);
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) throw new MalformedResponseError(`invalid statusCode ${String(r.statusCode)}`);
  if (r.body !== undefined && r.body !== null && typeof r.body !== 'string') throw new MalformedResponseError('body must be a string');
  const single = r.headers ?? {};
  if (typeof single !== 'object' || single === null || Array.isArray(single)) throw new MalformedResponseError('headers must be an object');
  if (r.cookies !== undefined && !Array.isArray(r.cookies)) throw new MalformedResponseError('cookies must be an array of strings');
  const headers: string[] = [];
  for (const [name, value] of Object.entries(single as Record<string, unknown>)) {
    if (value !== null && value !== undefined) headers.push(name, String(value));
  }
  for (const cookie of (r.cookies as unknown[] | undefined) ?? []) headers.push('set-cookie', String(cookie));
  if (!headers.some((h, i) => i % 2 === 0 && h.toLowerCase() === 'content-type')) headers.push('content-type', 'application/json');
  const text = typeof r.body === 'string' ? r.body : '';
  const body = r.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  return { statusCode, headers, body };
}

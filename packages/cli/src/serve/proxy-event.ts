/**
 * REST API (v1) Lambda proxy integration, both ways: an HTTP request becomes the event API
 * Gateway sends, and the function's result becomes the HTTP answer API Gateway returns.
 */
import { randomUUID } from 'node:crypto';

/** What the gateway knows about one incoming request. */
export interface IncomingRequest {
  method: string;
  /** the raw URL path and query as received, e.g. `/dev/quote?type=daily` */
  url: string;
  /** Node's `rawHeaders`: names with their original case, flat [name, value, ...] */
  rawHeaders: string[];
  body: Buffer;
  sourceIp: string;
}

export interface ProxyEvent {
  resource: string;
  path: string;
  httpMethod: string;
  headers: Record<string, string> | null;
  multiValueHeaders: Record<string, string[]> | null;
  queryStringParameters: Record<string, string> | null;
  multiValueQueryStringParameters: Record<string, string[]> | null;
  pathParameters: Record<string, string> | null;
  stageVariables: Record<string, string> | null;
  requestContext: ProxyRequestContext;
  body: string | null;
  isBase64Encoded: boolean;
}

export interface ProxyIdentity {
  cognitoIdentityPoolId: null;
  accountId: string | null;
  cognitoIdentityId: null;
  caller: string | null;
  sourceIp: string;
  principalOrgId: null;
  accessKey: string | null;
  cognitoAuthenticationType: null;
  cognitoAuthenticationProvider: null;
  userArn: string | null;
  userAgent: string | null;
  user: string | null;
  apiKey?: string;
  apiKeyId?: string;
}

export interface ProxyRequestContext {
  resourceId: string;
  resourcePath: string;
  httpMethod: string;
  extendedRequestId: string;
  requestTime: string;
  path: string;
  accountId: string;
  protocol: string;
  stage: string;
  domainPrefix: string;
  requestTimeEpoch: number;
  requestId: string;
  identity: ProxyIdentity;
  domainName: string;
  apiId: string;
  authorizer?: Record<string, unknown>;
}

export interface ApiInfo {
  stage: string;
  apiId: string;
  accountId: string;
  /** binary media types of the API; empty: none (bodies always travel as text) */
  binaryMediaTypes: string[];
}

/** The parsed location of a request under the stage. */
export interface StageRoute {
  /** path under the stage, `/` at least, still percent-encoded */
  path: string;
  /** `/` or `/{proxy+}` */
  resource: string;
  pathParameters: Record<string, string> | null;
}

/** Splits `/<stage>/rest` → the route under the stage, or null when the path is not the stage's. */
export function routeOf(rawPath: string, stage: string): StageRoute | null {
  const prefix = `/${stage}`;
  if (rawPath !== prefix && !rawPath.startsWith(`${prefix}/`)) return null;
  const rest = rawPath.slice(prefix.length) || '/';
  if (rest === '/') return { path: '/', resource: '/', pathParameters: null };
  return { path: rest, resource: '/{proxy+}', pathParameters: { proxy: safeDecode(rest.slice(1)) } };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Lower-cased map of the last value of each header (what API Gateway puts in `headers`). */
export function headerMaps(rawHeaders: string[]): {
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
} {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  const canonical = new Map<string, string>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const raw = rawHeaders[i] as string;
    const value = rawHeaders[i + 1] as string;
    // API Gateway keeps the first spelling of a name for all its values
    const name = canonical.get(raw.toLowerCase()) ?? raw;
    canonical.set(raw.toLowerCase(), name);
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  return { headers, multiValueHeaders };
}

export function queryMaps(search: string): {
  queryStringParameters: Record<string, string> | null;
  multiValueQueryStringParameters: Record<string, string[]> | null;
} {
  const params = new URLSearchParams(search);
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [key, value] of params) {
    single[key] = value;
    (multi[key] ??= []).push(value);
  }
  const empty = Object.keys(single).length === 0;
  return { queryStringParameters: empty ? null : single, multiValueQueryStringParameters: empty ? null : multi };
}

/** Does `contentType` match one of the API's binary media types (`*\/*`, `image/*`, exact)? */
export function isBinaryType(contentType: string | undefined, binaryMediaTypes: string[]): boolean {
  if (!contentType || binaryMediaTypes.length === 0) return false;
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return binaryMediaTypes.some((pattern) => {
    const p = pattern.toLowerCase();
    if (p === '*/*') return true;
    if (p.endsWith('/*')) return type.startsWith(p.slice(0, -1));
    return type === p;
  });
}

function requestTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(
    date.getUTCMinutes(),
  )}:${pad(date.getUTCSeconds())} +0000`;
}

/**
 * The v1 proxy event of a request. `route` comes from `routeOf`; `binary` says whether the
 * body is passed base64-encoded (the API's binary media types match its content type).
 */
export function toProxyEvent(
  request: IncomingRequest,
  route: StageRoute,
  api: ApiInfo,
  options: { requestId?: string; now?: Date; binary?: boolean } = {},
): ProxyEvent {
  const now = options.now ?? new Date();
  const requestId = options.requestId ?? randomUUID();
  const { headers, multiValueHeaders } = headerMaps(request.rawHeaders);
  const queryIndex = request.url.indexOf('?');
  const search = queryIndex >= 0 ? request.url.slice(queryIndex + 1) : '';
  const host = findHeader(headers, 'host') ?? 'localhost';
  const contentType = findHeader(headers, 'content-type');
  const binary = options.binary ?? isBinaryType(contentType, api.binaryMediaTypes);
  const hasBody = request.body.length > 0;
  const path = safeDecode(route.path);
  return {
    resource: route.resource,
    path,
    httpMethod: request.method,
    headers: Object.keys(headers).length ? headers : null,
    multiValueHeaders: Object.keys(multiValueHeaders).length ? multiValueHeaders : null,
    ...queryMaps(search),
    pathParameters: route.pathParameters,
    stageVariables: null,
    requestContext: {
      resourceId: route.resource === '/' ? 'root' : 'proxy',
      resourcePath: route.resource,
      httpMethod: request.method,
      extendedRequestId: requestId.replace(/-/g, '').slice(0, 16),
      requestTime: requestTime(now),
      path: `/${api.stage}${route.path === '/' ? '/' : path}`,
      accountId: api.accountId,
      protocol: 'HTTP/1.1',
      stage: api.stage,
      domainPrefix: host.split('.')[0] ?? host,
      requestTimeEpoch: now.getTime(),
      requestId,
      identity: {
        cognitoIdentityPoolId: null,
        accountId: null,
        cognitoIdentityId: null,
        caller: null,
        sourceIp: request.sourceIp,
        principalOrgId: null,
        accessKey: null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: null,
        userAgent: findHeader(headers, 'user-agent') ?? null,
        user: null,
      },
      domainName: host,
      apiId: api.apiId,
    },
    body: hasBody ? request.body.toString(binary ? 'base64' : 'utf8') : null,
    isBase64Encoded: hasBody && binary,
  };
}

export function findHeader(headers: Record<string, string> | null, name: string): string | undefined {
  if (!headers) return undefined;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === lower) return value;
  return undefined;
}

/** What goes back on the wire. `headers` is a flat [name, value, ...] list (repeats allowed). */
export interface HttpAnswer {
  statusCode: number;
  headers: string[];
  body: Buffer;
}

export class MalformedResponseError extends Error {
  override name = 'MalformedResponseError';
}

/**
 * The HTTP answer for a function result, as API Gateway builds it: `headers` and
 * `multiValueHeaders` merged (a name present in both keeps the multi-value list), a base64 body
 * decoded when `isBase64Encoded` and the API has binary support. Throws
 * `MalformedResponseError` where API Gateway answers 502 "Malformed Lambda proxy response".
 */
export function fromProxyResult(result: unknown, options: { binarySupport: boolean }): HttpAnswer {
  if (result === null || typeof result !== 'object' || Array.isArray(result)) {
    throw new MalformedResponseError('the result is not an object');
  }
  const r = result as Record<string, unknown>;
  const statusCode = Number(r.statusCode);
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
    throw new MalformedResponseError(`invalid statusCode ${String(r.statusCode)}`);
  }
  if (r.body !== undefined && r.body !== null && typeof r.body !== 'string') {
    throw new MalformedResponseError('body must be a string');
  }
  const merged = new Map<string, { name: string; values: string[] }>();
  const single = r.headers ?? {};
  const multi = r.multiValueHeaders ?? {};
  if (typeof single !== 'object' || single === null || typeof multi !== 'object' || multi === null) {
    throw new MalformedResponseError('headers must be objects');
  }
  for (const [name, value] of Object.entries(single as Record<string, unknown>)) {
    if (value === null || value === undefined) continue;
    merged.set(name.toLowerCase(), { name, values: [String(value)] });
  }
  for (const [name, values] of Object.entries(multi as Record<string, unknown>)) {
    if (!Array.isArray(values)) throw new MalformedResponseError(`multiValueHeaders.${name} must be an array`);
    merged.set(name.toLowerCase(), { name, values: values.map(String) });
  }
  const headers: string[] = [];
  for (const { name, values } of merged.values()) for (const value of values) headers.push(name, value);
  const text = typeof r.body === 'string' ? r.body : '';
  const body = r.isBase64Encoded === true && options.binarySupport ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  if (!merged.has('content-type')) headers.push('Content-Type', 'application/json');
  return { statusCode, headers, body };
}

/** An answer API Gateway produces itself (authorisation failures, timeouts…). */
export function gatewayAnswer(statusCode: number, message: string | null, errorType: string): HttpAnswer {
  return {
    statusCode,
    headers: ['Content-Type', 'application/json', 'x-amzn-ErrorType', errorType],
    body: Buffer.from(JSON.stringify({ message })),
  };
}

export const GATEWAY = {
  missingToken: () => gatewayAnswer(403, 'Missing Authentication Token', 'MissingAuthenticationTokenException'),
  forbidden: () => gatewayAnswer(403, 'Forbidden', 'ForbiddenException'),
  unauthorized: () => gatewayAnswer(401, 'Unauthorized', 'UnauthorizedException'),
  accessDenied: (explicit: boolean) =>
    gatewayAnswer(
      403,
      explicit ? 'User is not authorized to access this resource with an explicit deny' : 'User is not authorized to access this resource',
      'AccessDeniedException',
    ),
  authorizerFailure: () => gatewayAnswer(500, null, 'AuthorizerConfigurationException'),
  badRequest: () => gatewayAnswer(400, 'Bad Request', 'BadRequestException'),
  // a function error or timeout behind a Lambda proxy integration
  // (https://repost.aws/knowledge-center/malformed-502-api-gateway)
  internal: () => gatewayAnswer(502, 'Internal server error', 'InternalServerErrorException'),
  // only when the integration outlives API Gateway's own integration timeout
  // (https://repost.aws/knowledge-center/api-gateway-504-errors)
  timeout: () => gatewayAnswer(504, 'Endpoint request timed out', 'IntegrationTimeout'),
  tooLarge: () => gatewayAnswer(413, 'Request Too Long', 'RequestTooLarge'),
} as const;

/**
 * A corpus of AWS-shaped HTTP events, modelled on the examples in AWS's documentation
 * (API Gateway proxy integration input, HTTP API payload 2.0, Function URL request payload,
 * ALB target events in single- and multi-value modes). Builders take one request description
 * and render it the way each integration would deliver it.
 */

export interface RequestSpec {
  method?: string;
  /** the path the client sent (already including any stage / base path the integration keeps) */
  path?: string;
  /** the query the client sent, as raw `k=v&…` (encoded) */
  rawQuery?: string;
  /** header lines as sent, repeats allowed */
  headers?: [string, string][];
  body?: string | Buffer;
  base64?: boolean;
  sourceIp?: string;
  stage?: string;
  domainName?: string;
  basePathMatched?: string;
}

const splitHeaders = (headers: [string, string][] = []) => {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of headers) {
    single[name] = value; // REST/ALB single-value keeps the last value
    (multi[name] ??= []).push(value);
  }
  return { single, multi };
};

const parseQuery = (raw: string | undefined, decode: boolean) => {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  if (!raw) return { single: null, multi: null };
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const k = eq === -1 ? pair : pair.slice(0, eq);
    const v = eq === -1 ? '' : pair.slice(eq + 1);
    const key = decode ? decodeURIComponent(k.replace(/\+/g, ' ')) : k;
    const value = decode ? decodeURIComponent(v.replace(/\+/g, ' ')) : v;
    single[key] = value;
    (multi[key] ??= []).push(value);
  }
  return { single, multi };
};

const bodyOf = (spec: RequestSpec): { body: string | null; isBase64Encoded: boolean } => {
  if (spec.body === undefined) return { body: null, isBase64Encoded: false };
  if (Buffer.isBuffer(spec.body) || spec.base64) {
    return { body: Buffer.from(spec.body).toString('base64'), isBase64Encoded: true };
  }
  return { body: spec.body, isBase64Encoded: false };
};

/** API Gateway REST API, Lambda proxy integration (AWS docs: "Input format of a Lambda function for proxy integration"). */
export function restEvent(spec: RequestSpec = {}): Record<string, unknown> {
  const method = spec.method ?? 'GET';
  const path = spec.path ?? '/my/path';
  const { single, multi } = splitHeaders(spec.headers ?? [['Host', 'id.execute-api.us-east-1.amazonaws.com'], ['User-Agent', 'curl/8.4.0']]);
  const q = parseQuery(spec.rawQuery, true);
  const { body, isBase64Encoded } = bodyOf(spec);
  const stage = spec.stage ?? 'prod';
  const requestContext: Record<string, unknown> = {
    accountId: '123456789012',
    apiId: 'id',
    authorizer: { claims: null, scopes: null },
    domainName: spec.domainName ?? 'id.execute-api.us-east-1.amazonaws.com',
    domainPrefix: 'id',
    extendedRequestId: 'request-id',
    httpMethod: method,
    identity: {
      accessKey: null,
      accountId: null,
      caller: null,
      cognitoAuthenticationProvider: null,
      cognitoAuthenticationType: null,
      cognitoIdentityId: null,
      cognitoIdentityPoolId: null,
      principalOrgId: null,
      sourceIp: spec.sourceIp ?? '203.0.113.7',
      user: null,
      userAgent: 'curl/8.4.0',
      userArn: null,
    },
    path: `/${stage}${path}`,
    protocol: 'HTTP/1.1',
    requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    requestTime: '04/Mar/2020:19:15:17 +0000',
    requestTimeEpoch: 1583349317135,
    resourceId: 'abc123',
    resourcePath: '/{proxy+}',
    stage,
  };
  if (spec.basePathMatched !== undefined) requestContext.customDomain = { basePathMatched: spec.basePathMatched };
  return {
    resource: '/{proxy+}',
    path,
    httpMethod: method,
    headers: single,
    multiValueHeaders: multi,
    queryStringParameters: q.single,
    multiValueQueryStringParameters: q.multi,
    requestContext,
    // deliberately not matching `path`: the adapter must never rebuild the path from it
    pathParameters: { proxy: 'not/the/path' },
    stageVariables: null,
    body,
    isBase64Encoded,
  };
}

/** HTTP API, payload format 2.0 (AWS docs example). */
export function httpApiEvent(spec: RequestSpec = {}, functionUrl = false): Record<string, unknown> {
  const method = spec.method ?? 'GET';
  const path = spec.path ?? '/my/path';
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of spec.headers ?? [['host', 'id.execute-api.us-east-1.amazonaws.com'], ['user-agent', 'curl/8.4.0']]) {
    const lower = name.toLowerCase();
    if (lower === 'cookie') {
      cookies.push(...value.split(/;\s*/));
      continue;
    }
    headers[lower] = headers[lower] === undefined ? value : `${headers[lower]},${value}`;
  }
  const q = parseQuery(spec.rawQuery, true);
  const qs: Record<string, string> | undefined = q.multi
    ? Object.fromEntries(Object.entries(q.multi).map(([k, v]) => [k, v.join(',')]))
    : undefined;
  const { body, isBase64Encoded } = bodyOf(spec);
  const domainName = spec.domainName ?? (functionUrl ? 'abcdefghijklmnopqrstuvwxyz.lambda-url.us-west-2.on.aws' : 'id.execute-api.us-east-1.amazonaws.com');
  const requestContext: Record<string, unknown> = {
    accountId: '123456789012',
    apiId: functionUrl ? 'abcdefghijklmnopqrstuvwxyz' : 'api-id',
    domainName,
    domainPrefix: domainName.split('.')[0],
    http: { method, path, protocol: 'HTTP/1.1', sourceIp: spec.sourceIp ?? '192.0.2.1', userAgent: 'agent' },
    requestId: 'JKJaXmPLvHcESHA=',
    routeKey: '$default',
    stage: functionUrl ? '$default' : (spec.stage ?? '$default'),
    time: '12/Mar/2020:19:03:58 +0000',
    timeEpoch: 1583348638390,
  };
  if (spec.basePathMatched !== undefined) requestContext.customDomain = { basePathMatched: spec.basePathMatched };
  const event: Record<string, unknown> = {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: spec.rawQuery ?? '',
    headers,
    requestContext,
    isBase64Encoded,
  };
  if (cookies.length) event.cookies = cookies;
  if (qs) event.queryStringParameters = qs;
  if (body !== null) event.body = body;
  if (!functionUrl) event.pathParameters = { proxy: 'not/the/path' };
  return event;
}

/** Lambda Function URL request payload (AWS docs example): 2.0 shape on a lambda-url domain. */
export function functionUrlEvent(spec: RequestSpec = {}): Record<string, unknown> {
  return httpApiEvent(spec, true);
}

/** ALB target event; `multi` selects the target group's multi-value headers mode. */
export function albEvent(spec: RequestSpec = {}, multi = false): Record<string, unknown> {
  const method = spec.method ?? 'GET';
  const defaults: [string, string][] = [
    ['accept', 'text/html,application/xhtml+xml'],
    ['host', 'lambda-alb-123578498.us-east-1.elb.amazonaws.com'],
    ['user-agent', 'Mozilla/5.0'],
    ['x-amzn-trace-id', 'Root=1-5c536348-3d683b8b04734faae651f476'],
    ['x-forwarded-for', spec.sourceIp ?? '72.12.164.125'],
    ['x-forwarded-port', '443'],
    ['x-forwarded-proto', 'https'],
  ];
  const h = splitHeaders(spec.headers ?? defaults);
  const q = parseQuery(spec.rawQuery, false); // ALB: values as sent, not decoded
  const { body, isBase64Encoded } = bodyOf(spec);
  const event: Record<string, unknown> = {
    requestContext: {
      elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/lambda-279XGJDqGZ5rsrHC2Fjr/49e9d65c45c6791a' },
    },
    httpMethod: method,
    path: spec.path ?? '/lambda',
    body: body ?? '',
    isBase64Encoded,
  };
  if (multi) {
    event.multiValueHeaders = h.multi;
    event.multiValueQueryStringParameters = q.multi ?? {};
  } else {
    event.headers = Object.fromEntries(Object.entries(h.multi).map(([k, v]) => [k, v[0] as string]));
    event.queryStringParameters = q.single ?? {};
  }
  return event;
}

export function albMultiEvent(spec: RequestSpec = {}): Record<string, unknown> {
  return albEvent(spec, true);
}

export type SourceName = 'rest-v1' | 'http-api-v2' | 'function-url' | 'alb' | 'alb-multi';

/** Every integration, for tests that run one request through all of them. */
export const SOURCES: readonly { name: SourceName; make: (spec?: RequestSpec) => Record<string, unknown> }[] = [
  { name: 'rest-v1', make: restEvent },
  { name: 'http-api-v2', make: (s) => httpApiEvent(s) },
  { name: 'function-url', make: functionUrlEvent },
  { name: 'alb', make: (s) => albEvent(s) },
  { name: 'alb-multi', make: albMultiEvent },
];

/** A Lambda context stand-in. */
export function lambdaContext(requestId = 'req-' + Math.random().toString(36).slice(2), remainingMs = 30_000) {
  const deadline = Date.now() + remainingMs;
  return {
    awsRequestId: requestId,
    functionName: 'tsappa-test-dev',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

/** The other event kinds the entry dispatcher sees, none of which is an HTTP request. */
export const NOT_HTTP_EVENTS: Record<string, unknown> = {
  'REQUEST authorizer (REST)': {
    type: 'REQUEST',
    methodArn: 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/request',
    resource: '/request',
    path: '/request',
    httpMethod: 'GET',
    headers: { Host: 'x' },
    requestContext: { stage: 'test', httpMethod: 'GET' },
  },
  'REQUEST authorizer (HTTP API 2.0)': {
    version: '2.0',
    type: 'REQUEST',
    routeArn: 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/request',
    rawPath: '/request',
    requestContext: { http: { method: 'GET', path: '/request' } },
  },
  'TOKEN authorizer': { type: 'TOKEN', authorizationToken: 'allow', methodArn: 'arn:aws:execute-api:x' },
  'SQS': { Records: [{ eventSource: 'aws:sqs', body: '{}' }] },
  'schedule': { 'tsappa:schedule': 'jobs:nightly' },
  'keep-warm': { 'tsappa:keepWarm': true },
  'EventBridge': { 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} },
  'null': null,
  'string': 'hello',
};

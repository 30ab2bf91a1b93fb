/**
 * Test support: API Gateway REST API (v1) Lambda proxy events, shaped as AWS documents them
 * ("Input format of a Lambda function for proxy integration", API Gateway developer guide):
 * the documented example, for a stage's `ANY /{proxy+}` (and `ANY /` for the root) method,
 * varied by method, path, query, headers and body.
 */
export interface HttpRequest {
  method: string;
  /** the path after the stage, with an optional query: "/api/hello?name=x" */
  path: string;
  headers?: Record<string, string>;
  /** a text body (sent as is) or bytes (sent base64-encoded, as API Gateway does for binary media types) */
  body?: string | Buffer;
}

const DOMAIN = 'abc123defg.execute-api.us-east-1.amazonaws.com';

function query(search: URLSearchParams) {
  const multi: Record<string, string[]> = {};
  for (const [k, v] of search) (multi[k] ??= []).push(v);
  const names = Object.keys(multi);
  if (names.length === 0) return { single: null, multi: null };
  // queryStringParameters holds the last value of a repeated parameter
  return { single: Object.fromEntries(names.map((k) => [k, multi[k]!.at(-1)!])), multi };
}

export function restApiEvent(request: HttpRequest, stage = 'dev'): Record<string, unknown> {
  const url = new URL(request.path, `https://${DOMAIN}`);
  const headers: Record<string, string> = {
    Accept: '*/*',
    'CloudFront-Forwarded-Proto': 'https',
    'CloudFront-Is-Desktop-Viewer': 'true',
    'CloudFront-Viewer-Country': 'US',
    Host: DOMAIN,
    'User-Agent': 'curl/8.5.0',
    Via: '2.0 a3650115c5e21e2b5d133ce84464bea3.cloudfront.net (CloudFront)',
    'X-Amz-Cf-Id': 'y4Yp7oAC6ZrKvzBDVJRPKd7SNCd0eAiMH51HJEGbw3Fw6QL2ygWfWQ==',
    'X-Amzn-Trace-Id': 'Root=1-5e66d96f-7491f09xmpl79d18acf3d050',
    'X-Forwarded-For': '203.0.113.9, 70.132.20.71',
    'X-Forwarded-Port': '443',
    'X-Forwarded-Proto': 'https',
    ...request.headers,
  };
  const q = query(url.searchParams);
  const isRoot = url.pathname === '/';
  const binary = Buffer.isBuffer(request.body);
  return {
    resource: isRoot ? '/' : '/{proxy+}',
    path: url.pathname,
    httpMethod: request.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: q.single,
    multiValueQueryStringParameters: q.multi,
    pathParameters: isRoot ? null : { proxy: url.pathname.slice(1) },
    stageVariables: null,
    requestContext: {
      resourceId: isRoot ? 'x1y2z3a4b5' : 'ab12cd',
      resourcePath: isRoot ? '/' : '/{proxy+}',
      httpMethod: request.method,
      extendedRequestId: 'JJbxmHc1IAMFdEw=',
      requestTime: '21/Nov/2026:16:00:00 +0000',
      path: `/${stage}${url.pathname}`,
      accountId: '123456789012',
      protocol: 'HTTP/1.1',
      stage,
      domainPrefix: 'abc123defg',
      requestTimeEpoch: 1795276800000,
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      identity: {
        cognitoIdentityPoolId: null,
        accountId: null,
        cognitoIdentityId: null,
        caller: null,
        sourceIp: '203.0.113.9',
        principalOrgId: null,
        accessKey: null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: null,
        userAgent: 'curl/8.5.0',
        user: null,
      },
      domainName: DOMAIN,
      apiId: 'abc123defg',
    },
    body: request.body === undefined ? null : binary ? (request.body as Buffer).toString('base64') : request.body,
    isBase64Encoded: binary,
  };
}

// Events for the benchmark, shaped like AWS's documented examples.

export function httpApiEvent({ path = '/hello', rawQueryString = '' } = {}) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString,
    headers: {
      accept: '*/*',
      'accept-encoding': 'gzip, deflate, br',
      'content-length': '0',
      host: 'id.execute-api.us-east-1.amazonaws.com',
      'user-agent': 'curl/8.4.0',
      'x-amzn-trace-id': 'Root=1-5e6722a7-cc56xmpl46db7ae02d4da47e',
      'x-forwarded-for': '192.0.2.1',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'id',
      domainName: 'id.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'id',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'curl/8.4.0' },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: '$default',
      stage: '$default',
      time: '10/Mar/2020:05:16:23 +0000',
      timeEpoch: 1583817383220,
    },
    isBase64Encoded: false,
  };
}

export function restEventMultiValue() {
  const multiValueHeaders = {
    Accept: ['text/html,application/xhtml+xml,application/xml;q=0.9,image/webp,*/*;q=0.8'],
    'Accept-Encoding': ['gzip, deflate, br'],
    'Accept-Language': ['en-US,en;q=0.9'],
    'CloudFront-Forwarded-Proto': ['https'],
    'CloudFront-Is-Desktop-Viewer': ['true'],
    'CloudFront-Is-Mobile-Viewer': ['false'],
    'CloudFront-Viewer-Country': ['US'],
    Cookie: ['session=abc123', 'theme=dark'],
    Host: ['id.execute-api.us-east-1.amazonaws.com'],
    'User-Agent': ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36'],
    Via: ['2.0 a3650115c5e21e2b5d133ce84464bea3.cloudfront.net (CloudFront)'],
    'X-Amz-Cf-Id': ['0nDeiXnReyHYCkv8cc150MWCFCLFPbJoTs1mexDuKe2WJwK5ANgv2A=='],
    'X-Amzn-Trace-Id': ['Root=1-597079de-75fec8453f6fd4812414a4cd'],
    'X-Forwarded-For': ['203.0.113.7, 198.51.100.1'],
    'X-Forwarded-Port': ['443'],
    'X-Forwarded-Proto': ['https'],
  };
  const headers = Object.fromEntries(Object.entries(multiValueHeaders).map(([k, v]) => [k, v[v.length - 1]]));
  return {
    resource: '/{proxy+}',
    path: '/users/42',
    httpMethod: 'GET',
    headers,
    multiValueHeaders,
    queryStringParameters: { q: 'a b' },
    multiValueQueryStringParameters: { q: ['a b'] },
    pathParameters: { proxy: 'users/42' },
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'id',
      domainName: 'id.execute-api.us-east-1.amazonaws.com',
      httpMethod: 'GET',
      identity: { sourceIp: '203.0.113.7', userAgent: 'Mozilla/5.0' },
      path: '/prod/users/42',
      protocol: 'HTTP/1.1',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      resourcePath: '/{proxy+}',
      stage: 'prod',
    },
    body: null,
    isBase64Encoded: false,
  };
}

export function lambdaContext() {
  return {
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    functionName: 'tsappa-bench',
    getRemainingTimeInMillis: () => 30_000,
  };
}

/** The API Gateway HTTP API (payload 2.0) GET request the benchmarks' cold starts answer. */
export function httpEvent(path, query = '') {
  return {
    version: '2.0', routeKey: '$default', rawPath: path, rawQueryString: query,
    headers: { host: 'abc.execute-api.us-east-1.amazonaws.com', 'accept-encoding': 'identity' },
    requestContext: { http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.1', userAgent: 'bench' }, requestId: 'r', routeKey: '$default', stage: '$default', domainName: 'abc.execute-api.us-east-1.amazonaws.com', apiId: 'abc', accountId: '123456789012', time: '', timeEpoch: 0 },
    isBase64Encoded: false,
  };
}

import { describe, expect, it } from 'vitest';
import { MalformedResponseError, fromProxyResult, isBinaryType, routeOf, toProxyEvent } from './proxy-event.js';

const api = { stage: 'dev', apiId: 'local', accountId: '000000000000', binaryMediaTypes: ['*/*'] };

describe('routeOf', () => {
  it('splits the stage off and names the resource', () => {
    expect(routeOf('/dev', 'dev')).toEqual({ path: '/', resource: '/', pathParameters: null });
    expect(routeOf('/dev/', 'dev')).toEqual({ path: '/', resource: '/', pathParameters: null });
    expect(routeOf('/dev/a/b%20c', 'dev')).toEqual({ path: '/a/b%20c', resource: '/{proxy+}', pathParameters: { proxy: 'a/b c' } });
    expect(routeOf('/devx/a', 'dev')).toBeNull();
    expect(routeOf('/', 'dev')).toBeNull();
  });
});

describe('toProxyEvent', () => {
  const request = {
    method: 'PUT',
    url: '/dev/items/a%20b?x=1&x=2&flag',
    rawHeaders: ['Host', '127.0.0.1:8000', 'Content-Type', 'image/png', 'accept', 'a', 'Accept', 'b'],
    body: Buffer.from([137, 80, 78, 71]),
    sourceIp: '127.0.0.1',
  };

  it('builds the v1 event: decoded path, multi-value maps, base64 body', () => {
    const event = toProxyEvent(request, routeOf('/dev/items/a%20b', 'dev')!, api, { requestId: 'r-1', now: new Date('2025-03-04T05:06:07Z') });
    expect(event).toMatchObject({
      resource: '/{proxy+}',
      path: '/items/a b',
      httpMethod: 'PUT',
      pathParameters: { proxy: 'items/a b' },
      queryStringParameters: { x: '2', flag: '' },
      multiValueQueryStringParameters: { x: ['1', '2'], flag: [''] },
      isBase64Encoded: true,
      body: Buffer.from([137, 80, 78, 71]).toString('base64'),
    });
    // one spelling per name, the first seen
    expect(event.multiValueHeaders).toMatchObject({ accept: ['a', 'b'] });
    expect(event.headers).toMatchObject({ accept: 'b', Host: '127.0.0.1:8000' });
    expect(event.requestContext).toMatchObject({
      requestId: 'r-1',
      path: '/dev/items/a b',
      stage: 'dev',
      requestTime: '04/Mar/2025:05:06:07 +0000',
      requestTimeEpoch: Date.parse('2025-03-04T05:06:07Z'),
      domainName: '127.0.0.1:8000',
    });
  });

  it('keeps text bodies as text without binary media types, and null when empty', () => {
    const text = toProxyEvent({ ...request, body: Buffer.from('héllo') }, routeOf('/dev/x', 'dev')!, { ...api, binaryMediaTypes: [] });
    expect(text).toMatchObject({ body: 'héllo', isBase64Encoded: false });
    const empty = toProxyEvent({ ...request, url: '/dev', body: Buffer.alloc(0) }, routeOf('/dev', 'dev')!, api);
    expect(empty).toMatchObject({ body: null, isBase64Encoded: false, queryStringParameters: null, multiValueQueryStringParameters: null });
  });

  it('matches binary media types like API Gateway', () => {
    expect(isBinaryType('image/png', ['*/*'])).toBe(true);
    expect(isBinaryType('image/png; q=1', ['image/*'])).toBe(true);
    expect(isBinaryType('text/plain', ['image/*'])).toBe(false);
    expect(isBinaryType('application/pdf', ['application/pdf'])).toBe(true);
    expect(isBinaryType(undefined, ['*/*'])).toBe(false);
  });
});

describe('fromProxyResult', () => {
  it('merges headers and multiValueHeaders (the multi-value list wins)', () => {
    const answer = fromProxyResult(
      { statusCode: 302, headers: { Location: '/x', 'X-A': 'single' }, multiValueHeaders: { 'x-a': ['m1', 'm2'], 'Set-Cookie': ['a=1', 'b=2'] }, body: '' },
      { binarySupport: true },
    );
    expect(answer.statusCode).toBe(302);
    expect(answer.headers).toEqual(['Location', '/x', 'x-a', 'm1', 'x-a', 'm2', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', 'Content-Type', 'application/json']);
  });

  it('decodes base64 bodies only with binary support', () => {
    const result = { statusCode: 200, headers: { 'content-type': 'image/png' }, body: Buffer.from('png').toString('base64'), isBase64Encoded: true };
    expect(fromProxyResult(result, { binarySupport: true }).body.toString()).toBe('png');
    expect(fromProxyResult(result, { binarySupport: false }).body.toString()).toBe(result.body);
  });

  it('refuses malformed results', () => {
    for (const bad of [null, 'text', [], { statusCode: 'abc' }, { body: 'no status' }, { statusCode: 200, body: { a: 1 } }, { statusCode: 200, multiValueHeaders: { a: 'x' } }]) {
      expect(() => fromProxyResult(bad, { binarySupport: true })).toThrow(MalformedResponseError);
    }
  });
});

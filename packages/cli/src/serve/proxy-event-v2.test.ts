import { describe, expect, it } from 'vitest';
import { fromProxyResultV2, isTextType, toProxyEventV2, type ApiV2Info } from './proxy-event-v2.js';
import { MalformedResponseError } from './proxy-event.js';

const API: ApiV2Info = { type: 'http', apiId: 'abc123', accountId: '123456789012', region: 'eu-west-1' };
const request = (url: string, rawHeaders: string[] = [], body = Buffer.alloc(0), method = 'GET') => ({ method, url, rawHeaders, body, sourceIp: '10.0.0.1' });

describe('payload 2.0 events', () => {
  it('keeps the raw path and query, with no stage in them, and the $default route', () => {
    const event = toProxyEventV2(request('/quotes/a%20b?tag=x&tag=y&n=1'), API, 'req-1');
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/quotes/a%20b',
      rawQueryString: 'tag=x&tag=y&n=1',
      queryStringParameters: { tag: 'x,y', n: '1' },
      isBase64Encoded: false,
      requestContext: { stage: '$default', routeKey: '$default', requestId: 'req-1', domainName: 'abc123.execute-api.eu-west-1.amazonaws.com', http: { method: 'GET', path: '/quotes/a b', sourceIp: '10.0.0.1' } },
    });
    expect(event.body).toBeUndefined();
  });

  it('puts cookies in their own array, lower-cases headers and joins repeated ones', () => {
    const event = toProxyEventV2(request('/', ['Cookie', 'a=1; b=2', 'X-Tag', 'one', 'x-tag', 'two', 'User-Agent', 'test']), API, 'r');
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.headers).toEqual({ 'x-tag': 'one,two', 'user-agent': 'test' });
  });

  it('passes text as text and anything else base64-encoded', () => {
    const bytes = Buffer.from([0, 255, 1, 254]);
    const binary = toProxyEventV2(request('/', ['Content-Type', 'application/octet-stream'], bytes, 'POST'), API, 'r');
    expect(binary).toMatchObject({ isBase64Encoded: true, body: bytes.toString('base64') });
    const json = toProxyEventV2(request('/', ['Content-Type', 'application/json; charset=utf-8'], Buffer.from('{"a":1}'), 'POST'), API, 'r');
    expect(json).toMatchObject({ isBase64Encoded: false, body: '{"a":1}' });
    expect(isTextType('application/problem+json')).toBe(true);
    expect(isTextType('image/png')).toBe(false);
  });

  it('names a Function URL domain', () => {
    expect(toProxyEventV2(request('/'), { ...API, type: 'url' }, 'r').requestContext.domainName).toBe('abc123.lambda-url.eu-west-1.on.aws');
  });
});

describe('payload 2.0 results', () => {
  it('sends each cookie as its own Set-Cookie header, and decodes a base64 body byte for byte', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const answer = fromProxyResultV2({ statusCode: 201, headers: { 'content-type': 'image/png' }, cookies: ['a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT', 'b=2'], body: bytes.toString('base64'), isBase64Encoded: true });
    expect(answer.statusCode).toBe(201);
    expect(answer.headers).toEqual(['content-type', 'image/png', 'set-cookie', 'a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT', 'set-cookie', 'b=2']);
    expect(answer.body.equals(bytes)).toBe(true);
  });

  it('infers a 200 JSON answer from a result without statusCode', () => {
    const object = fromProxyResultV2({ message: 'hi' });
    expect(object).toMatchObject({ statusCode: 200, headers: ['content-type', 'application/json'] });
    expect(object.body.toString()).toBe('{"message":"hi"}');
    expect(fromProxyResultV2('plain text').body.toString()).toBe('plain text');
  });

  it('refuses what API Gateway calls a malformed response', () => {
    expect(() => fromProxyResultV2({ statusCode: 99 })).toThrow(MalformedResponseError);
    expect(() => fromProxyResultV2({ statusCode: 200, body: { a: 1 } })).toThrow(MalformedResponseError);
  });
});

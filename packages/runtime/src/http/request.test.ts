/**
 * Request translation, rule by rule, against every integration's event shape and a neutral
 * echo listener.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { echo, readEcho } from '../../test/http/echo.js';
import type { RequestSpec } from '../../test/http/events.js';
import { SOURCES, albEvent, albMultiEvent, functionUrlEvent, httpApiEvent, lambdaContext, restEvent } from '../../test/http/events.js';
import { bodyOf } from '../../test/http/support.js';
import type { BufferedHandlerOptions } from './index.js';
import { createHandler } from './index.js';

const run = async (event: unknown, options?: BufferedHandlerOptions) => readEcho(await createHandler(echo, options)(event, lambdaContext()));
const host: [string, string] = ['Host', 'example.com'];

describe('path', () => {
  for (const { name, make } of SOURCES) {
    it(`${name}: kept exactly as sent, trailing slash and percent-encoding included`, async () => {
      expect((await run(make({ path: '/users/42/' }))).url).toBe('/users/42/');
      expect((await run(make({ path: '/files/a%2Fb%20c/%E2%9C%93' }))).url).toBe('/files/a%2Fb%20c/%E2%9C%93');
      expect((await run(make({ path: '/' }))).url).toBe('/');
      expect((await run(make({ path: '//double//slashes' }))).url).toBe('//double//slashes');
    });
  }

  it('REST v1: comes from `path`, never rebuilt from pathParameters.proxy', async () => {
    const event = restEvent({ path: '/shop/items/' });
    expect((event.pathParameters as { proxy: string }).proxy).not.toBe('shop/items/');
    expect((await run(event)).url).toBe('/shop/items/');
  });

  it('escapes only characters a request target cannot hold when the integration decoded them', async () => {
    expect((await run(restEvent({ path: '/a b/café' }))).url).toBe('/a%20b/caf%C3%A9');
    expect((await run(restEvent({ path: '/what?/#x' }))).url).toBe('/what%3F/%23x');
    expect((await run(restEvent({ path: '/100%25/ok' }))).url).toBe('/100%25/ok');
  });
});

describe('base paths', () => {
  it('strips a named HTTP API stage from rawPath', async () => {
    expect((await run(httpApiEvent({ stage: 'dev', path: '/dev/items/7' }))).url).toBe('/items/7');
    expect((await run(httpApiEvent({ stage: 'dev', path: '/dev' }))).url).toBe('/');
    expect((await run(httpApiEvent({ stage: 'dev', path: '/dev/' }))).url).toBe('/');
  });

  it('strips the stage on whole segments only', async () => {
    expect((await run(httpApiEvent({ stage: 'dev', path: '/devices/1' }))).url).toBe('/devices/1');
  });

  it('keeps the path with the $default stage, and on a custom domain (where the stage is not in the path)', async () => {
    expect((await run(httpApiEvent({ stage: '$default', path: '/dev/x' }))).url).toBe('/dev/x');
    expect((await run(httpApiEvent({ stage: 'dev', path: '/dev/x', domainName: 'api.example.com' }))).url).toBe('/dev/x');
  });

  it('strips HTTP API payload 1.0 named stages too', async () => {
    const event: Record<string, unknown> = { ...restEvent({ path: '/dev/x' }), version: '1.0' };
    (event.requestContext as Record<string, unknown>).stage = 'dev';
    expect((await run(event)).url).toBe('/x');
  });

  it('REST v1 keeps the path, whose stage is not in it', async () => {
    expect((await run(restEvent({ stage: 'prod', path: '/prod/x' }))).url).toBe('/prod/x');
  });

  it('strips a custom domain base path (requestContext.customDomain.basePathMatched) on whole segments', async () => {
    expect((await run(restEvent({ path: '/api/users', basePathMatched: 'api' }))).url).toBe('/users');
    expect((await run(restEvent({ path: '/api', basePathMatched: 'api' }))).url).toBe('/');
    expect((await run(restEvent({ path: '/apiv2/users', basePathMatched: 'api' }))).url).toBe('/apiv2/users');
    expect((await run(restEvent({ path: '/v1/api/users', basePathMatched: 'v1/api' }))).url).toBe('/users');
    expect((await run(restEvent({ path: '/users', basePathMatched: '(none)' }))).url).toBe('/users');
    expect((await run(httpApiEvent({ path: '/api/users', basePathMatched: 'api', domainName: 'api.example.com' }))).url).toBe('/users');
  });

  for (const { name, make } of SOURCES) {
    it(`${name}: the basePath option strips a prefix on whole segments`, async () => {
      expect((await run(make({ path: '/svc/a/b', rawQuery: 'x=1' }), { basePath: '/svc' })).url).toBe('/a/b?x=1');
      expect((await run(make({ path: '/svc' }), { basePath: 'svc/' })).url).toBe('/');
      expect((await run(make({ path: '/svcx/a' }), { basePath: '/svc' })).url).toBe('/svcx/a');
    });
  }
});

describe('query', () => {
  it('HTTP API / Function URL: rawQueryString verbatim', async () => {
    const raw = 'b=2&a=1&a=%20x&plus=a+b&enc=%2F%26&flag&empty=';
    expect((await run(httpApiEvent({ rawQuery: raw }))).url).toBe(`/my/path?${raw}`);
    expect((await run(functionUrlEvent({ rawQuery: raw }))).url).toBe(`/my/path?${raw}`);
  });

  it('REST v1: rebuilt from multiValueQueryStringParameters, re-encoded with %20 for spaces, repeats kept', async () => {
    const echoed = await run(restEvent({ rawQuery: 'a=1&a=2&q=hello%20world&amp=%26%3D%2B&u=caf%C3%A9' }));
    expect(echoed.url).toBe('/my/path?a=1&a=2&q=hello%20world&amp=%26%3D%2B&u=caf%C3%A9');
    const params = new URL(echoed.url, 'http://x').searchParams;
    expect(params.getAll('a')).toEqual(['1', '2']);
    expect(params.get('amp')).toBe('&=+');
  });

  it('REST v1: falls back to queryStringParameters', async () => {
    const event = restEvent();
    event.multiValueQueryStringParameters = null;
    event.queryStringParameters = { q: 'a b', n: '1' };
    expect((await run(event)).url).toBe('/my/path?q=a%20b&n=1');
  });

  it('ALB: values arrive undecoded and reach the app as sent, repeats kept (multi-value)', async () => {
    const raw = 'q=a%20b&q=c+d&path=%2Fx%2Fy&e=%C3%A9';
    const echoed = await run(albMultiEvent({ rawQuery: raw }));
    expect(echoed.url).toBe(`/lambda?${raw}`);
    const params = new URL(echoed.url, 'http://x').searchParams;
    expect(params.getAll('q')).toEqual(['a b', 'c d']);
    expect(params.get('path')).toBe('/x/y');
    expect(params.get('e')).toBe('é');
  });

  it('ALB single-value: the (one) value per key reaches the app undecoded', async () => {
    const echoed = await run(albEvent({ rawQuery: 'q=a%20b&x=%2B' }));
    expect(echoed.url).toBe('/lambda?q=a%20b&x=%2B');
  });

  it('no query: no question mark', async () => {
    for (const { make } of SOURCES) expect((await run(make({ path: '/p' }))).url).toBe('/p');
  });
});

describe('request headers', () => {
  const multiSources = SOURCES.filter((s) => s.name === 'rest-v1' || s.name === 'alb-multi');
  for (const { name, make } of multiSources) {
    it(`${name}: repeated headers are all kept`, async () => {
      const echoed = await run(make({ headers: [host, ['X-Multi', 'one'], ['X-Multi', 'two'], ['Accept', 'a/b'], ['Accept', 'c/d']] }));
      expect(echoed.headers['x-multi']).toBe('one, two');
      expect(echoed.headers.accept).toBe('a/b, c/d');
      expect(echoed.rawHeaders).toEqual(['Host', 'example.com', 'X-Multi', 'one', 'X-Multi', 'two', 'Accept', 'a/b', 'Accept', 'c/d']);
    });
  }

  it('HTTP API 2.0: cookies become one Cookie header joined with "; "', async () => {
    const event = httpApiEvent({ headers: [host] });
    event.cookies = ['a=1', 'b=2', 'c=x=y'];
    const echoed = await run(event);
    expect(echoed.headers.cookie).toBe('a=1; b=2; c=x=y');
    expect(echoed.rawHeaders.filter((h) => h.toLowerCase() === 'cookie')).toHaveLength(1);
  });

  it('Function URL: cookies become one Cookie header too', async () => {
    const event = functionUrlEvent({ headers: [host] });
    event.cookies = ['session=abc', 'theme=dark'];
    expect((await run(event)).headers.cookie).toBe('session=abc; theme=dark');
  });

  for (const [name, make] of [['Function URL', functionUrlEvent], ['HTTP API 2.0', httpApiEvent]] as const) {
    it(`${name}: cookies in both \`cookies\` and a \`cookie\` header reach the app once`, async () => {
      for (const headerName of ['cookie', 'Cookie']) {
        const event = make({ headers: [host] });
        // as a Function URL can send it: the cookies in both places
        event.headers = { ...(event.headers as Record<string, string>), [headerName]: 'session=abc; theme=dark' };
        event.cookies = ['session=abc', 'theme=dark'];
        const echoed = await run(event);
        expect(echoed.headers.cookie).toBe('session=abc; theme=dark');
        expect(echoed.rawHeaders.filter((h) => h.toLowerCase() === 'cookie')).toHaveLength(1);
      }
    });
  }

  it('HTTP API 2.0: a cookie header with no `cookies` array is kept', async () => {
    const event = httpApiEvent({ headers: [host] });
    event.headers = { ...(event.headers as Record<string, string>), cookie: 'only=header' };
    const echoed = await run(event);
    expect(echoed.headers.cookie).toBe('only=header');
  });

  for (const { name, make } of SOURCES) {
    it(`${name}: content-length matches the decoded body, transfer-encoding is dropped`, async () => {
      const body = Buffer.from('héllo wörld ✓', 'utf8');
      const echoed = await run(
        make({ method: 'POST', body, headers: [host, ['Content-Length', '999'], ['Transfer-Encoding', 'chunked']] }),
      );
      expect(echoed.headers['content-length']).toBe(String(body.length));
      expect(echoed.headers['transfer-encoding']).toBeUndefined();
      expect(Buffer.from(echoed.body, 'base64').equals(body)).toBe(true);
    });

    it(`${name}: no body, no content-length (unless one was announced: then 0)`, async () => {
      expect((await run(make({ headers: [host] }))).headers['content-length']).toBeUndefined();
      expect((await run(make({ method: 'POST', headers: [host, ['Content-Length', '0']] }))).headers['content-length']).toBe('0');
    });
  }

  it('the source IP reaches req.socket.remoteAddress', async () => {
    expect((await run(restEvent({ sourceIp: '198.51.100.10' }))).remoteAddress).toBe('198.51.100.10');
    expect((await run(httpApiEvent({ sourceIp: '198.51.100.11' }))).remoteAddress).toBe('198.51.100.11');
    expect((await run(functionUrlEvent({ sourceIp: '198.51.100.12' }))).remoteAddress).toBe('198.51.100.12');
    // ALB: the address the load balancer appended to X-Forwarded-For (the last one)
    const spoofed: RequestSpec = { headers: [host, ['X-Forwarded-For', '10.0.0.1, 198.51.100.13']] };
    expect((await run(albEvent(spoofed))).remoteAddress).toBe('198.51.100.13');
    expect((await run(albMultiEvent(spoofed))).remoteAddress).toBe('198.51.100.13');
  });

  it('the socket says HTTPS', async () => {
    for (const { make } of SOURCES) expect((await run(make())).encrypted).toBe(true);
  });

  it('adds Host from the request context when the event has none', async () => {
    expect((await run(restEvent({ headers: [] }))).headers.host).toBe('id.execute-api.us-east-1.amazonaws.com');
    expect((await run(httpApiEvent({ headers: [] }))).headers.host).toBe('id.execute-api.us-east-1.amazonaws.com');
  });

  it('merges duplicates the way Node does (first wins for single-valued headers)', async () => {
    const echoed = await run(restEvent({ headers: [host, ['Content-Type', 'a/b'], ['content-type', 'c/d'], ['Cookie', 'a=1'], ['Cookie', 'b=2']] }));
    expect(echoed.headers['content-type']).toBe('a/b');
    expect(echoed.headers.cookie).toBe('a=1; b=2');
  });
});

describe('request body', () => {
  for (const { name, make } of SOURCES) {
    it(`${name}: base64-decoded when isBase64Encoded`, async () => {
      const bytes = Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80, 10, 13]);
      const echoed = await run(make({ method: 'POST', body: bytes, headers: [host, ['Content-Type', 'application/octet-stream']] }));
      expect(Buffer.from(echoed.body, 'base64').equals(bytes)).toBe(true);
    });

    it(`${name}: text bodies arrive as UTF-8`, async () => {
      const echoed = await run(make({ method: 'PUT', body: '{"name":"Zoë"}', headers: [host, ['Content-Type', 'application/json']] }));
      expect(Buffer.from(echoed.body, 'base64').toString('utf8')).toBe('{"name":"Zoë"}');
    });

    it(`${name}: the request emits 'end' exactly once, with and without a body`, async () => {
      expect((await run(make({ method: 'POST', body: 'x', headers: [host] }))).endCount).toBe(1);
      expect((await run(make({ method: 'GET', headers: [host] }))).endCount).toBe(1);
    });
  }

  it("'end' comes once for a bodyless request awaited without reading, and never twice", async () => {
    let ends = 0;
    const listener = (req: IncomingMessage, res: ServerResponse) => {
      req.on('end', () => {
        ends++;
        setTimeout(() => res.end(String(ends)), 5);
      });
    };
    const result = await createHandler(listener)(httpApiEvent(), lambdaContext());
    expect(bodyOf(result).toString()).toBe('1');
    await new Promise((r) => setTimeout(r, 10));
    expect(ends).toBe(1);
  });

  it("'end' comes once for an unread body when the response finishes first", async () => {
    let ends = 0;
    const listener = (req: IncomingMessage, res: ServerResponse) => {
      req.on('end', () => ends++);
      res.end('ok');
    };
    await createHandler(listener)(httpApiEvent({ method: 'POST', body: 'unread' }), lambdaContext());
    await new Promise((r) => setTimeout(r, 5));
    expect(ends).toBe(1);
  });

  it('a late reader of a bodyless request still sees the stream end', async () => {
    const listener = async (req: IncomingMessage, res: ServerResponse) => {
      await new Promise((r) => setTimeout(r, 5));
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      res.end(`read ${Buffer.concat(chunks).length}`);
    };
    expect(bodyOf(await createHandler(listener)(httpApiEvent(), lambdaContext())).toString()).toBe('read 0');
  });
});

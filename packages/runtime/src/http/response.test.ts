/** Response translation, rule by rule, for every integration's result shape. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { echo } from '../../test/http/echo.js';
import type { Respond } from '../../test/http/echo.js';
import { SOURCES, albEvent, albMultiEvent, functionUrlEvent, httpApiEvent, lambdaContext, restEvent } from '../../test/http/events.js';
import { bodyOf, captureLogger, headerValues } from '../../test/http/support.js';
import type { BufferedHandlerOptions } from './index.js';
import { createHandler } from './index.js';

const respond = (make: (s?: object) => Record<string, unknown>, r: Respond, method = 'GET') =>
  make({ method, headers: [['Host', 'example.com'], ['X-Respond', JSON.stringify(r)]] });

const call = (event: unknown, options?: BufferedHandlerOptions) => createHandler(echo, options)(event, lambdaContext('req-resp-1'));

const cookies = [
  'session=abc; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/; HttpOnly',
  'theme=dark; Max-Age=3600',
  'lang=en; Expires=Thu, 22 Oct 2026 07:28:00 GMT',
];

describe('response headers', () => {
  it('REST v1: multiValueHeaders, so repeated headers and several Set-Cookie survive', async () => {
    const result = (await call(respond(restEvent, { headers: [['Set-Cookie', cookies], ['Vary', 'Accept'], ['X-Rep', ['1', '2']]] }))) as {
      multiValueHeaders: Record<string, string[]>;
      headers?: unknown;
    };
    expect(result.multiValueHeaders['set-cookie']).toEqual(cookies);
    expect(result.multiValueHeaders['x-rep']).toEqual(['1', '2']);
    expect(result.multiValueHeaders.vary).toEqual(['Accept']);
    expect(result.headers).toBeUndefined();
    expect('statusDescription' in result).toBe(false);
  });

  it('ALB multi-value: multiValueHeaders with every value, and statusDescription', async () => {
    const result = (await call(respond(albMultiEvent, { status: 201, headers: [['Set-Cookie', cookies], ['X-Rep', ['1', '2']]] }))) as {
      statusCode: number;
      statusDescription: string;
      multiValueHeaders: Record<string, string[]>;
    };
    expect(result.statusCode).toBe(201);
    expect(result.statusDescription).toBe('201 Created');
    expect(result.multiValueHeaders['set-cookie']).toEqual(cookies);
    expect(result.multiValueHeaders['x-rep']).toEqual(['1', '2']);
  });

  for (const make of [httpApiEvent, functionUrlEvent]) {
    it(`${make === httpApiEvent ? 'HTTP API 2.0' : 'Function URL'}: Set-Cookie goes to cookies, one entry per cookie, never split on commas`, async () => {
      const result = (await call(respond(make, { headers: [['Set-Cookie', cookies], ['X-Rep', ['1', '2']]] }))) as {
        headers: Record<string, string>;
        cookies: string[];
      };
      expect(result.cookies).toEqual(cookies);
      expect(result.headers['set-cookie']).toBeUndefined();
      expect(result.headers['x-rep']).toBe('1, 2');
    });

    it(`${make === httpApiEvent ? 'HTTP API 2.0' : 'Function URL'}: a single Set-Cookie with an Expires date stays whole`, async () => {
      const result = (await call(respond(make, { headers: [['Set-Cookie', cookies[0]!]] }))) as { cookies: string[] };
      expect(result.cookies).toEqual([cookies[0]]);
    });
  }

  it('ALB single-value: keeps the first Set-Cookie and warns, naming the dropped ones', async () => {
    const { logger, lines } = captureLogger();
    const result = (await call(respond(albEvent, { headers: [['Set-Cookie', cookies]] }), { logger })) as {
      headers: Record<string, string>;
      statusDescription: string;
    };
    expect(result.headers['set-cookie']).toBe(cookies[0]);
    expect(result.statusDescription).toBe('200 OK');
    const warning = lines.find((l) => l.level === 'warn');
    expect(warning?.message).toContain('"theme"');
    expect(warning?.message).toContain('"lang"');
    expect(warning?.message).not.toContain('abc'); // names, not values
    expect(warning?.details?.requestId).toBe('req-resp-1');
  });

  it('ALB: statusDescription carries the reason phrase', async () => {
    for (const make of [albEvent, albMultiEvent]) {
      expect(((await call(respond(make, { status: 404, body: 'no' }))) as { statusDescription: string }).statusDescription).toBe('404 Not Found');
    }
    const teapot = (req: IncomingMessage, res: ServerResponse) => {
      res.statusMessage = 'Short And Stout';
      res.statusCode = 418;
      res.end();
    };
    const result = (await createHandler(teapot)(albEvent(), lambdaContext())) as { statusDescription: string };
    expect(result.statusDescription).toBe('418 Short And Stout');
  });

  for (const { name, make } of SOURCES) {
    it(`${name}: transfer-encoding is removed and a body with CRLF stays intact`, async () => {
      const body = '1\r\nnot a chunk\r\n0\r\n\r\n';
      const result = await call(respond(make, { headers: [['Transfer-Encoding', 'chunked'], ['Content-Type', 'text/plain']], chunks: [body, '\r\nmore\r\n'] }));
      expect(headerValues(result, 'transfer-encoding')).toEqual([]);
      expect(bodyOf(result).toString()).toBe(body + '\r\nmore\r\n');
    });

    it(`${name}: HEAD, 204 and 304 carry no body`, async () => {
      const head = await call(respond(make, { headers: [['Content-Type', 'text/plain'], ['Content-Length', '5']], body: 'hello' }, 'HEAD'));
      expect(head.body).toBe('');
      expect(head.isBase64Encoded).toBe(false);
      expect(headerValues(head, 'content-length')).toEqual(['5']);
      for (const status of [204, 304]) {
        const r = await call(respond(make, { status, headers: [['Content-Type', 'application/octet-stream']], body: 'ignored' }));
        expect(r.statusCode).toBe(status);
        expect(r.body).toBe('');
        expect(r.isBase64Encoded).toBe(false);
      }
    });

    it(`${name}: headers given to writeHead are kept`, async () => {
      const result = await call(respond(make, { status: 202, writeHead: true, headers: [['X-One', '1'], ['Content-Type', 'text/plain']], body: 'ok' }));
      expect(result.statusCode).toBe(202);
      expect(headerValues(result, 'x-one')).toEqual(['1']);
      expect(bodyOf(result).toString()).toBe('ok');
    });
  }

  it('writeHead with a raw header list, and mixed with setHeader', async () => {
    const listener = (req: IncomingMessage, res: ServerResponse) => {
      if (req.url === '/raw') {
        res.writeHead(200, ['Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', 'X-Y', 'z']);
      } else {
        res.setHeader('X-Early', 'e');
        res.writeHead(200, { 'X-Late': 'l' });
      }
      res.end('.');
    };
    const raw = (await createHandler(listener)(httpApiEvent({ path: '/raw' }), lambdaContext())) as { cookies: string[]; headers: Record<string, string> };
    expect(raw.cookies).toEqual(['a=1', 'b=2']);
    expect(raw.headers['x-y']).toBe('z');
    const mixed = (await createHandler(listener)(httpApiEvent({ path: '/mixed' }), lambdaContext())) as { headers: Record<string, string> };
    expect(mixed.headers['x-early']).toBe('e');
    expect(mixed.headers['x-late']).toBe('l');
  });
});

describe('response body', () => {
  const typed = async (contentType: string | undefined, body = 'some body', options?: BufferedHandlerOptions, extra: [string, string][] = []) => {
    const headers: [string, string][] = contentType === undefined ? [...extra] : [['Content-Type', contentType], ...extra];
    return call(respond(httpApiEvent, { headers, body }), options);
  };

  it('text types on the allowlist travel as text', async () => {
    for (const type of [
      'text/html; charset=utf-8',
      'text/plain',
      'text/csv',
      'application/json',
      'application/json; charset=utf-8',
      'application/problem+json',
      'application/ld+json',
      'application/xml',
      'application/atom+xml',
      'application/javascript',
      'application/x-www-form-urlencoded',
      'image/svg+xml',
      'TEXT/HTML',
    ]) {
      const r = await typed(type);
      expect(r.isBase64Encoded, type).toBe(false);
      expect(r.body).toBe('some body');
    }
  });

  it('anything else is base64', async () => {
    for (const type of ['application/octet-stream', 'image/png', 'application/pdf', 'font/woff2', 'application/zip', 'audio/mpeg']) {
      const r = await typed(type);
      expect(r.isBase64Encoded, type).toBe(true);
      expect(bodyOf(r).toString()).toBe('some body');
    }
    expect((await typed(undefined)).isBase64Encoded).toBe(true);
  });

  it('any content-encoding means base64, even for text types', async () => {
    for (const encoding of ['gzip', 'br', 'deflate']) {
      expect((await typed('application/json', '{}', undefined, [['Content-Encoding', encoding]])).isBase64Encoded).toBe(true);
    }
    expect((await typed('application/json', '{}', undefined, [['Content-Encoding', 'identity']])).isBase64Encoded).toBe(false);
  });

  it('binaryContentTypes forces types to base64; textContentTypes adds text types; a function decides alone', async () => {
    expect((await typed('text/csv', 'a,b', { binaryContentTypes: ['text/csv'] })).isBase64Encoded).toBe(true);
    expect((await typed('image/png', 'x', { binaryContentTypes: ['image/*'] })).isBase64Encoded).toBe(true);
    expect((await typed('text/html', 'x', { binaryContentTypes: ['image/*'] })).isBase64Encoded).toBe(false);
    expect((await typed('text/html', 'x', { binaryContentTypes: ['*/*'] })).isBase64Encoded).toBe(true);
    expect((await typed('application/x-custom', 'x', { textContentTypes: ['application/x-custom'] })).isBase64Encoded).toBe(false);
    const decide = (type: string) => type === 'application/json';
    expect((await typed('application/json', '{}', { binaryContentTypes: decide })).isBase64Encoded).toBe(true);
    expect((await typed('image/png', 'x', { binaryContentTypes: decide })).isBase64Encoded).toBe(false);
    expect((await typed('image/png', 'x', { binarySupport: false })).isBase64Encoded).toBe(false);
  });

  it("binary bodies are exactly Buffer's own base64 of the bytes written", async () => {
    const bytes = Buffer.alloc(300_001);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
    const listener = (req: IncomingMessage, res: ServerResponse) => {
      res.setHeader('content-type', 'image/png');
      res.write(bytes.subarray(0, 1000));
      res.write(new Uint8Array(bytes.subarray(1000, 5000)));
      res.end(bytes.subarray(5000));
    };
    for (const { make } of SOURCES) {
      const result = await createHandler(listener)(make(), lambdaContext());
      expect(result.isBase64Encoded).toBe(true);
      expect(result.body).toBe(bytes.toString('base64'));
    }
  });

  it('multi-byte characters split across chunks arrive intact', async () => {
    const text = Buffer.from('Zoë ✓ 日本語 🎉', 'utf8');
    const listener = (req: IncomingMessage, res: ServerResponse) => {
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      for (let i = 0; i < text.length; i += 3) res.write(text.subarray(i, i + 3));
      res.write('…', 'utf8');
      res.end(Buffer.from('!').toString('hex'), 'hex');
    };
    const result = await createHandler(listener)(restEvent(), lambdaContext());
    expect(result.isBase64Encoded).toBe(false);
    expect(result.body).toBe('Zoë ✓ 日本語 🎉…!');
  });

  it('string writes with other encodings are decoded first', async () => {
    const listener = (req: IncomingMessage, res: ServerResponse) => {
      res.setHeader('content-type', 'text/plain');
      res.write(Buffer.from('hi ').toString('base64'), 'base64');
      res.end('there', 'latin1');
    };
    expect((await createHandler(listener)(httpApiEvent(), lambdaContext())).body).toBe('hi there');
  });
});

describe("a response ends only when it really ends, not at the first 'finish'", () => {
  it("keeps writing after an early, manual 'finish' and returns the whole body", async () => {
    const app = (_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first half, ');
      res.emit('finish');
      setTimeout(() => res.end('second half'), 20);
    };
    for (const { name, make } of SOURCES) {
      const result = await createHandler(app)(make({ headers: [['Host', 'example.com']] }), lambdaContext(`req-finish-${name}`));
      expect(bodyOf(result).toString(), name).toBe('first half, second half');
    }
  });

  it("still completes a response whose only 'finish' is the real one", async () => {
    const app = (_req: IncomingMessage, res: ServerResponse) => setTimeout(() => res.end('late'), 10);
    expect(bodyOf(await createHandler(app)(httpApiEvent(), lambdaContext())).toString()).toBe('late');
  });
});

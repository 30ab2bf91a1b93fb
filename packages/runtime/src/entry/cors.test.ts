import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import type { CorsConfig, EntryModules } from '../contract.js';
import { runtimeConfig } from './__fixtures__/config.js';
import { context, httpApiEvent, restEvent } from './__fixtures__/events.js';
import { createEntry } from './create-entry.js';
import { allowedOrigin } from './cors.js';

const CORS: CorsConfig = {
  allowOrigins: ['https://app.example.com'],
  allowHeaders: ['Content-Type', 'Authorization'],
  allowMethods: ['GET', 'POST', 'OPTIONS'],
  allowCredentials: true,
  maxAge: 600,
};

function entry(cors: CorsConfig | null) {
  const app = vi.fn((_req: unknown, res: { setHeader(n: string, v: string): void; end(b: string): void }) => {
    res.setHeader('content-type', 'application/json');
    res.end('{"ok":true}');
  });
  const modules: EntryModules = { app, functions: {} };
  const handler = createEntry(runtimeConfig({ http: { basePath: '', binarySupport: true, responseStreaming: false, cors } }), async () => modules);
  return { handler, app };
}

function preflightV1(origin: string) {
  const event = restEvent('/quotes');
  event.httpMethod = 'OPTIONS';
  event.headers = { Origin: origin, 'Access-Control-Request-Method': 'POST' };
  event.multiValueHeaders = { Origin: [origin], 'Access-Control-Request-Method': ['POST'] };
  return event;
}

describe('CORS in the entry', () => {
  it('answers a REST v1 preflight without calling the app', async () => {
    const { handler, app } = entry(CORS);
    const result = (await handler(preflightV1('https://app.example.com'), context)) as { statusCode: number; multiValueHeaders: Record<string, string[]> };
    expect(app).not.toHaveBeenCalled();
    expect(result.statusCode).toBe(204);
    expect(result.multiValueHeaders).toMatchObject({
      'access-control-allow-origin': ['https://app.example.com'],
      'access-control-allow-credentials': ['true'],
      'access-control-allow-methods': ['GET,POST,OPTIONS'],
      'access-control-allow-headers': ['Content-Type,Authorization'],
      'access-control-max-age': ['600'],
    });
  });

  it('gives a disallowed origin no CORS headers', async () => {
    const { handler } = entry(CORS);
    const result = (await handler(preflightV1('https://evil.example'), context)) as { multiValueHeaders: Record<string, string[]> };
    expect(Object.keys(result.multiValueHeaders).filter((k) => k.startsWith('access-control'))).toEqual([]);
  });

  it('answers an HTTP API preflight in the 2.0 shape', async () => {
    const { handler, app } = entry(CORS);
    const event = httpApiEvent();
    event.requestContext.http.method = 'OPTIONS';
    event.headers = { origin: 'https://app.example.com', 'access-control-request-method': 'GET' };
    const result = (await handler(event, context)) as { statusCode: number; headers: Record<string, string> };
    expect(app).not.toHaveBeenCalled();
    expect(result.statusCode).toBe(204);
    expect(result.headers['access-control-allow-origin']).toBe('https://app.example.com');
  });

  it('adds the allowed origin to app responses, and nothing without cors', async () => {
    const { handler } = entry(CORS);
    const event = restEvent('/quotes');
    event.headers = { ...event.headers, Origin: 'https://app.example.com' };
    event.multiValueHeaders = { ...event.multiValueHeaders, Origin: ['https://app.example.com'] };
    const result = (await handler(event, context)) as { statusCode: number; multiValueHeaders: Record<string, string[]>; body: string };
    expect(result.statusCode).toBe(200);
    expect(result.body).toBe('{"ok":true}');
    expect(result.multiValueHeaders['access-control-allow-origin']).toEqual(['https://app.example.com']);
    expect(result.multiValueHeaders.vary).toEqual(['Origin']);

    const plain = entry(null);
    const bare = (await plain.handler(event, context)) as { multiValueHeaders: Record<string, string[]> };
    expect(bare.multiValueHeaders['access-control-allow-origin']).toBeUndefined();
  });

  it('with responseStreaming, still answers a preflight without calling the app', async () => {
    const app = vi.fn((_req: unknown, res: { end(b: string): void }) => res.end('app ran'));
    const config = runtimeConfig({ http: { basePath: '', binarySupport: true, responseStreaming: true, cors: CORS } });
    // the Lambda runtime's streamifyResponse, as a stand-in that marks nothing
    const handler = createEntry(config, async () => ({ app, functions: {} }), { awslambda: { streamifyResponse: (h) => h } });
    expect(handler.streaming).toBe(true);
    const chunks: Buffer[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        chunks.push(Buffer.from(chunk));
        done();
      },
    });
    await (handler as unknown as (e: unknown, s: Writable, c: unknown) => Promise<void>)(preflightV1('https://app.example.com'), stream, context);
    expect(app).not.toHaveBeenCalled();
    const prelude = JSON.parse(Buffer.concat(chunks).toString('utf8').split('\0')[0]!) as { statusCode: number; multiValueHeaders: Record<string, string[]> };
    expect(prelude.statusCode).toBe(204);
    expect(prelude.multiValueHeaders['access-control-allow-origin']).toEqual(['https://app.example.com']);
  });

  it('with responseStreaming, gives streamed app responses the CORS headers unless the app set them', async () => {
    const app = vi.fn((req: { headers: Record<string, string> }, res: { setHeader(n: string, v: string): void; end(b: string): void }) => {
      if (req.headers['x-own'] === '1') res.setHeader('access-control-allow-origin', 'https://own.example');
      res.end('streamed');
    });
    const config = runtimeConfig({ http: { basePath: '', binarySupport: true, responseStreaming: true, cors: CORS } });
    const handler = createEntry(config, async () => ({ app, functions: {} }), { awslambda: { streamifyResponse: (h) => h } });
    const prelude = async (headers: Record<string, string>) => {
      const event = restEvent('/quotes');
      event.headers = headers;
      event.multiValueHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]]));
      const chunks: Buffer[] = [];
      const stream = new Writable({
        write(chunk: Buffer, _enc, done) {
          chunks.push(Buffer.from(chunk));
          done();
        },
      });
      await (handler as unknown as (e: unknown, s: Writable, c: unknown) => Promise<void>)(event, stream, context);
      const [json, body] = Buffer.concat(chunks).toString('utf8').split('\0'.repeat(8));
      expect(body).toBe('streamed');
      return JSON.parse(json!) as { statusCode: number; multiValueHeaders: Record<string, string[]> };
    };
    const allowed = await prelude({ Origin: 'https://app.example.com' });
    expect(allowed.multiValueHeaders['access-control-allow-origin']).toEqual(['https://app.example.com']);
    expect(allowed.multiValueHeaders['access-control-allow-credentials']).toEqual(['true']);
    expect((await prelude({ Origin: 'https://other.example.com' })).multiValueHeaders['access-control-allow-origin']).toBeUndefined();
    expect((await prelude({ Origin: 'https://app.example.com', 'x-own': '1' })).multiValueHeaders['access-control-allow-origin']).toEqual(['https://own.example']);
  });

  it('sends * for a wildcard without credentials, and echoes the origin with them', () => {
    expect(allowedOrigin({ ...CORS, allowOrigins: ['*'], allowCredentials: false }, 'https://x.test')).toBe('*');
    expect(allowedOrigin({ ...CORS, allowOrigins: ['*'], allowCredentials: true }, 'https://x.test')).toBe('https://x.test');
  });
});

/** Real Express 4, Express 5, Koa, Fastify and Hono apps behind every integration. */
import { describe, expect, it } from 'vitest';
import { BIN, EXPIRES, makeExpress4, makeExpress5, makeFastify, makeHono, makeKoa } from '../../test/http/apps.js';
import { SOURCES, httpApiEvent, lambdaContext, restEvent } from '../../test/http/events.js';
import { bodyOf, headerValues } from '../../test/http/support.js';
import { createHandler } from './index.js';

const FRAMEWORKS: { name: string; make: () => unknown; ip: boolean }[] = [
  { name: 'Express 4', make: makeExpress4, ip: true },
  { name: 'Express 5', make: makeExpress5, ip: true },
  { name: 'Koa', make: makeKoa, ip: true },
  { name: 'Fastify', make: makeFastify, ip: true },
  { name: 'Hono', make: makeHono, ip: false },
];

const json = (result: unknown) => JSON.parse(bodyOf(result).toString('utf8')) as Record<string, unknown>;
const host: [string, string] = ['Host', 'api.example.com'];

for (const fw of FRAMEWORKS) {
  describe(fw.name, () => {
    const handler = createHandler(fw.make());

    for (const { name, make } of SOURCES) {
      it(`${name}: route params, query, client ip and the invocation`, async () => {
        const result = await handler(
          make({ path: '/hello/Zo%C3%AB', rawQuery: 'greeting=hi%20there', sourceIp: '198.51.100.20' }),
          lambdaContext(`${fw.name}-${name}`),
        );
        expect(result.statusCode).toBe(200);
        expect(headerValues(result, 'content-type')[0]).toMatch(/^application\/json/);
        expect(result.isBase64Encoded).toBe(false);
        const body = json(result);
        expect(body.hello).toBe('Zoë');
        expect(body.greeting).toBe('hi there');
        expect(body.protocol).toBe('https');
        if (fw.ip) expect(body.ip).toBe('198.51.100.20');
        expect(body.id).toBe(`${fw.name}-${name}`);
        expect(body.idFromReq).toBe(`${fw.name}-${name}`);
        if ('idFromEnv' in body) expect(body.idFromEnv).toBe(`${fw.name}-${name}`);
      });

      it(`${name}: JSON request body, plain and base64-encoded`, async () => {
        const payload = { name: 'Zoë', list: [1, 2, 3] };
        for (const base64 of [false, true]) {
          const result = await handler(
            make({ method: 'POST', path: '/echo', body: JSON.stringify(payload), base64, headers: [host, ['Content-Type', 'application/json']] }),
            lambdaContext(),
          );
          expect(result.statusCode).toBe(200);
          expect(json(result)).toEqual(payload);
        }
      });

      it(`${name}: binary response`, async () => {
        const result = await handler(make({ path: '/bin' }), lambdaContext());
        expect(result.statusCode).toBe(200);
        expect(result.isBase64Encoded).toBe(true);
        expect(bodyOf(result).equals(BIN)).toBe(true);
      });

      it(`${name}: streamed response body`, async () => {
        const result = await handler(make({ path: '/stream' }), lambdaContext());
        expect(result.statusCode).toBe(200);
        expect(bodyOf(result).toString()).toBe('one,two,three');
        expect(headerValues(result, 'transfer-encoding')).toEqual([]);
      });

      it(`${name}: 404 and 500 from the framework itself`, async () => {
        expect((await handler(make({ path: '/nope' }), lambdaContext())).statusCode).toBe(404);
        expect((await handler(make({ path: '/boom' }), lambdaContext())).statusCode).toBe(500);
      });

      it(`${name}: HEAD has no body`, async () => {
        const result = await handler(make({ method: 'HEAD', path: '/hello/x' }), lambdaContext());
        expect(result.statusCode).toBe(200);
        expect(result.body).toBe('');
      });
    }

    it('REST v1: both cookies survive in multiValueHeaders', async () => {
      const cookies = headerValues(await handler(restEvent({ path: '/cookies' }), lambdaContext()), 'set-cookie');
      expect(cookies).toHaveLength(2);
      expect(cookies[0]!.toLowerCase()).toContain(`expires=${EXPIRES.toUTCString()}`.toLowerCase());
      expect(cookies[1]).toMatch(/^b=2/);
    });

    it('HTTP API 2.0: both cookies in `cookies`, Expires date intact', async () => {
      const result = (await handler(httpApiEvent({ path: '/cookies' }), lambdaContext())) as { cookies?: string[] };
      expect(result.cookies).toHaveLength(2);
      expect(result.cookies![0]!.toLowerCase()).toContain(`expires=${EXPIRES.toUTCString()}`.toLowerCase());
    });

    it('HTTP API named stage: the app sees its own routes', async () => {
      const result = await handler(httpApiEvent({ stage: 'dev', path: '/dev/hello/x' }), lambdaContext());
      expect(json(result).hello).toBe('x');
    });
  });
}

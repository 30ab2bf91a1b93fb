/** Every accepted kind of app, normalised to one of two calling conventions. */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { makeFastify, makeHono, makeKoa } from '../../test/http/apps.js';
import { httpApiEvent, lambdaContext } from '../../test/http/events.js';
import { bodyOf, captureLogger, sleep } from '../../test/http/support.js';
import { resolveApp } from './app.js';
import { createHandler, createStreamingHandler, getInvocation } from './index.js';

const hello = (_req: IncomingMessage, res: ServerResponse) => {
  res.setHeader('content-type', 'text/plain');
  res.end('hello');
};

const text = async (app: unknown, path = '/') =>
  bodyOf(await createHandler(app, { logger: captureLogger().logger })(httpApiEvent({ path }), lambdaContext('req-app'))).toString();

describe('app kinds', () => {
  it('a (req, res) listener', async () => {
    expect(await text(hello)).toBe('hello');
  });

  it('a (req, res, next) listener (Connect style)', async () => {
    expect(await text((req: IncomingMessage, res: ServerResponse, _next: () => void) => hello(req, res))).toBe('hello');
  });

  it('an http.Server: its request listeners answer', async () => {
    expect(await text(createServer(hello))).toBe('hello');
  });

  it('a Polka-style object with a (req, res) handler', async () => {
    expect(await text({ handler: (req: IncomingMessage, res: ServerResponse) => hello(req, res) })).toBe('hello');
  });

  it('any object with fetch(request): gets a Request, env with the event and context, and executionCtx', async () => {
    const app = {
      async fetch(request: Request, env: { event: unknown; lambdaContext: { awsRequestId: string } }, ctx: { waitUntil(p: Promise<unknown>): void }) {
        ctx.waitUntil(sleep(1));
        const url = new URL(request.url);
        return new Response(
          JSON.stringify({
            path: url.pathname + url.search,
            host: url.host,
            method: request.method,
            env: env.lambdaContext.awsRequestId,
            als: getInvocation()?.context.awsRequestId,
            onRequest: getInvocation(request)?.context.awsRequestId,
            hasEvent: env.event !== undefined,
          }),
          { headers: { 'content-type': 'application/json' } },
        );
      },
    };
    const result = await createHandler(app)(httpApiEvent({ path: '/f/x', rawQuery: 'a=1&a=2' }), lambdaContext('req-fetch'));
    expect(JSON.parse(result.body)).toEqual({
      path: '/f/x?a=1&a=2',
      host: 'id.execute-api.us-east-1.amazonaws.com',
      method: 'GET',
      env: 'req-fetch',
      als: 'req-fetch',
      onRequest: 'req-fetch',
      hasEvent: true,
    });
  });

  it('fetch apps: waitUntil work is awaited before the invocation returns', async () => {
    let done = false;
    const app = {
      fetch: (_r: Request, _e: unknown, ctx: { waitUntil(p: Promise<unknown>): void }) => {
        ctx.waitUntil(sleep(15).then(() => (done = true)));
        return new Response('ok', { headers: { 'content-type': 'text/plain' } });
      },
    };
    await createHandler(app)(httpApiEvent(), lambdaContext());
    expect(done).toBe(true);
  });

  it('fetch apps: a throw is a 500; a hang is a 500 at the deadline', async () => {
    const { logger, lines } = captureLogger();
    const boom = { fetch: () => Promise.reject(new Error('fetch boom')) };
    expect((await createHandler(boom, { logger })(httpApiEvent(), lambdaContext('req-fb'))).statusCode).toBe(500);
    expect(lines[0]?.details?.requestId).toBe('req-fb');
    const hang = { fetch: () => new Promise<Response>(() => undefined) };
    expect((await createHandler(hang, { logger, deadlineMarginMs: 20 })(httpApiEvent(), lambdaContext('x', 60))).statusCode).toBe(500);
  });

  it('Koa, Fastify and Hono instances', async () => {
    expect(JSON.parse(await text(makeKoa(), '/hello/k')).hello).toBe('k');
    expect(JSON.parse(await text(makeFastify(), '/hello/f')).hello).toBe('f');
    expect(JSON.parse(await text(makeHono(), '/hello/h')).hello).toBe('h');
  });

  it('an async factory of any of them, a promise of one, or a module namespace', async () => {
    expect(JSON.parse(await text(async () => makeFastify(), '/hello/f')).hello).toBe('f');
    expect(JSON.parse(await text(async () => makeKoa(), '/hello/k')).hello).toBe('k');
    expect(JSON.parse(await text(() => makeHono(), '/hello/h')).hello).toBe('h');
    expect(await text(Promise.resolve(hello))).toBe('hello');
    expect(await text({ default: hello })).toBe('hello');
    expect(await text(async () => ({ default: createServer(hello) }))).toBe('hello');
  });

  it('functions of two or more parameters are listeners; shorter ones are factories', async () => {
    expect((await resolveApp(hello)).kind).toBe('node');
    expect((await resolveApp(() => hello)).kind).toBe('node');
    expect((await resolveApp(() => ({ fetch: () => new Response() }))).kind).toBe('fetch');
  });

  it('createHandler refuses what is not an app at once, naming what it got', () => {
    const cases: [unknown, RegExp][] = [
      [{}, /cannot serve an object with no keys: expected a \(req, res\) listener/],
      [{ get: 1, post: 2 }, /cannot serve an object with keys "get", "post"/],
      [undefined, /cannot serve undefined/],
      [null, /cannot serve null/],
      ['app.js', /cannot serve the string "app.js"/],
      [42, /cannot serve the number 42/],
      [[hello], /cannot serve an array of 1/],
    ];
    for (const [app, message] of cases) {
      expect(() => createHandler(app)).toThrow(message);
      expect(() => createStreamingHandler(app)).toThrow(message);
    }
    // what a factory or promise resolves to is only known later: accepted here
    expect(() => createHandler(async () => undefined)).not.toThrow();
    expect(() => createHandler(Promise.resolve(hello))).not.toThrow();
    expect(() => createHandler({ default: hello })).not.toThrow();
  });

  it('rejects what it cannot serve, with a message that says what it takes', async () => {
    await expect(resolveApp(42)).rejects.toThrow(/expected a \(req, res\) listener/);
    await expect(resolveApp(createServer())).rejects.toThrow(/no "request" listener/);
    await expect(resolveApp(async () => undefined)).rejects.toThrow(/cannot serve undefined/);
  });
});

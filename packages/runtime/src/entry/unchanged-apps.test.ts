/**
 * Apps whose module only starts a server, served through the real entry: the module is imported
 * (natively, as Lambda does) with listen() intercepted, the entry takes the server it started
 * and answers an API Gateway REST event with it; the port the module asked for is never opened.
 * One case per way of starting a server in issue 12, plus a fastify-cli plugin.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppConfig, EntryModules } from '../contract.js';
import { runtimeConfig } from './__fixtures__/config.js';
import { context, restEvent } from './__fixtures__/events.js';
import { freePort, portIsFree } from './__fixtures__/ports.js';
import { createEntry } from './create-entry.js';
import { releaseListen } from './listen-capture.js';

const FIXTURES = join(import.meta.dirname, '__fixtures__', 'listening');

const importNative = (url: string) => import(/* @vite-ignore */ url) as Promise<Record<string, unknown>>;

type Fixture = { tsappaFixture?: { listened: unknown; listening?: boolean } };
const fixtureState = () => (globalThis as Fixture).tsappaFixture;

afterEach(() => {
  releaseListen();
  delete (globalThis as Fixture).tsappaFixture;
  delete process.env.TSAPPA_FIXTURE_PORT;
});

function entryFor(file: string, app: Partial<AppConfig> = {}, extra: Partial<EntryModules> = {}, appStartTimeoutMs?: number) {
  const config = runtimeConfig({ app: { module: file, export: 'default', type: 'auto', ...app } });
  return createEntry(config, async () => ({ appModule: await importNative(pathToFileURL(join(FIXTURES, file)).href), functions: {}, ...extra }), {
    appStartTimeoutMs,
  });
}

async function serve(file: string, app: Partial<AppConfig> = {}, extra: Partial<EntryModules> = {}) {
  const port = await freePort();
  process.env.TSAPPA_FIXTURE_PORT = String(port);
  const handler = entryFor(file, app, extra);
  const result = (await handler(restEvent('/quotes/today'), context)) as { statusCode: number; body: string };
  releaseListen(); // the real listen() again, to check the port
  return { port, status: result.statusCode, body: JSON.parse(result.body) as unknown, free: await portIsFree(port) };
}

describe('an app module that only starts a server', () => {
  it('Express: app.listen(port, callback)', async () => {
    const { port, status, body, free } = await serve('express.cjs');
    expect({ status, body, free }).toEqual({ status: 200, body: { from: 'express' }, free: true });
    expect(fixtureState()).toEqual({ listened: { address: '::', family: 'IPv6', port } });
  });

  it('Koa: app.listen(port)', async () => {
    const { status, body, free } = await serve('koa.mjs');
    expect({ status, body, free }).toEqual({ status: 200, body: { from: 'koa' }, free: true });
  });

  it('node:http: server.listen(port, host, callback)', async () => {
    const { port, status, body, free } = await serve('node-http.cjs');
    expect({ status, body, free }).toEqual({ status: 200, body: { from: 'http' }, free: true });
    expect(fixtureState()).toEqual({ listened: { address: '0.0.0.0', family: 'IPv4', port }, listening: true });
  });

  it('Fastify: await fastify.listen({ port }) at the top level', async () => {
    const { port, status, body, free } = await serve('fastify.mjs');
    expect({ status, body, free }).toEqual({ status: 200, body: { from: 'fastify' }, free: true });
    expect(fixtureState()).toEqual({ listened: `http://127.0.0.1:${port}` });
  });

  it('Hono on @hono/node-server: serve() with a listening callback', async () => {
    const { port, status, body, free } = await serve('hono-node-server.mjs');
    expect({ status, body, free }).toEqual({ status: 200, body: { from: 'hono' }, free: true });
    expect(fixtureState()).toEqual({ listened: { address: '::', family: 'IPv6', port } });
  });

  it("hapi: await server.start() in an async init", async () => {
    const { port, status, body, free } = await serve('hapi.mjs');
    expect({ status, body, free }).toEqual({ status: 200, body: { from: 'hapi' }, free: true });
    expect(fixtureState()).toEqual({ listened: `http://localhost:${port}` });
  });

  it("NestJS: main.ts's bootstrap() awaits app.listen(port) after the module has loaded", async () => {
    const { port, status, body, free } = await serve('nest.mjs');
    expect({ status, body, free }).toEqual({ status: 200, body: { from: 'nest' }, free: true });
    expect(fixtureState()?.listened).toMatch(new RegExp(`^http://.+:${port}$`));
  });
});

describe('choosing the app', () => {
  it('an exported app wins over the server the module started, and the port stays closed', async () => {
    const { status, body, free } = await serve('exports-and-listens.cjs');
    expect({ status, body, free }).toEqual({ status: 200, body: { from: 'export' }, free: true });
  });

  it('a fastify-cli app (appType "fastify-plugin") is registered on the project\'s fastify with its options', async () => {
    const fastify = await importNative('fastify');
    const { status, body } = await serve('fastify-cli.cjs', { type: 'fastify-plugin' }, { fastify });
    expect({ status, body }).toEqual({ status: 200, body: { from: 'fastify-cli', ignoreTrailingSlash: true } });
  });

  it('a fastify-cli app without appType: the cold start says to set it', async () => {
    await expect(entryFor('fastify-cli.cjs')(restEvent(), context)).rejects.toThrow(
      /app: "default" of fastify-cli\.cjs looks like a Fastify plugin .* set "appType": "fastify-plugin"/,
    );
  });

  it('appType "fastify-plugin" without fastify in the package: a clear error', async () => {
    await expect(entryFor('fastify-cli.cjs', { type: 'fastify-plugin' })(restEvent(), context)).rejects.toThrow(
      /appType "fastify-plugin": the package holds no fastify .*install fastify/,
    );
  });

  it('neither an export nor a server: the cold start fails at the deadline, naming the module and what was expected', async () => {
    const handler = entryFor('no-server.mjs', {}, {}, 200);
    await expect(handler(restEvent(), context)).rejects.toThrow(
      /tsappa init failed: serving the app: app: no-server\.mjs exports nothing as "default" and started no HTTP server within 0\.2 s; expected the module to export the app .* or to start a server with listen\(\)/,
    );
  });

  it('a module that throws while loading: its error wins', async () => {
    await expect(entryFor('throws.mjs')(restEvent(), context)).rejects.toThrow(/tsappa init failed: loading the app: DATABASE_URL is not set/);
  });
});

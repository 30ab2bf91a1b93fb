/**
 * The generated modules file: the app module is imported whole, so a module that exports nothing
 * (it only calls listen()) still bundles, and the runtime gets everything it needs to serve it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { createEntry, KEEP_WARM_INPUT, KEEP_WARM_RESPONSE, type EntryModules } from '@tsappa/runtime';
import { describe, expect, it } from 'vitest';
import { resolveSettingsObject } from '../settings/index.js';
import { entrySource, modulesSource, slimEntrySource } from './entry-source.js';
import type { EntryImports, ModuleImport } from './function-ref.js';
import { toRuntimeConfig } from './runtime-config.js';

const module = (file: string, exportName: string | null, ref = `${file}:${exportName}`): ModuleImport => ({ ref, module: file, file, exportName, setting: 'app' });

function imports(overrides: Partial<EntryImports> = {}): EntryImports {
  return { app: module('src/main.ts', 'default'), appType: 'auto', functions: [], taskModules: [], ...overrides };
}

const rest = (path: string) => ({
  resource: '/{proxy+}',
  path,
  httpMethod: 'GET',
  headers: { Host: 'abcdef1234.execute-api.us-east-1.amazonaws.com' },
  multiValueHeaders: { Host: ['abcdef1234.execute-api.us-east-1.amazonaws.com'] },
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  pathParameters: { proxy: path.slice(1) },
  stageVariables: null,
  requestContext: { accountId: '123456789012', apiId: 'abcdef1234', httpMethod: 'GET', path: `/dev${path}`, stage: 'dev', requestId: 'r-1', resourcePath: '/{proxy+}', identity: { sourceIp: '203.0.113.7' } },
  body: null,
  isBase64Encoded: false,
});

/** Resolves true when nothing accepts connections on the port. */
const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });

describe('modulesSource', () => {
  it('imports the app module whole and the functions by name', () => {
    const source = modulesSource(
      imports({ functions: [module('src/jobs.ts', 'nightly')], taskModules: [module('src/tasks.ts', null, 'src/tasks.ts')] }),
      (m) => `/p/${m.file}`,
    );
    expect(source).toContain('import * as appModule from "/p/src/main.ts";');
    expect(source).toContain('import { "nightly" as f1 } from "/p/src/jobs.ts";');
    expect(source).toContain('export { appModule };');
    expect(source).toContain('"src/jobs.ts:nightly": f1,');
    expect(source).not.toContain('fastify');
  });

  it('imports the project\'s fastify for appType "fastify-plugin"', () => {
    const source = modulesSource(imports({ app: module('app.js', 'default'), appType: 'fastify-plugin' }), (m) => `./${m.file}`);
    expect(source).toContain('import * as fastify from "fastify";');
    expect(source).toContain('export { appModule, fastify };');
  });

  it('an ES module that only calls listen() bundles, and the entry serves the server it started without opening its port', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsappa-modules-'));
    const port = 39_000 + Math.floor(Math.random() * 1000);
    writeFileSync(
      join(dir, 'main.mjs'),
      [
        "import { createServer } from 'node:http';",
        "const server = createServer((req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ url: req.url })));",
        `await new Promise((resolve) => server.listen(${port}, resolve));`,
      ].join('\n'),
    );
    const settings = await resolveSettingsObject({ dev: { app: 'main.mjs', awsRegion: 'us-east-1' } }, 'dev', { configFile: join(dir, 'tsappa.json'), projectDir: dir });
    const source = modulesSource(imports({ app: module(join(dir, 'main.mjs'), 'default', 'main.mjs') }), (m) => m.file);
    const out = join(dir, 'modules.mjs');
    const result = await build({ stdin: { contents: source, resolveDir: dir, loader: 'js' }, bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'silent' });
    expect(result.errors).toEqual([]);

    // as the generated entry does: the modules file is imported by the cold start
    const handler = createEntry(toRuntimeConfig(settings), () => import(/* @vite-ignore */ pathToFileURL(out).href) as Promise<EntryModules>);
    const response = (await handler(rest('/quotes/today'), {})) as { statusCode: number; body: string };
    expect(response).toMatchObject({ statusCode: 200, body: JSON.stringify({ url: '/quotes/today' }) });
    expect(await refused(port)).toBe(true);
  });
});

describe('entrySource', () => {
  /** The generated entry, bundled as the packager bundles it, beside an app module that counts its loads. */
  async function bundledEntry(appSource: string): Promise<{ dir: string; entry: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'tsappa-entry-'));
    writeFileSync(join(dir, 'app.mjs'), appSource);
    writeFileSync(join(dir, 'modules.mjs'), modulesSource(imports({ app: module('./app.mjs', 'app', 'app.mjs:app') }), (m) => m.file));
    const settings = await resolveSettingsObject({ dev: { app: 'app.mjs:app', awsRegion: 'us-east-1' } }, 'dev', { configFile: join(dir, 'tsappa.json'), projectDir: dir });
    const entry = join(dir, 'tsappa-entry.mjs');
    const result = await build({
      stdin: { contents: entrySource(toRuntimeConfig(settings), './modules.mjs'), resolveDir: import.meta.dirname, loader: 'js' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      external: ['./modules.mjs'],
      outfile: entry,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    return { dir, entry };
  }

  const counter = (name: string) => `globalThis[${JSON.stringify(name)}] = (globalThis[${JSON.stringify(name)}] ?? 0) + 1;`;

  it('loads the app at module load (Lambda\'s init phase), and a keep-warm ping leaves it loaded', async () => {
    const { entry } = await bundledEntry(
      [counter('tsappaEntryTestLoads'), "export const app = (req, res) => res.setHeader('content-type', 'text/plain').end('hello ' + req.url);"].join('\n'),
    );
    const loads = () => (globalThis as Record<string, unknown>).tsappaEntryTestLoads;
    const { handler } = (await import(/* @vite-ignore */ pathToFileURL(entry).href)) as { handler: (event: unknown, context: unknown) => Promise<unknown> };
    expect(loads()).toBe(1); // before the first invocation
    expect(await handler({ ...KEEP_WARM_INPUT }, {})).toEqual(KEEP_WARM_RESPONSE);
    expect(await handler(rest('/quotes'), {})).toMatchObject({ statusCode: 200, body: 'hello /quotes' });
    expect(loads()).toBe(1);
  });

  it('a failing app module does not fail the module load: the invocation reports it', async () => {
    const { entry } = await bundledEntry("throw new Error('database URL missing');\nexport const app = () => {};");
    const errors: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    let handler: (event: unknown, context: unknown) => Promise<unknown>;
    try {
      ({ handler } = (await import(/* @vite-ignore */ pathToFileURL(entry).href)) as { handler: typeof handler });
    } finally {
      console.error = original;
    }
    expect(String(errors[0]?.[0])).toContain('the cold start failed in the init phase');
    expect(String(errors[0]?.[1])).toContain('tsappa init failed: loading the app: database URL missing');
    await expect(handler(rest('/quotes'), {})).rejects.toThrow('tsappa init failed: loading the app: database URL missing');
  });

  it('the slimHandler entry runs its cold start at top level too', async () => {
    const settings = await resolveSettingsObject({ dev: { app: 'app.mjs:app', awsRegion: 'us-east-1', slimHandler: true } }, 'dev', { configFile: '/p/tsappa.json', projectDir: '/p' });
    const source = slimEntrySource(toRuntimeConfig(settings, { bucket: 'b', key: 'k.zip', sha256: 'ab' }));
    expect(source.trimEnd().split('\n').at(-1)).toBe('await handler.preload();');
  });
});

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
import { createEntry, type EntryModules } from '@tsappa/runtime';
import { describe, expect, it } from 'vitest';
import { resolveSettingsObject } from '../settings/index.js';
import { modulesSource } from './entry-source.js';
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

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectFramework, detectProject } from './detect.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsappa-detect-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const pkg = (fields: Record<string, unknown>) => JSON.stringify({ name: 'shop', ...fields });

describe('detectFramework', () => {
  it.each([
    [{ dependencies: { express: '^5' } }, 'express'],
    [{ dependencies: { koa: '^2' } }, 'koa'],
    [{ dependencies: { fastify: '^5', 'fastify-plugin': '^5' } }, 'fastify'],
    [{ dependencies: { hono: '^4', '@hono/node-server': '^1' } }, 'hono'],
    [{ dependencies: { '@hapi/hapi': '^21' } }, 'hapi'],
    [{ dependencies: { '@nestjs/core': '^11', express: '^5' } }, 'nestjs'],
    [{}, 'http'],
  ])('%j -> %s', (pkg, expected) => {
    expect(detectFramework(pkg)).toBe(expected);
  });
});

describe('detectProject: the app setting that serves the project unchanged', () => {
  it('package.json main and its export', () => {
    const dir = project({
      'package.json': JSON.stringify({ name: '@acme/Shop_API', main: 'lib/server.js', dependencies: { express: '^5' } }),
      'lib/server.js': 'module.exports = app;',
    });
    expect(detectProject(dir)).toEqual({
      projectName: 'acme-shop-api',
      app: 'lib/server.js:default',
      entry: 'lib/server.js',
      exportName: 'default',
      appType: 'auto',
      kind: 'export',
      framework: 'express',
      notes: [],
    });
  });

  it('express-generator: "start": "node ./bin/www" listens; the app.js it requires exports the app', () => {
    const dir = project({
      'package.json': pkg({ scripts: { start: 'node ./bin/www' }, dependencies: { express: '~4.22.3' } }),
      'bin/www': "#!/usr/bin/env node\nvar app = require('../app');\nvar http = require('http');\nvar server = http.createServer(app);\nserver.listen(port);\n",
      'app.js': "var express = require('express');\nvar app = express();\nmodule.exports = app;\n",
      'routes/index.js': 'module.exports = router;',
    });
    expect(detectProject(dir)).toMatchObject({ app: 'app.js:default', appType: 'auto', kind: 'export', framework: 'express', notes: [] });
  });

  it('koa-generator: bin/www requires ../app, which exports the Koa app', () => {
    const dir = project({
      'package.json': pkg({ scripts: { start: 'node bin/www', dev: './node_modules/.bin/nodemon bin/www' }, dependencies: { koa: '^2' } }),
      'bin/www': "const app = require('../app');\nconst http = require('http');\nconst server = http.createServer(app.callback());\nserver.listen(port);\n",
      'app.js': "const Koa = require('koa')\nconst app = new Koa()\nmodule.exports = app\n",
    });
    expect(detectProject(dir)).toMatchObject({ app: 'app.js:default', kind: 'export', framework: 'koa' });
  });

  it('a server module is not taken for an app module it merely imports (a config)', () => {
    const dir = project({
      'package.json': pkg({ scripts: { start: 'node server.js' } }),
      'server.js': "const config = require('./config');\nrequire('http').createServer(handler).listen(config.port);\n",
      'config.js': 'module.exports = { port: 3000 };',
    });
    expect(detectProject(dir)).toMatchObject({ app: 'server.js', exportName: null, kind: 'server' });
  });

  it('fastify-cli: the module "fastify start" serves is a plugin', () => {
    const dir = project({
      'package.json': pkg({ main: 'app.js', scripts: { start: 'fastify start -l info app.js', dev: 'fastify start -w -l info -P app.js' }, dependencies: { fastify: '^5', 'fastify-cli': '^8' } }),
      'app.js': "const options = {}\nmodule.exports = async function (fastify, opts) {}\nmodule.exports.options = options\n",
    });
    expect(detectProject(dir)).toMatchObject({ app: 'app.js:default', appType: 'fastify-plugin', kind: 'fastify-plugin', framework: 'fastify' });
  });

  it('fastify-cli in TypeScript: "fastify start dist/app.js" is src/app.ts', () => {
    const dir = project({
      'package.json': pkg({ scripts: { start: 'npm run build:ts && fastify start -l info dist/app.js' }, dependencies: { fastify: '^5' } }),
      'src/app.ts': 'const app: FastifyPluginAsync = async (fastify, opts): Promise<void> => {};\nexport default app;\nexport { app, options };\n',
    });
    expect(detectProject(dir)).toMatchObject({ app: 'src/app.ts:default', appType: 'fastify-plugin' });
  });

  it('a fastify plugin module with options, without a fastify start script, is still a plugin', () => {
    const dir = project({
      'package.json': pkg({ dependencies: { fastify: '^5' } }),
      'app.js': 'export const options = {};\nexport default async function (fastify, opts) {}\n',
    });
    expect(detectProject(dir)).toMatchObject({ app: 'app.js:default', appType: 'fastify-plugin' });
  });

  it('a Fastify instance exported is an app, not a plugin', () => {
    const dir = project({ 'package.json': pkg({ dependencies: { fastify: '^5' } }), 'src/app.ts': 'export const app = Fastify();\n' });
    expect(detectProject(dir)).toMatchObject({ app: 'src/app.ts:app', appType: 'auto', kind: 'export' });
  });

  it('Nest CLI: "nest start" runs src/main.ts (nest-cli.json), which only listens', () => {
    const dir = project({
      'package.json': pkg({ scripts: { start: 'nest start', 'start:prod': 'node dist/main' }, dependencies: { '@nestjs/core': '^11' } }),
      'nest-cli.json': JSON.stringify({ collection: '@nestjs/schematics', sourceRoot: 'src' }),
      'src/main.ts': "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(process.env.PORT ?? 3000);\n}\nbootstrap();\n",
      'src/app.module.ts': '@Module({})\nexport class AppModule {}\n',
    });
    expect(detectProject(dir)).toMatchObject({ app: 'src/main.ts', exportName: null, appType: 'auto', kind: 'server', framework: 'nestjs', notes: [] });
  });

  it('Hono on @hono/node-server: src/index.ts calls serve()', () => {
    const dir = project({
      'package.json': pkg({ type: 'module', scripts: { dev: 'tsx watch src/index.ts', start: 'node dist/index.js' }, dependencies: { hono: '^4', '@hono/node-server': '^1' } }),
      'src/index.ts': "import { serve } from '@hono/node-server'\nconst app = new Hono()\nserve({ fetch: app.fetch, port: 3000 }, (info) => {})\n",
    });
    expect(detectProject(dir)).toMatchObject({ app: 'src/index.ts', kind: 'server', framework: 'hono' });
  });

  it('hapi: await server.start() in the module', () => {
    const dir = project({
      'package.json': pkg({ main: 'server.js', dependencies: { '@hapi/hapi': '^21' } }),
      'server.js': "const init = async () => {\n  const server = Hapi.server({ port: 3000 });\n  await server.start();\n};\ninit();\n",
    });
    expect(detectProject(dir)).toMatchObject({ app: 'server.js', kind: 'server', framework: 'hapi' });
  });

  it('a plain http server.js that only listens: the module, not server.js:default', () => {
    const dir = project({
      'package.json': pkg({ main: 'server.js', scripts: { start: 'node server.js' } }),
      'server.js': "const http = require('http');\nconst server = http.createServer((req, res) => res.end('hi'));\nserver.listen(3000, () => console.log('up'));\n",
    });
    expect(detectProject(dir)).toMatchObject({ app: 'server.js', kind: 'server', framework: 'http', notes: [] });
  });

  it('prefers src/app.ts that exports the app over an index that only listens', () => {
    const dir = project({
      'package.json': pkg({ dependencies: { hono: '^4' } }),
      'src/index.ts': "import { app } from './app';\nserve(app);",
      'src/app.ts': 'export const app = new Hono();',
    });
    expect(detectProject(dir)).toMatchObject({ app: 'src/app.ts:app', entry: 'src/app.ts', exportName: 'app', framework: 'hono' });
  });

  it('a module that neither exports nor listens: a note asks to check "app"', () => {
    const dir = project({ 'package.json': pkg({}), 'index.js': "console.log('hello');" });
    const detection = detectProject(dir);
    expect(detection).toMatchObject({ app: 'index.js', kind: null });
    expect(detection.notes).toEqual([expect.stringContaining('index.js neither exports an app nor starts a server')]);
  });

  it('nothing found: a note says what to set', () => {
    const detection = detectProject(project({ 'package.json': pkg({}) }));
    expect(detection).toMatchObject({ app: null, entry: null });
    expect(detection.notes[0]).toContain('no app module was found');
  });
});

describe('detectProject on the real generator outputs (test/fixtures/apps)', () => {
  const apps = fileURLToPath(new URL('../../test/fixtures/apps/', import.meta.url));
  it.each([
    ['express-pug', 'app.js:default', 'auto', 'express'],
    ['koa2', 'app.js:default', 'auto', 'koa'],
    ['fastify-cli', 'app.js:default', 'fastify-plugin', 'fastify'],
    ['nest', 'src/main.ts', 'auto', 'nestjs'],
    ['hono-node', 'src/index.ts', 'auto', 'hono'],
    ['plain-http', 'server.js', 'auto', 'http'],
    ['sharp', 'app.js:default', 'auto', 'express'],
    ['monorepo/packages/api', 'src/app.js:app', 'auto', 'express'],
  ])('%s -> app %s, appType %s', (name, app, appType, framework) => {
    expect(detectProject(join(apps, name))).toMatchObject({ app, appType, framework, notes: [] });
  });
});

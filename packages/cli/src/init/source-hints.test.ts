import { describe, expect, it } from 'vitest';
import { detectExport, isFastifyPluginModule, localImports, startsServer } from './source-hints.js';

describe('detectExport', () => {
  it.each([
    ['export default app;', 'default'],
    ['module.exports = app;', 'default'],
    ['export const app = express();', 'app'],
    ['export async function createApp() {}', 'createApp'],
    ['const server = http.createServer(h);\nexport { server };', 'server'],
    ['exports.app = app;', 'app'],
    ['const app = express();\napp.listen(3000);', null],
    ['export class AppModule {}', null],
  ])('%s -> %s', (source, expected) => {
    expect(detectExport(source)).toBe(expected);
  });
});

describe('startsServer', () => {
  it.each([
    ['app.listen(3000)', true],
    ['await app.listen(process.env.PORT ?? 3000);', true],
    ['server.listen(port);', true],
    ['serve({ fetch: app.fetch, port: 3000 })', true],
    ['await server.start();', true],
    ['// app.listen(3000)\nmodule.exports = app;', false],
    ['app.use(serveStatic({ root: "./" }))', false],
    ['job.start()', false],
    ['module.exports = app;', false],
  ])('%s -> %s', (source, expected) => {
    expect(startsServer(source)).toBe(expected);
  });
});

describe('isFastifyPluginModule', () => {
  it.each([
    ["module.exports = async function (fastify, opts) {}\nmodule.exports.options = options", true],
    ['export default async function (fastify, opts) {}\nexport const options = {}', true],
    ['const app = async (fastify, opts): Promise<void> => {};\nexport default app;\nexport { app, options }', true],
    ['module.exports = async function (fastify, opts) {}', false],
    ['export const app = Fastify();\nexport const options = {}', false],
  ])('%s -> %s', (source, expected) => {
    expect(isFastifyPluginModule(source)).toBe(expected);
  });
});

describe('localImports', () => {
  it('finds relative requires and imports with the names they bind', () => {
    const source = [
      "var app = require('../app');",
      "var http = require('http');",
      "import { AppModule, Other as X } from './app.module.js';",
      "import server from './server';",
      "import './polyfills';",
      "require('./side-effect');",
    ].join('\n');
    expect(localImports(source)).toEqual([
      { specifier: '../app', names: ['app'] },
      { specifier: './side-effect', names: [] },
      { specifier: './app.module.js', names: ['AppModule', 'Other', 'X'] },
      { specifier: './server', names: ['server'] },
      { specifier: './polyfills', names: [] },
    ]);
  });
});

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectExport, detectFramework, detectProject } from './detect.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsappa-detect-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('detectExport', () => {
  it.each([
    ['export default app;', 'default'],
    ['module.exports = app;', 'default'],
    ['export const app = express();', 'app'],
    ['export async function createApp() {}', 'createApp'],
    ['const server = http.createServer(h);\nexport { server };', 'server'],
    ['exports.app = app;', 'app'],
    ['const app = express();\napp.listen(3000);', null],
  ])('%s -> %s', (source, expected) => {
    expect(detectExport(source)).toBe(expected);
  });
});

describe('detectFramework', () => {
  it.each([
    [{ dependencies: { express: '^5' } }, 'express'],
    [{ dependencies: { koa: '^2' } }, 'koa'],
    [{ dependencies: { fastify: '^5', 'fastify-plugin': '^5' } }, 'fastify'],
    [{ dependencies: { hono: '^4' } }, 'hono'],
    [{ dependencies: { '@nestjs/core': '^11', express: '^5' } }, 'nestjs'],
    [{}, 'http'],
  ])('%j -> %s', (pkg, expected) => {
    expect(detectFramework(pkg)).toBe(expected);
  });
});

describe('detectProject', () => {
  it('uses package.json main and its export', () => {
    const dir = project({
      'package.json': JSON.stringify({ name: '@acme/Shop_API', main: 'lib/server.js', dependencies: { express: '^5' } }),
      'lib/server.js': 'module.exports = app;',
    });
    expect(detectProject(dir)).toEqual({ projectName: 'acme-shop-api', entry: 'lib/server.js', exportName: 'default', framework: 'express', notes: [] });
  });

  it('prefers src/app.ts over an index that only listens', () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'q', dependencies: { hono: '^4' } }),
      'src/index.ts': "import { app } from './app';\nserve(app);",
      'src/app.ts': 'export const app = new Hono();',
    });
    expect(detectProject(dir)).toMatchObject({ entry: 'src/app.ts', exportName: 'app', framework: 'hono' });
  });

  it('says when the module does not export the app', () => {
    const dir = project({ 'package.json': JSON.stringify({ name: 'q' }), 'app.js': 'const app = express(); app.listen(3000);' });
    const detection = detectProject(dir);
    expect(detection.entry).toBe('app.js');
    expect(detection.notes[0]).toContain('does not seem to export the app');
  });
});

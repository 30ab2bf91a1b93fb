/**
 * Item 2 with a real native addon from the npm registry (@node-rs/crc32 ships its binaries as
 * per-platform optional packages): packaged for arm64 on this machine, the zip holds the linux
 * arm64 glibc binary and no other; packaged for x86_64 with npm, the handler really loads it.
 * Skipped (with a warning) when the npm registry cannot be reached.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPackage } from './index.js';
import { httpApiEvent, invokeLikeLambda } from '../../test/support/test-lambda.js';
import { testSettings } from '../../test/support/test-settings.js';
import { unzipTo, zipNames } from '../../test/support/test-zip.js';

const ADDON = '@node-rs/crc32';
const VERSION = '1.10.8';

let project = '';
let offline: string | null = null;

describe('native addons installed for the target', () => {
  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), 'tsappa-native-app-'));
    await mkdir(join(project, 'src'));
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'native-app', version: '1.0.0', type: 'module', dependencies: { [ADDON]: VERSION } }));
    await writeFile(
      join(project, 'src', 'app.mjs'),
      `import { crc32 } from '${ADDON}';\nexport const app = (req, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end(String(crc32('tsappa'))); };\n`,
    );
    const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], { cwd: project, encoding: 'utf8', timeout: 120_000 });
    if (install.status !== 0) {
      offline = `npm install ${ADDON} failed (offline?): ${(install.stderr ?? '').trim().split('\n').slice(-3).join(' ')}`;
      console.warn(`[integration] skipping native addon tests: ${offline}`);
    }
  }, 180_000);

  it('ships the linux arm64 glibc binary for architecture arm64, and no other', async (ctx) => {
    if (offline) ctx.skip();
    const result = await buildPackage(testSettings(project, { app: 'src/app.mjs:app', architecture: 'arm64' }), { install: 'npm' });
    expect(result.nativeModules.map((m) => m.name)).toEqual([ADDON]);
    const binaries = zipNames(result.path).filter((n) => n.endsWith('.node'));
    expect(binaries).toEqual([`node_modules/@node-rs/crc32-linux-arm64-gnu/crc32.linux-arm64-gnu.node`]);
    expect(zipNames(result.path)).toContain(`node_modules/${ADDON}/package.json`);
  }, 180_000);

  it('installs it with npm for x86_64 and the packaged handler loads it', async (ctx) => {
    if (offline) ctx.skip();
    const result = await buildPackage(testSettings(project, { app: 'src/app.mjs:app', architecture: 'x86_64' }), { install: 'npm' });
    expect(zipNames(result.path).filter((n) => n.endsWith('.node'))).toEqual([`node_modules/@node-rs/crc32-linux-x64-gnu/crc32.linux-x64-gnu.node`]);
    if (process.platform !== 'linux' || process.arch !== 'x64') return; // cannot run an x64 binary here
    const taskRoot = await mkdtemp(join(tmpdir(), 'tsappa-task-root-'));
    await unzipTo(result.path, taskRoot);
    const run = await invokeLikeLambda(taskRoot, result.handler, [httpApiEvent('GET', '/')], {});
    expect(run.results[0], run.stderr).toMatchObject({ ok: true, value: { statusCode: 200 } });
    const body = (run.results[0] as { value: { body: string } }).value.body;
    expect(Number(body)).toBeGreaterThan(0);
  }, 180_000);
});

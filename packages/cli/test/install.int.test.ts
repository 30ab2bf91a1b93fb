/**
 * The install the README documents, done for real: scripts/release.mjs packs the three packages
 * into tarballs, a fresh Express project outside the repository installs them with npm, and the
 * installed `tsappa` reports its version, writes settings and builds a zip whose handler answers
 * an API Gateway event. Nothing here resolves from the repository's node_modules.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restEvent } from '../../runtime/test/http/events.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const manifestOf = (dir: string) => JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as { name: string; version: string };
const CLI_VERSION = manifestOf('packages/cli').version;
/** The file `npm pack` writes for a workspace: `@tsappa/runtime` 0.1.0 is tsappa-runtime-0.1.0.tgz. */
const tarballOf = (dir: string) => {
  const { name, version } = manifestOf(dir);
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
};
const INSTALL_TIMEOUT_MS = 150_000;

/** The environment of an npm run minus what would make a nested npm act on the monorepo. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true' };
  for (const key of Object.keys(env)) {
    if (/^npm_(package|lifecycle)_|^npm_config_(workspaces?|include_workspace_root|prefix|global)$|^INIT_CWD$/.test(key)) delete env[key];
  }
  return env;
}

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: cleanEnv(), timeout: INSTALL_TIMEOUT_MS });
  return { code: result.status, stdout: result.stdout, stderr: `${result.stderr}${result.error ? String(result.error) : ''}` };
}

/** Extracts the zip with the installed runtime, then calls its handler with one event (JSON on argv). */
const INVOKE_PACKAGED = `
const { extractZip } = await import('@tsappa/runtime');
const [zip, dir, event] = process.argv.slice(1); // node -e has no script path in argv
await extractZip(zip, dir);
const { handler } = await import(dir + '/tsappa-entry.mjs');
const context = { awsRequestId: 'install-test', functionName: 'hello-app-dev', getRemainingTimeInMillis: () => 30000 };
console.log(JSON.stringify(await handler(JSON.parse(event), context)));
`;

describe('installing tsappa from the tarballs, as the README says', () => {
  let work = '';
  let app = '';

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'tsappa-install-'));
    app = join(work, 'hello-app');
    const tarballs = join(work, 'tarballs');
    const release = run(process.execPath, [join(ROOT, 'scripts/release.mjs'), '--skip-build', '--out', tarballs], ROOT);
    expect(release.code, release.stderr).toBe(0);
    expect(release.stdout).toMatch(/Nothing was published/);

    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'hello-app', version: '1.0.0', type: 'module', private: true }, null, 2));
    writeFileSync(join(app, 'app.js'), "import express from 'express';\nexport const app = express();\napp.get('/hello', (_req, res) => res.json({ hello: 'world' }));\n");
    const npm = ['install', '--prefer-offline', '--no-audit', '--no-fund'];
    const runtime = run('npm', [...npm, join(tarballs, tarballOf('packages/runtime')), 'express'], app);
    expect(runtime.code, runtime.stderr).toBe(0);
    const cli = run('npm', [...npm, '--save-dev', join(tarballs, tarballOf('packages/cli')), join(tarballs, tarballOf('packages/templates'))], app);
    expect(cli.code, cli.stderr).toBe(0);
  }, 2 * INSTALL_TIMEOUT_MS);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('installs the CLI as a devDependency and the runtime as a dependency', () => {
    const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect(Object.keys(manifest.dependencies ?? {})).toEqual(expect.arrayContaining(['@tsappa/runtime', 'express']));
    expect(Object.keys(manifest.devDependencies ?? {})).toEqual(expect.arrayContaining(['tsappa', '@tsappa/templates']));
    expect(existsSync(join(app, 'node_modules/.bin/tsappa'))).toBe(true);
  });

  it('npx tsappa --version prints the CLI version', () => {
    const version = run('npx', ['tsappa', '--version'], app);
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(CLI_VERSION);
  });

  it('tsappa init --yes, then tsappa package dev builds a zip whose handler serves the app', () => {
    const init = run('npx', ['tsappa', 'init', '--yes'], app);
    expect(init.code, init.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(app, 'tsappa.json'), 'utf8'))).toMatchObject({ dev: { app: 'app.js:app', projectName: 'hello-app' } });

    const packaged = run('npx', ['tsappa', 'package', 'dev', '--json'], app);
    expect(packaged.code, packaged.stderr).toBe(0);
    const result = JSON.parse(packaged.stdout) as { path: string; sha256: string };
    expect(result.path.startsWith(app)).toBe(true);
    expect(createHash('sha256').update(readFileSync(result.path)).digest('hex')).toBe(result.sha256);

    const event = restEvent({ method: 'GET', path: '/hello', stage: 'dev' });
    const invoked = run(process.execPath, ['--input-type=module', '-e', INVOKE_PACKAGED, result.path, join(work, 'unzipped'), JSON.stringify(event)], app);
    expect(invoked.code, invoked.stderr).toBe(0);
    const response = JSON.parse(invoked.stdout) as { statusCode: number; body: string };
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ hello: 'world' });
  });

  it('the runtime imports in the fresh project', () => {
    const imported = run(process.execPath, ['--input-type=module', '-e', "const m = await import('@tsappa/runtime'); console.log(typeof m.createHandler, typeof m.task)"], app);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout.trim()).toBe('function function');
  });
});

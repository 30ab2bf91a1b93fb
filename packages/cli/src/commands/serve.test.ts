import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createContext } from '../cli/context.js';
import { runCli } from '../../test/run-cli.js';
import { isWatchedPath, parseScheduleOverrides, runServe, watchProject, type LocalStage } from './serve.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURE = join(HERE, '../../test/fixtures/serve-project');
const RUNTIME = join(HERE, '../../../runtime');

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of the fixture project, with @tsappa/runtime linked into its node_modules. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsappa-serve-cmd-'));
  dirs.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  mkdirSync(join(dir, 'node_modules', '@tsappa'), { recursive: true });
  symlinkSync(RUNTIME, join(dir, 'node_modules', '@tsappa', 'runtime'), 'dir');
  return dir;
}

const sink = () =>
  new Writable({
    write(_c, _e, cb) {
      cb();
    },
  });

const stages: LocalStage[] = [];
afterEach(async () => {
  await Promise.all(stages.splice(0).map((s) => s.close()));
});

async function serve(dir: string, options: Parameters<typeof runServe>[1] = {}) {
  const lines: string[] = [];
  const ctx = createContext({ json: false, yes: true, quiet: false, verbose: false }, { cwd: dir, stdout: sink(), stderr: sink(), interactive: false });
  const stage = await runServe(ctx, { port: 0, debounceMs: 100, log: (line) => lines.push(line), functionStdout: sink(), functionStderr: sink(), ...options });
  stages.push(stage);
  return { stage, lines };
}

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

describe('isWatchedPath', () => {
  it('skips dependencies, dot-directories, tsappa output and editor files', () => {
    expect(isWatchedPath('src/app.ts')).toBe(true);
    expect(isWatchedPath('tsappa.json')).toBe(true);
    expect(isWatchedPath('node_modules/x/index.js')).toBe(false);
    expect(isWatchedPath('.tsappa/serve/dev/build-1/tsappa-entry.mjs')).toBe(false);
    expect(isWatchedPath('.git/index')).toBe(false);
    expect(isWatchedPath('src/.app.ts.swp')).toBe(false);
    expect(isWatchedPath('src/app.ts~')).toBe(false);
    expect(isWatchedPath('src/4913')).toBe(false);
    expect(isWatchedPath('npm-debug.log')).toBe(false);
    expect(isWatchedPath('')).toBe(false);
  });
});

describe('parseScheduleOverrides', () => {
  it('reads NAME=EXPRESSION pairs', () => {
    expect(parseScheduleOverrides(['keep-warm=rate(5 seconds)', 'tick = cron(0/5 * * * ? *)'])).toEqual({
      'keep-warm': 'rate(5 seconds)',
      tick: 'cron(0/5 * * * ? *)',
    });
    expect(parseScheduleOverrides()).toEqual({});
    expect(() => parseScheduleOverrides(['rate(5 seconds)'])).toThrow('--schedule wants NAME=EXPRESSION');
    expect(() => parseScheduleOverrides(['tick='])).toThrow('--schedule wants NAME=EXPRESSION');
  });
});

describe('watchProject', () => {
  it('reports changed files, new directories included, and never node_modules or dot-directories', async () => {
    const dir = project();
    const changes: string[] = [];
    const stop = watchProject(dir, (rel) => changes.push(rel));
    try {
      await new Promise((r) => setTimeout(r, 100));
      writeFileSync(join(dir, 'src', 'message.ts'), "export const message = 'changed';\n");
      writeFileSync(join(dir, 'node_modules', 'ignored.js'), '1');
      mkdirSync(join(dir, '.tsappa'), { recursive: true });
      writeFileSync(join(dir, '.tsappa', 'ignored.json'), '1');
      await vi.waitFor(() => expect(changes).toContain('src/message.ts'));
      mkdirSync(join(dir, 'lib'));
      await new Promise((r) => setTimeout(r, 100));
      writeFileSync(join(dir, 'lib', 'new.ts'), 'export {};\n');
      await vi.waitFor(() => expect(changes).toContain('lib/new.ts'));
      expect(changes.filter((c) => c.includes('node_modules') || c.startsWith('.'))).toEqual([]);
    } finally {
      stop();
    }
  });
});

describe('runServe', () => {
  it('serves the packaged stage, rebuilds on a change, restarts on a settings change, answers 504 on a timeout', async () => {
    const dir = project();
    const { stage, lines } = await serve(dir, { scheduleOverrides: { tick: 'rate(1 second)' } });
    expect(stage.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dev$/);
    expect(stage.apiKey).toBeNull();
    // the package is the one `tsappa package` builds, extracted
    const builds = readdirSync(join(dir, '.tsappa', 'serve', 'dev'));
    expect(builds).toEqual(['build-1']);
    expect(existsSync(join(dir, '.tsappa', 'serve', 'dev', 'build-1', 'tsappa-entry.mjs'))).toBe(true);

    const hello = await get(`${stage.url}/hello`);
    expect(hello.status).toBe(200);
    expect(hello.json()).toEqual({ message: 'v1', stage: 'dev' });

    // a task goes through the runtime's local hook: dispatched, run, its result captured
    const receipt = (await get(`${stage.url}/add`)).json() as { id: string; service: string };
    expect(receipt.service).toBe('lambda');
    await stage.serve.tasksIdle();
    expect(lines.some((l) => l.includes(`task add ${receipt.id} attempt 1/3 ok`))).toBe(true);
    const result = (await get(`${stage.url}/result/${receipt.id}`)).json();
    expect(result).toMatchObject({ status: 'complete', value: 5 });

    // the schedule fires on the overridden expression
    await vi.waitFor(() => expect(lines.some((l) => /schedule tick rate\(1 second\) ok/.test(l))).toBe(true), { timeout: 5000 });

    // the function timing out is a 504, as API Gateway answers; the runtime's web adapter
    // answers 500 just before the deadline when the event loop is free to
    const spin = await get(`${stage.url}/spin`);
    expect(spin.status).toBe(504);
    expect(lines.some((l) => /GET \/dev\/spin 504 \d+ms \(function timed out after 1s\)/.test(l))).toBe(true);
    const slow = await get(`${stage.url}/sleep`);
    expect(slow.status).toBe(500);

    // a code change: rebuilt, the containers replaced, same URL
    writeFileSync(join(dir, 'src', 'message.ts'), "export const message = 'v2';\n");
    await vi.waitFor(async () => expect((await get(`${stage.url}/hello`)).json()).toMatchObject({ message: 'v2' }), { timeout: 20_000, interval: 200 });
    expect(lines.some((l) => /rebuilt dev after a change to src\/message\.ts/.test(l))).toBe(true);

    // a broken change keeps the previous build serving
    writeFileSync(join(dir, 'src', 'message.ts'), 'export const message = ;\n');
    await vi.waitFor(() => expect(lines.some((l) => l.includes('rebuild failed'))).toBe(true), { timeout: 20_000 });
    expect((await get(`${stage.url}/hello`)).json()).toMatchObject({ message: 'v2' });

    // a settings change restarts the local stage on the same port
    const port = stage.port;
    const settings = JSON.parse(readFileSync(join(dir, 'tsappa.json'), 'utf8')) as { dev: Record<string, unknown> };
    settings.dev.apiKeyRequired = true;
    writeFileSync(join(dir, 'src', 'message.ts'), "export const message = 'v3';\n");
    writeFileSync(join(dir, 'tsappa.json'), JSON.stringify(settings, null, 2));
    await vi.waitFor(() => expect(stage.apiKey).not.toBeNull(), { timeout: 20_000, interval: 200 });
    expect(stage.port).toBe(port);
    expect((await get(`${stage.url}/hello`)).status).toBe(403);
    expect((await get(`${stage.url}/hello`, { 'x-api-key': stage.apiKey as string })).json()).toMatchObject({ message: 'v3' });
    expect(lines.some((l) => l.includes('settings changed'))).toBe(true);
    // old builds are pruned: at most the current one and the one before
    expect(readdirSync(join(dir, '.tsappa', 'serve', 'dev')).filter((n) => n.startsWith('build-')).length).toBeLessThanOrEqual(2);
  }, 90_000);

  it('keeps a fixed API key, and reports a build error as a failure', async () => {
    const dir = project();
    const settings = JSON.parse(readFileSync(join(dir, 'tsappa.json'), 'utf8')) as { dev: Record<string, unknown> };
    settings.dev.apiKeyRequired = true;
    writeFileSync(join(dir, 'tsappa.json'), JSON.stringify(settings));
    const { stage } = await serve(dir, { apiKey: 'local-test-key-123', watch: false, schedules: false });
    expect(stage.apiKey).toBe('local-test-key-123');
    expect((await get(`${stage.url}/hello`, { 'x-api-key': 'local-test-key-123' })).status).toBe(200);

    const broken = project();
    writeFileSync(join(broken, 'src', 'app.ts'), 'export const app = ;\n');
    await expect(serve(broken, { watch: false })).rejects.toThrow(/cannot build dev/);
  }, 60_000);
});

describe('tsappa serve', () => {
  it('has help with examples', async () => {
    const printed: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
    let code: number;
    try {
      ({ code } = await runCli(['serve', '--help'], FIXTURE));
    } finally {
      spy.mockRestore();
    }
    const stdout = printed.join('\n');
    expect(code).toBe(0);
    expect(stdout).toContain('--port');
    expect(stdout).toContain('--no-schedules');
    expect(stdout).toContain('tsappa serve dev');
    expect(stdout).toContain('curl http://127.0.0.1:8000/dev/');
  });

  it('refuses a bad port and a bad --schedule', async () => {
    expect((await runCli(['serve', 'dev', '--port', '70000'], FIXTURE)).code).toBe(2);
    const bad = await runCli(['serve', 'dev', '--schedule', 'nope', '--port', '0'], FIXTURE);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('NAME=EXPRESSION');
  });
});

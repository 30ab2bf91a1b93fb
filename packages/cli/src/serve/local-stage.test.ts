import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { loadStage } from '../settings/index.js';
import { ServeBuildError, startLocalStage, type LocalStage, type LocalStageOptions } from './local-stage.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURE = join(HERE, '../../test/fixtures/serve-project');
const RUNTIME = join(HERE, '../../../runtime');

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(prefix: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  dirs.push(dir);
  return dir;
}

/** A copy of the fixture project, with @tsappa/runtime linked into its node_modules. */
function project(): string {
  const dir = tempDir('tsappa-local-stage-');
  cpSync(FIXTURE, dir, { recursive: true });
  mkdirSync(join(dir, 'node_modules', '@tsappa'), { recursive: true });
  symlinkSync(RUNTIME, join(dir, 'node_modules', '@tsappa', 'runtime'), 'dir');
  return dir;
}

function collector(): Writable & { text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _e, cb) {
      chunks.push(chunk);
      cb();
    },
  }) as Writable & { text: () => string };
  stream.text = () => Buffer.concat(chunks).toString();
  return stream;
}

const stages: LocalStage[] = [];
afterEach(async () => {
  await Promise.all(stages.splice(0).map((s) => s.close()));
});

/** Serves the project's dev stage on a free port, in its own temp directory. */
async function serve(dir: string, options: Partial<LocalStageOptions> = {}) {
  const lines: string[] = [];
  const stderr = collector();
  const temp = tempDir('tsappa-local-stage-tmp-');
  const stage = await startLocalStage({
    loadSettings: async () => (await loadStage({ cwd: dir })).settings,
    log: (line) => lines.push(line),
    port: 0,
    debounceMs: 100,
    functionStdout: collector(),
    functionStderr: stderr,
    tempDir: temp,
    ...options,
  });
  stages.push(stage);
  return { stage, lines, stderr, temp };
}

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

const builds = (stage: LocalStage) => readdirSync(stage.layoutRoot).filter((n) => n.startsWith('build-')).sort();

describe('startLocalStage', () => {
  it('serves the package outside the project, rebuilds on a change, restarts on a settings change, answers 502 on a function timeout', async () => {
    const dir = project();
    const { stage, lines, temp } = await serve(dir, { scheduleOverrides: { tick: 'rate(1 second)' } });
    expect(stage.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dev$/);
    expect(stage.apiKey).toBeNull();
    // the package `tsappa package` builds, extracted under the temp directory, not in the project
    expect(relative(temp, stage.buildDir).startsWith('..')).toBe(false);
    expect(builds(stage)).toEqual(['build-1']);
    expect(existsSync(join(stage.buildDir, 'tsappa-entry.mjs'))).toBe(true);
    expect(existsSync(join(dir, '.tsappa', 'serve'))).toBe(false);

    const hello = await get(`${stage.url}/hello`);
    expect(hello.status).toBe(200);
    expect(hello.json()).toEqual({ message: 'v1', stage: 'dev' });

    // a task goes through the runtime's local hook: dispatched, run, its result captured
    const receipt = (await get(`${stage.url}/add`)).json() as { id: string; service: string };
    expect(receipt.service).toBe('lambda');
    await stage.serve.tasksIdle();

    expect(lines.some((l) => l.includes(`task add ${receipt.id} attempt 1/3 ok`))).toBe(true);
    expect((await get(`${stage.url}/result/${receipt.id}`)).json()).toMatchObject({ status: 'complete', value: 5 });

    // the schedule fires on the overridden expression
    await vi.waitFor(() => expect(lines.some((l) => /schedule tick rate\(1 second\) ok/.test(l))).toBe(true), { timeout: 5000 });

    // the function timing out is a 502, as API Gateway answers (504 is its own 29 s limit); the web adapter
    // answers 500 just before the deadline when the event loop is free to
    expect((await get(`${stage.url}/spin`)).status).toBe(502);
    expect(lines.some((l) => /GET \/dev\/spin 502 \d+ms \(function timed out after 1s\)/.test(l))).toBe(true);
    expect((await get(`${stage.url}/sleep`)).status).toBe(500);

    // a code change: rebuilt into a new directory, the containers moved there, same URL
    writeFileSync(join(dir, 'src', 'message.ts'), "export const message = 'v2';\n");
    await vi.waitFor(async () => expect((await get(`${stage.url}/hello`)).json()).toMatchObject({ message: 'v2' }), { timeout: 20_000, interval: 200 });
    expect(lines.some((l) => /rebuilt dev after a change to src\/message\.ts/.test(l))).toBe(true);
    expect(stage.buildDir).toBe(join(stage.layoutRoot, 'build-2'));

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
    // the builds no container uses are gone, the failed one included
    await vi.waitFor(() => expect(builds(stage)).toEqual([stage.buildDir.split('/').pop()]));

    // closing removes the session's directory
    await stage.close();
    expect(readdirSync(temp)).toEqual([]);
  }, 90_000);

  it('five rebuilds in a row: each served at once by the new code from its own directory, the old ones pruned', async () => {
    const dir = project();
    // the message says where the container runs
    const message = (v: number) => `export const message = JSON.stringify({ v: ${v}, cwd: process.cwd(), root: process.env.LAMBDA_TASK_ROOT });\n`;
    writeFileSync(join(dir, 'src', 'message.ts'), message(1));
    const { stage, lines } = await serve(dir, { schedules: false });
    const hello = async () => {
      const res = await get(`${stage.url}/hello`);
      return { status: res.status, ...(JSON.parse(res.json().message as string) as { v: number; cwd: string; root: string }) };
    };
    expect(await hello()).toEqual({ status: 200, v: 1, cwd: stage.buildDir, root: stage.buildDir });

    for (let v = 2; v <= 6; v++) {
      writeFileSync(join(dir, 'src', 'message.ts'), message(v));
      await vi.waitFor(async () => expect((await hello()).v).toBe(v), { timeout: 20_000, interval: 100 });
      expect(stage.buildDir).toBe(join(stage.layoutRoot, `build-${v}`));
      const answers = await Promise.all([hello(), hello(), hello(), hello()]);
      expect(answers).toEqual(answers.map(() => ({ status: 200, v, cwd: stage.buildDir, root: stage.buildDir })));
      await vi.waitFor(() => expect(builds(stage)).toEqual([`build-${v}`]));
    }
    expect(stage.builds).toBe(6);
    expect(lines.filter((l) => l.startsWith('rebuilt dev'))).toHaveLength(5);
  }, 120_000);

  it("a package that works only thanks to the project's node_modules fails as in Lambda, with the error shown", async () => {
    const dir = project();
    mkdirSync(join(dir, 'node_modules', 'only-in-project'));
    writeFileSync(join(dir, 'node_modules', 'only-in-project', 'package.json'), '{"name":"only-in-project","type":"module","exports":"./index.js"}');
    writeFileSync(join(dir, 'node_modules', 'only-in-project', 'index.js'), "export default 'from node_modules';\n");
    // a plugin named by configuration: no packager can see it, so the zip lacks it
    const settings = JSON.parse(readFileSync(join(dir, 'tsappa.json'), 'utf8')) as { dev: Record<string, unknown> };
    settings.dev.environmentVariables = { MESSAGE_PLUGIN: 'only-in-project' };
    writeFileSync(join(dir, 'tsappa.json'), JSON.stringify(settings));
    writeFileSync(join(dir, 'src', 'message.ts'), 'export const message: string = (await import(process.env.MESSAGE_PLUGIN as string)).default;\n');
    const { stage, lines } = await serve(dir, { watch: false, schedules: false });

    const failed = await get(`${stage.url}/hello`);
    expect(failed.status).toBe(502);
    // the serve log says why, as Lambda's would
    expect(lines).toContainEqual(expect.stringMatching(/GET \/dev\/hello 502 \d+ms \(InitError: .*Cannot find package 'only-in-project' imported from /));

    // what works in Lambda works here: the package's own code, and the runtime's SDK
    writeFileSync(join(dir, 'src', 'message.ts'), "const { S3Client } = await import('@aws-sdk/client-s3');\nexport const message = new S3Client({ region: 'us-east-1' }).config.serviceId;\n");
    expect(await stage.rebuild('src/message.ts')).toBe(true);
    expect((await get(`${stage.url}/hello`)).json()).toMatchObject({ message: 'S3' });
  }, 60_000);

  it('keeps a fixed API key; a first build that fails is an error and leaves nothing behind', async () => {
    const dir = project();
    const settings = JSON.parse(readFileSync(join(dir, 'tsappa.json'), 'utf8')) as { dev: Record<string, unknown> };
    settings.dev.apiKeyRequired = true;
    writeFileSync(join(dir, 'tsappa.json'), JSON.stringify(settings));
    const { stage } = await serve(dir, { apiKey: 'local-test-key-123', watch: false, schedules: false });
    expect(stage.apiKey).toBe('local-test-key-123');
    expect((await get(`${stage.url}/hello`, { 'x-api-key': 'local-test-key-123' })).status).toBe(200);

    const broken = project();
    writeFileSync(join(broken, 'src', 'app.ts'), 'export const app = ;\n');
    const temp = tempDir('tsappa-local-stage-broken-');
    const failure = serve(broken, { watch: false, tempDir: temp });
    await expect(failure).rejects.toThrow(ServeBuildError);
    await expect(failure).rejects.toThrow(/cannot build dev: /);
    expect(readdirSync(temp)).toEqual([]);
  }, 60_000);
});

/**
 * `tsappa invoke <stage> --local`: any event sent to the stage's package in serve's container,
 * printing the result on stdout and the function's logs on stderr.
 */
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/run-cli.js';
import { readEventFile } from './invoke.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURE = join(HERE, '../../test/fixtures/serve-project');
const RUNTIME = join(HERE, '../../../runtime');

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The serve fixture, with @tsappa/runtime linked, in a temp directory. */
function project(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'tsappa-invoke-local-')));
  dirs.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  mkdirSync(join(dir, 'node_modules', '@tsappa'), { recursive: true });
  symlinkSync(RUNTIME, join(dir, 'node_modules', '@tsappa', 'runtime'), 'dir');
  return dir;
}

describe('tsappa invoke --local', () => {
  it('runs a function of the package and sends any event from a file, printing the result and the logs', async () => {
    const dir = project();
    const tick = await runCli(['invoke', 'dev', 'src/app.ts:tick', '--local'], dir);
    expect(tick.code).toBe(0);
    expect(tick.stdout.trim()).toBe('ticked');
    expect(tick.stderr).toContain('tick ran');

    // a sample printed by `tsappa event`, edited, then sent
    const sample = await runCli(['event', 'http', 'dev', '--path', '/hello'], dir);
    writeFileSync(join(dir, 'request.json'), sample.stdout);
    const http = await runCli(['invoke', 'dev', '--local', '--event', 'request.json', '--json'], dir);
    expect(http.code).toBe(0);
    const answer = JSON.parse(http.stdout) as { result: { statusCode: number; body: string } };
    expect(answer.result.statusCode).toBe(200);
    expect(JSON.parse(answer.result.body)).toEqual({ message: 'v1', stage: 'dev' });
  }, 90_000);

  it("exits 1 with the function's error for an event the package does not handle", async () => {
    const dir = project();
    const sample = await runCli(['event', 'sqs', 'dev'], dir);
    writeFileSync(join(dir, 'sqs.json'), sample.stdout);
    const run = await runCli(['invoke', 'dev', '--local', '--event', 'sqs.json'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/the function failed \(Unhandled\): .*sqs/i);
  }, 90_000);

  it('refuses an event that is not JSON, a missing file, and --persist without --local', async () => {
    const dir = project();
    writeFileSync(join(dir, 'bad.json'), '{ nope');
    await expect(readEventFile('bad.json', dir)).rejects.toThrow(/--event: .*bad\.json is not a JSON event/);
    await expect(readEventFile('missing.json', dir)).rejects.toThrow(/--event: cannot read .*missing\.json/);
    const { Readable } = await import('node:stream');
    expect(await readEventFile('-', dir, Readable.from([Buffer.from('{"a":'), Buffer.from('1}')]))).toEqual({ a: 1 });
    expect((await runCli(['invoke', 'dev', '--persist', '--raw', '{}'], dir)).code).toBe(2);
  });
});

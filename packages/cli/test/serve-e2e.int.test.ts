/**
 * End to end: `tsappa serve` (the real bin, packages/cli/bin/tsappa.js, so the CLI must be built)
 * on examples/quote-api, as its README runs it (`npx tsappa serve <stage>`: its table in serve's
 * local DynamoDB, the app's local mode), exercised over HTTP: the quote endpoints, the subscribe flow and its SMS task, the API
 * key (dev), SigV4 (dev_iam), the TOKEN authorizer (dev_auth), a schedule on a fast expression,
 * a failing task retried twice then dead-lettered. Plus, on the serve-project fixture, a function
 * timeout answered 502, and five rebuilds in a row each served at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sha256 } from './support/node-sha256.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const CLI = join(HERE, '..');
const BIN = join(CLI, 'bin', 'tsappa.js');
const EXAMPLE = join(CLI, '..', '..', 'examples', 'quote-api');
const RUNTIME = join(CLI, '..', 'runtime');
const DEAD_LETTER = join(EXAMPLE, '.tsappa', 'dev-dead-letter.jsonl');
const API_KEY = 'e2e-local-api-key-0123456789';
const IAM = { accessKeyId: 'AKIDE2ELOCAL', secretAccessKey: 'e2e/local+secret' };

/** One `tsappa serve` process and everything it printed. */
class Served {
  output = '';
  url = '';
  readonly exited: Promise<number | null>;

  constructor(readonly proc: ChildProcess) {
    const collect = (chunk: Buffer) => {
      this.output += chunk.toString();
    };
    proc.stdout?.on('data', collect);
    proc.stderr?.on('data', collect);
    this.exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
  }

  /** Resolves with the first match of `pattern` in the output (stdout and stderr). */
  async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.output);
      if (match) return match;
      if (this.proc.exitCode !== null) throw new Error(`tsappa serve exited (${this.proc.exitCode}) before printing ${pattern}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output so far:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async started(stage: string): Promise<this> {
    const match = await this.waitFor(new RegExp(`${stage} is served at (http://127\\.0\\.0\\.1:\\d+/${stage})/`), 60_000);
    this.url = match[1] as string;
    return this;
  }

  /** Ctrl-C, as a user stops it. */
  async stop(): Promise<number | null> {
    if (this.proc.exitCode === null) this.proc.kill('SIGINT');
    return this.exited;
  }
}

const env = (extra: Record<string, string> = {}) => ({ ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', FORCE_COLOR: '0', ...extra });

/** `tsappa serve <stage>` in the example, as its README runs it. */
function serveExample(stage: string, args: string[] = [], extraEnv: Record<string, string> = {}): Served {
  const proc = spawn(process.execPath, [BIN, 'serve', stage, '--port', '0', '--no-watch', ...args], {
    cwd: EXAMPLE,
    env: env(extraEnv),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Served(proc);
}

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, text };
}

/** A GET signed as the AWS SDK signs execute-api requests. */
async function signedGet(url: string, credentials: { accessKeyId: string; secretAccessKey: string }, region: string) {
  const u = new URL(url);
  const signer = new SignatureV4({ credentials, region, service: 'execute-api', sha256: Sha256 });
  const signed = await signer.sign({
    method: 'GET',
    protocol: u.protocol,
    hostname: u.hostname,
    port: Number(u.port),
    path: u.pathname,
    query: Object.fromEntries(u.searchParams),
    headers: { host: u.host },
  });
  const headers = Object.fromEntries(Object.entries(signed.headers).filter(([k]) => k !== 'host')) as Record<string, string>;
  return get(url, headers);
}

const mobile = '+15550001234';
const enc = encodeURIComponent;

beforeAll(() => {
  if (!existsSync(join(CLI, 'dist', 'commands', 'serve.js'))) throw new Error('build the CLI first: npm run build (the test runs the real bin)');
  rmSync(DEAD_LETTER, { force: true });
});

describe('tsappa serve, end to end, on examples/quote-api', () => {
  const served: Served[] = [];
  let dev: Served;
  let iam: Served;
  let auth: Served;

  beforeAll(async () => {
    dev = serveExample('dev', ['--api-key', API_KEY, '--schedule', 'set-quote-of-the-day=rate(2 seconds)', '--schedule', 'keep-warm=rate(3 seconds)']);
    iam = serveExample('dev_iam', ['--no-schedules'], { AWS_ACCESS_KEY_ID: IAM.accessKeyId, AWS_SECRET_ACCESS_KEY: IAM.secretAccessKey });
    auth = serveExample('dev_auth', ['--no-schedules']);
    served.push(dev, iam, auth);
    await Promise.all([dev.started('dev'), iam.started('dev_iam'), auth.started('dev_auth')]);
  }, 120_000);

  afterAll(async () => {
    const codes = await Promise.all(served.map((s) => s.stop()));
    // Ctrl-C closes cleanly
    expect(codes).toEqual(served.map(() => 0));
    expect(dev.output).toContain('stopped');
  }, 30_000);

  it('dev: the quote endpoints, behind the API key (403 without it)', async () => {
    expect(dev.output).toContain(`API key: ${API_KEY}`);
    const refused = await get(`${dev.url}/quote?type=daily`);
    expect(refused.status).toBe(403);
    expect((await get(`${dev.url}/quote?type=daily`, { 'x-api-key': 'wrong' })).status).toBe(403);

    const key = { 'x-api-key': API_KEY };
    const daily = await get(`${dev.url}/quote?type=daily`, key);
    expect(daily.status).toBe(200);
    expect(daily.body).toMatchObject({ type: 'daily', date: new Date().toISOString().slice(0, 10) });
    expect(typeof daily.body.quote).toBe('string');
    const random = await get(`${dev.url}/quote?type=random`, key);
    expect(random.body).toMatchObject({ type: 'random' });
    expect((await get(`${dev.url}/quote?type=weekly`, key)).status).toBe(400);
    const daily2 = await get(`${dev.url}/daily`, key);
    expect(daily2.status).toBe(200);
    expect(daily2.body.date).toBe(daily.body.date);
    await dev.waitFor(/GET \/dev\/quote\?type=daily 403 \d+ms/);
    await dev.waitFor(/GET \/dev\/quote\?type=daily 200 \d+ms/);
  });

  it('dev: subscribe texts a one-time password through the SNS task, visible in the log; confirm and unsubscribe', async () => {
    const key = { 'x-api-key': API_KEY };
    const sent = await get(`${dev.url}/subscribe?mobile=${enc(mobile)}`, key);
    expect(sent.status).toBe(202);
    const taskId = sent.body.task as string;
    expect(taskId).toMatch(/^[0-9a-f-]{36}$/);
    await dev.waitFor(new RegExp(`task sendSms ${taskId} attempt 1/3 ok \\d+ms`));
    const otp = (await dev.waitFor(new RegExp(`\\[sms\\] to \\${mobile}: Your quote-api code is (\\d{6})`)))[1] as string;

    expect((await get(`${dev.url}/subscribe?mobile=${enc(mobile)}&otp=000000`, key)).status).toBe(403);
    expect(await get(`${dev.url}/subscribe?mobile=${enc(mobile)}&otp=${otp}`, key)).toMatchObject({ status: 200, body: { subscribed: true, mobile } });
    expect(await get(`${dev.url}/unsubscribe?mobile=${enc(mobile)}`, key)).toMatchObject({ status: 200, body: { unsubscribed: true } });
  });

  it('dev: the schedules fire on their (fast, overridden) expressions', async () => {
    await dev.waitFor(/schedule keep-warm rate\(3 seconds\) ok \d+ms/);
    await dev.waitFor(/schedule set-quote-of-the-day rate\(2 seconds\) ok \d+ms/);
    const stored = (await dev.waitFor(/\[schedule\] quote of the day for (\d{4}-\d\d-\d\d): "([^"]+)"/))[1];
    const daily = await get(`${dev.url}/daily`, { 'x-api-key': API_KEY });
    expect(daily.body.date).toBe(stored);
    // the unchanged schedule keeps its real expression
    expect(dev.output).toMatch(/schedule publish-quote-of-the-day: next firing \d{4}-\d\d-\d\dT02:00:00\.000Z/);
  });

  it('dev: a failing SMS task is retried twice, reported, then written to the dead-letter file', async () => {
    const sent = await get(`${dev.url}/subscribe?mobile=${enc('+99912345678')}`, { 'x-api-key': API_KEY });
    expect(sent.status).toBe(202);
    const taskId = sent.body.task as string;
    await dev.waitFor(new RegExp(`task sendSms ${taskId} failed 3 times: written to .*dev-dead-letter\\.jsonl`), 20_000);
    expect(dev.output).toMatch(new RegExp(`task sendSms ${taskId} attempt 1/3 error \\d+ms \\(InvalidParameterException: .*; will retry\\)`));
    expect(dev.output).toMatch(new RegExp(`task sendSms ${taskId} attempt 2/3 error \\d+ms \\(InvalidParameterException: .*; will retry\\)`));
    expect(dev.output).toMatch(new RegExp(`task sendSms ${taskId} attempt 3/3 error \\d+ms \\(InvalidParameterException: .*; giving up\\)`));
    // the exceptionHandler reported each failure to the (local) error topic
    expect(dev.output.match(/\[error-topic\] quote-api: InvalidParameterException in task sendSms/g)?.length).toBeGreaterThanOrEqual(3);
    const letters = readFileSync(DEAD_LETTER, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; name: string; attempts: number; error: { errorType: string }; event: { Records: Array<{ Sns: { Message: string } }> } });
    const letter = letters.find((l) => l.id === taskId);
    expect(letter).toMatchObject({ name: 'sendSms', attempts: 3, error: { errorType: 'InvalidParameterException' } });
    // the event as the dead-letter queue would get it: the SNS delivery of the task
    expect(JSON.parse(letter!.event.Records[0]!.Sns.Message)).toMatchObject({ 'tsappa:task': { id: taskId, name: 'sendSms', args: ['+99912345678', expect.any(String)] } });
  });

  it('dev_iam: a SigV4-signed request is accepted, an unsigned or badly signed one refused', async () => {
    expect((await get(`${iam.url}/quote?type=random`)).status).toBe(403);
    const signed = await signedGet(`${iam.url}/?from=e2e`, IAM, 'ap-south-1');
    expect(signed.status).toBe(200);
    expect(signed.body.caller).toMatch(/^arn:aws:iam::/);
    const quote = await signedGet(`${iam.url}/quote?type=random`, IAM, 'ap-south-1');
    expect(quote.body.type).toBe('random');
    const forged = await signedGet(`${iam.url}/quote?type=random`, { accessKeyId: IAM.accessKeyId, secretAccessKey: 'not-the-secret' }, 'ap-south-1');
    expect(forged.status).toBe(403);
  });

  it('dev_auth: the TOKEN authorizer allows a known token and denies the others', async () => {
    expect((await get(`${auth.url}/quote`)).status).toBe(401);
    expect((await get(`${auth.url}/quote`, { authorization: 'Bearer wrong-token' })).status).toBe(403);
    const allowed = await get(`${auth.url}/`, { authorization: 'Bearer let-me-in' });
    expect(allowed.status).toBe(200);
    expect(allowed.body.caller).toBe('alice');
    expect((await get(`${auth.url}/quote?type=daily`, { authorization: 'Bearer let-me-in' })).status).toBe(200);
  });
});

describe('tsappa serve, end to end, on the serve-project fixture', () => {
  const running: Served[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(running.map((s) => s.stop()));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** `tsappa serve dev` on a fresh copy of the fixture. */
  function serveFixture(args: string[]): { served: Served; dir: string } {
    const dir = mkdtempSync(join(tmpdir(), 'tsappa-serve-e2e-'));
    dirs.push(dir);
    cpSync(join(HERE, 'fixtures', 'serve-project'), dir, { recursive: true });
    mkdirSync(join(dir, 'node_modules', '@tsappa'), { recursive: true });
    symlinkSync(RUNTIME, join(dir, 'node_modules', '@tsappa', 'runtime'), 'dir');
    const served = new Served(spawn(process.execPath, [BIN, 'serve', 'dev', '--port', '0', '--no-schedules', ...args], { cwd: dir, env: env(), stdio: ['ignore', 'pipe', 'pipe'] }));
    running.push(served);
    return { served, dir };
  }

  it('answers 502 when the function outlives timeoutSeconds (as API Gateway does), then serves again', async () => {
    const { served } = serveFixture(['--no-watch']);
    await served.started('dev');
    const spin = await get(`${served.url}/spin`);
    expect(spin.status).toBe(502);
    await served.waitFor(/GET \/dev\/spin 502 \d+ms \(function timed out after 1s\)/);
    expect((await get(`${served.url}/hello`)).body).toMatchObject({ message: 'v1' });
  }, 60_000);

  it('serves five rebuilds in a row, answering 200 throughout, from a directory outside the project removed on Ctrl-C', async () => {
    const { served, dir } = serveFixture([]);
    await served.started('dev');
    const session = (await served.waitFor(/running in (\S+)\/build-1 /))[1] as string;
    expect(session.startsWith(dir)).toBe(false);
    expect(existsSync(session)).toBe(true);
    expect((await get(`${served.url}/hello`)).body).toMatchObject({ message: 'v1' });
    for (let v = 2; v <= 6; v++) {
      writeFileSync(join(dir, 'src', 'message.ts'), `export const message = 'v${v}';\n`);
      // every answer while the rebuild happens is a 200, from the old code until the new is served
      const deadline = Date.now() + 30_000;
      for (;;) {
        const answer = await get(`${served.url}/hello`);
        expect(answer.status).toBe(200);
        if (answer.body.message === `v${v}`) break;
        expect(answer.body.message).toBe(`v${v - 1}`);
        if (Date.now() > deadline) throw new Error(`v${v} was never served:\n${served.output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const answers = await Promise.all([1, 2, 3].map(() => get(`${served.url}/hello`)));
      expect(answers.map((a) => [a.status, a.body.message])).toEqual([1, 2, 3].map(() => [200, `v${v}`]));
    }
    expect(served.output.match(/rebuilt dev after a change to src\/message\.ts/g)?.length).toBeGreaterThanOrEqual(5);
    expect(await served.stop()).toBe(0);
    expect(existsSync(session)).toBe(false);
  }, 120_000);
});

/**
 * End to end: `tsappa serve` (the real bin, packages/cli/bin/tsappa.js, so the CLI must be built)
 * on examples/quote-api, as its README runs it (plain `npx tsappa serve <stage>`, no wrapper: its
 * table in serve's local DynamoDB, the app's local mode), exercised over HTTP: the quote endpoints,
 * the subscribe flow and its SMS task, the API key (dev), SigV4 (dev_iam), the TOKEN authorizer
 * (dev_auth), a schedule on a fast expression, a failing task retried twice then dead-lettered;
 * every route the example's README lists on every stage; on dev_queue the table written and read
 * back through the API, an SQS event sent to the running stage with `tsappa invoke --local`, and
 * the local console in Chromium. Plus, on the serve-project fixture, a function timeout answered
 * 502, and five rebuilds in a row each served at once. On dev_stream (responseStreaming), a route
 * read as it is written: the client has the first line before the app writes the last.
 */
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithChromium } from './support/chromium.js';
import { Sha256 } from './support/node-sha256.js';
import { BIN, cliEnv, Served } from './support/served.js';
import { readStreamed } from './support/streamed-body.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const CLI = join(HERE, '..');
const EXAMPLE = join(CLI, '..', '..', 'examples', 'quote-api');
const RUNTIME = join(CLI, '..', 'runtime');
const DEAD_LETTER = join(EXAMPLE, '.tsappa', 'dev-dead-letter.jsonl');
const API_KEY = 'e2e-local-api-key-0123456789';
const IAM = { accessKeyId: 'AKIDE2ELOCAL', secretAccessKey: 'e2e/local+secret' };

/** `tsappa serve <stage>` in the example, as its README runs it. */
function serveExample(stage: string, args: string[] = [], extraEnv: Record<string, string> = {}): Served {
  return Served.serve(EXAMPLE, stage, ['--no-watch', ...args], extraEnv);
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
const today = () => new Date().toISOString().slice(0, 10);

type Answer = Awaited<ReturnType<typeof get>>;

/**
 * Every route the example's README lists, called as a client of the stage calls it (`call` adds
 * the stage's credentials): the root, the quotes, the subscribe flow (its one-time password read
 * from serve's log, as a user reads the SMS) and unsubscribe.
 */
async function answersEveryRoute(call: (path: string) => Promise<Answer>, served: Served, number: string): Promise<void> {
  const root = await call('/');
  expect(root.status).toBe(200);
  expect(root.body).toMatchObject({ name: 'quote-api', endpoints: expect.arrayContaining(['GET /daily']) });
  expect(await call('/quote?type=daily')).toMatchObject({ status: 200, body: { type: 'daily', date: today() } });
  expect(await call('/quote?type=random')).toMatchObject({ status: 200, body: { type: 'random', quote: expect.any(String) } });
  expect(await call('/quote')).toMatchObject({ status: 200, body: { type: 'daily' } });
  expect(await call('/daily')).toMatchObject({ status: 200, body: { date: today(), quote: expect.any(String) } });
  expect((await call(`/subscribe?mobile=${enc(number)}`)).status).toBe(202);
  const otp = (await served.waitFor(new RegExp(`\\[sms\\] to \\${number}: Your quote-api code is (\\d{6})`)))[1] as string;
  expect(await call(`/subscribe?mobile=${enc(number)}&otp=${otp}`)).toMatchObject({ status: 200, body: { subscribed: true, mobile: number } });
  expect(await call(`/unsubscribe?mobile=${enc(number)}`)).toMatchObject({ status: 200, body: { unsubscribed: true } });
}

/** The CLI (the real bin) in the example, as a user runs it from another terminal. */
function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: EXAMPLE, env: cliEnv() }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

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

  it('dev, dev_iam and dev_auth answer every route the README lists, each with its own credentials', async () => {
    await answersEveryRoute((path) => get(`${dev.url}${path}`, { 'x-api-key': API_KEY }), dev, '+15550002001');
    await answersEveryRoute((path) => signedGet(`${iam.url}${path}`, IAM, 'ap-south-1'), iam, '+15550002002');
    await answersEveryRoute((path) => get(`${auth.url}${path}`, { authorization: 'Bearer let-me-in' }), auth, '+15550002003');
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

describe('the other stages of examples/quote-api, each served with no wrapper', () => {
  it.each(['dev_xray', 'dev_vpc'])('%s answers every route the README lists', async (stage) => {
    const served = await serveExample(stage, ['--no-schedules']).started(stage);
    try {
      await answersEveryRoute((path) => get(`${served.url}${path}`), served, '+15550003001');
    } finally {
      expect(await served.stop()).toBe(0);
    }
  }, 120_000);
});

describe("dev_queue: the stage's table, an SQS event sent to the running stage, and the console", () => {
  const EDITORS_QUEUE = 'arn:aws:sqs:ap-south-1:123456789012:quote-api-editors';
  let queue: Served;
  let eventDir: string;

  beforeAll(async () => {
    eventDir = mkdtempSync(join(tmpdir(), 'tsappa-e2e-events-'));
    queue = await serveExample('dev_queue').started('dev_queue');
  }, 120_000);

  afterAll(async () => {
    expect(await queue?.stop()).toBe(0);
    if (eventDir) rmSync(eventDir, { recursive: true, force: true });
  }, 30_000);

  it('answers every route the README lists', async () => {
    await answersEveryRoute((path) => get(`${queue.url}${path}`), queue, '+15550004001');
  });

  it('keeps what the app writes in the table the stage declares, read back through the API', async () => {
    // created by serve itself, with the name the stack gives it
    expect(queue.output).toMatch(/table quote-api-dev-queue-data \(QuoteTable\) created, TTL on ttl/);
    const number = '+15550004002';
    expect((await get(`${queue.url}/subscribe?mobile=${enc(number)}`)).status).toBe(202);
    const otp = (await queue.waitFor(new RegExp(`\\[sms\\] to \\${number}: Your quote-api code is (\\d{6})`)))[1] as string;
    // the one-time password was written to the table: a wrong one is refused, the right one read back
    expect((await get(`${queue.url}/subscribe?mobile=${enc(number)}&otp=000000`)).status).toBe(403);
    expect((await get(`${queue.url}/subscribe?mobile=${enc(number)}&otp=${otp}`)).body).toMatchObject({ subscribed: true });
    // the subscriber is in the table now: asking again reads it back
    expect((await get(`${queue.url}/subscribe?mobile=${enc(number)}`)).body).toMatchObject({ subscribed: true, note: 'already subscribed' });
    expect((await get(`${queue.url}/unsubscribe?mobile=${enc(number)}`)).status).toBe(200);
    expect((await get(`${queue.url}/unsubscribe?mobile=${enc(number)}`)).status).toBe(404);
  });

  it("an editor's SQS message, sent to the running stage with tsappa invoke --local, becomes the quote of the day", async () => {
    const pick = { quote: 'Deleted code is debugged code.', author: 'Jeff Sickel' };
    const sample = await cli(['event', 'sqs', 'dev_queue', '--body', JSON.stringify(pick)]);
    expect(sample.code).toBe(0);
    const event = JSON.parse(sample.stdout) as { Records: Array<{ messageId: string; eventSourceARN: string }> };
    // the sample comes from the stage's own source
    expect(event.Records[0]?.eventSourceARN).toBe(EDITORS_QUEUE);
    const file = join(eventDir, 'editors.json');
    writeFileSync(file, sample.stdout);

    const sent = await cli(['invoke', 'dev_queue', '--local', '--event', file, '--json']);
    expect(sent.code).toBe(0);
    const result = JSON.parse(sent.stdout) as { functionError: string | null; result: unknown; servedBy: number | null };
    expect(result).toMatchObject({ functionError: null, result: { batchItemFailures: [] } });
    // it ran in the running serve (its containers, its table), not in a package of its own
    expect(result.servedBy).toBe(queue.proc.pid);
    await queue.waitFor(new RegExp(`\\[editors\\] quote of the day from message ${event.Records[0]?.messageId}`));
    expect((await get(`${queue.url}/daily`)).body).toEqual({ ...pick, date: today() });

    // a malformed message alone is reported back for a retry
    const bad = await cli(['invoke', 'dev_queue', '--local', '--json', '--raw', JSON.stringify({ Records: [{ ...event.Records[0], messageId: 'bad-1', body: 'not json' }] })]);
    expect(JSON.parse(bad.stdout)).toMatchObject({ result: { batchItemFailures: [{ itemIdentifier: 'bad-1' }] } });
    expect((await get(`${queue.url}/daily`)).body).toEqual({ ...pick, date: today() });
  });

  describeWithChromium('the console, in Chromium', (chromium) => {
    it('shows the requests, the SQS invocation with its logs and the schedules, live', async () => {
      expect(queue.consoleUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/_tsappa\/$/);
      const page = await chromium().context.newPage();
      try {
        await page.goto(queue.consoleUrl);
        await page.locator('#connection', { hasText: 'live' }).waitFor();
        expect(await page.locator('#stage').textContent()).toBe('dev_queue');
        // what happened before the page was opened is there
        const invocations = page.locator('#requests tr.request', { hasText: `1 aws:sqs record from ${EDITORS_QUEUE}` });
        // the good message and the malformed one, each with its own logs
        const invocation = invocations.filter({ hasText: '[editors] quote of the day from message' });
        await invocation.waitFor();
        expect(await invocation.locator('.method').textContent()).toBe('INVOKE');
        await invocation.locator('.logs summary').click();
        expect(await invocation.locator('.logs pre').textContent()).toContain('[editors] quote of the day from message');
        expect(await invocations.filter({ hasText: 'bad-1 is not' }).count()).toBe(1);

        // and what happens now appears as it happens
        const answer = await fetch(`${queue.url}/quote?type=random`);
        const row = page.locator(`#requests tr[data-key="${answer.headers.get('x-amzn-requestid') ?? ''}"]`);
        await row.waitFor();
        expect(await row.locator('.path').textContent()).toBe('/dev_queue/quote?type=random');
        expect(await row.locator('.status').textContent()).toBe('200');
        expect(await row.locator('.duration').textContent()).toMatch(/^\d+ ms$/);

        const next = (await queue.waitFor(/schedule set-quote-of-the-day: next firing (\S+)/))[1] as string;
        expect(await page.locator('#schedules tr[data-key="set-quote-of-the-day"] .next').getAttribute('data-next')).toBe(next);
      } finally {
        await page.close();
      }
    });
  });
});

describe('dev_stream: a responseStreaming stage, served as it is written', () => {
  let stream: Served;

  beforeAll(async () => {
    stream = await serveExample('dev_stream').started('dev_stream');
  }, 120_000);

  afterAll(async () => {
    expect(await stream?.stop()).toBe(0);
  }, 30_000);

  it('the client reads the first quote before the app has written the last one', async () => {
    const res = await fetch(`${stream.url}/quotes?pause=250`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const { text, firstReadAt } = await readStreamed(res);
    const lines = text.trim().split('\n').map((line) => JSON.parse(line) as { quote: string; author: string; writtenAt: number });
    expect(lines.length).toBeGreaterThan(3);
    // causal, not a timing guess: the first bytes were here before the last line existed
    expect(firstReadAt).toBeLessThan(lines.at(-1)!.writtenAt);
  });

  it('the other routes answer as on dev', async () => {
    await answersEveryRoute((path) => get(`${stream.url}${path}`), stream, '+15550005001');
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
    const served = new Served(spawn(process.execPath, [BIN, 'serve', 'dev', '--port', '0', '--no-schedules', ...args], { cwd: dir, env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] }));
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

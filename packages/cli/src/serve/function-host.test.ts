import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FunctionHost, type FunctionHostOptions } from './function-host.js';
import { FAKE_HANDLER, FIXTURES } from '../../test/fixtures/serve-handler/support.js';

const hosts: FunctionHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()));
});

function sink(): Writable & { text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
  }) as Writable & { text: () => string };
  stream.text = () => Buffer.concat(chunks).toString();
  return stream;
}

function makeHost(overrides: Partial<FunctionHostOptions> = {}): FunctionHost {
  const host = new FunctionHost({
    handlerFile: FAKE_HANDLER,
    functionName: 'fake-api-dev',
    region: 'eu-west-1',
    memorySize: 192,
    timeoutSeconds: 5,
    env: { ...(process.env as Record<string, string>), FOO: 'bar' },
    stdout: sink(),
    stderr: sink(),
    ...overrides,
  });
  hosts.push(host);
  return host;
}

describe('FunctionHost', () => {
  it('invokes the handler in a child process and returns its JSON result', async () => {
    const host = makeHost();
    const outcome = await host.invoke({ hello: 'world' });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const value = outcome.value as { echo: unknown; pid: number };
    expect(value.echo).toEqual({ hello: 'world' });
    expect(value.pid).not.toBe(process.pid);
  });

  it('passes a Lambda-like context', async () => {
    const host = makeHost();
    const outcome = await host.invoke({ context: true }, { requestId: 'req-1' });
    expect(outcome).toMatchObject({ ok: true, requestId: 'req-1' });
    if (!outcome.ok) return;
    expect(outcome.value).toMatchObject({
      awsRequestId: 'req-1',
      functionName: 'fake-api-dev',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:fake-api-dev:live',
      memoryLimitInMB: '192',
      logGroupName: '/aws/lambda/fake-api-dev',
    });
    const remaining = (outcome.value as { remaining: number }).remaining;
    expect(remaining).toBeGreaterThan(3000);
    expect(remaining).toBeLessThanOrEqual(5000);
  });

  it('reuses a warm container and caps its heap with memorySize', async () => {
    const host = makeHost();
    const first = await host.invoke({ httpMethod: 'GET', path: '/count' });
    const second = await host.invoke({ httpMethod: 'GET', path: '/env' });
    const third = await host.invoke({ httpMethod: 'GET', path: '/count' });
    const body = (o: typeof first) => (o.ok ? JSON.parse((o.value as { body: string }).body) : null);
    expect(body(third).pid).toBe(body(first).pid);
    expect(body(third).invocations).toBe(3);
    expect(body(second).execArgv).toContain('--max-old-space-size=192');
    expect(body(second).env.FOO).toBe('bar');
  });

  it('returns function errors as Lambda error documents', async () => {
    const host = makeHost();
    const outcome = await host.invoke({ throw: 'bad input' });
    expect(outcome).toMatchObject({ ok: false, timedOut: false, error: { errorType: 'TypeError', errorMessage: 'bad input' } });
    // the container survives a handled error
    expect((await host.invoke({ a: 1 })).ok).toBe(true);
  });

  it('kills a container that times out and starts a fresh one', async () => {
    const host = makeHost({ timeoutSeconds: 1 });
    const before = await host.invoke({ a: 1 });
    const started = Date.now();
    const outcome = await host.invoke({ sleep: 5000 });
    expect(Date.now() - started).toBeLessThan(2500);
    expect(outcome).toMatchObject({ ok: false, timedOut: true, error: { errorType: 'Sandbox.Timedout' } });
    if (outcome.ok) return;
    expect(outcome.error.errorMessage).toMatch(/Task timed out after 1\.00 seconds/);
    const after = await host.invoke({ a: 1 });
    expect(after.ok && before.ok && (after.value as { pid: number }).pid !== (before.value as { pid: number }).pid).toBe(true);
  });

  it('reports crashes, exits and import errors', async () => {
    const host = makeHost();
    expect(await host.invoke({ crash: true })).toMatchObject({ ok: false, error: { errorMessage: 'crashed' } });
    expect(await host.invoke({ exit: true })).toMatchObject({
      ok: false,
      error: { errorType: 'Runtime.ExitError', errorMessage: expect.stringContaining('exit status 3') },
    });
    expect((await host.invoke({ a: 1 })).ok).toBe(true);
    const broken = makeHost({ handlerFile: `${FIXTURES}broken.mjs` });
    expect(await broken.invoke({})).toMatchObject({
      ok: false,
      error: { errorType: 'Runtime.ImportModuleError', errorMessage: 'cannot load' },
    });
  });

  it('refuses a response over 6 MB', async () => {
    const host = makeHost();
    expect(await host.invoke({ big: true })).toMatchObject({ ok: false, error: { errorType: 'Function.ResponseSizeTooLarge' } });
  });

  it('supports callback-style handlers', async () => {
    const host = makeHost({ handlerFile: `${FIXTURES}callback.cjs` });
    expect(await host.invoke({ n: 1 })).toMatchObject({ ok: true, value: { callback: true, event: { n: 1 } } });
  });

  it('runs overlapping invocations in separate containers, up to maxConcurrency', async () => {
    const host = makeHost({ maxConcurrency: 2 });
    const started = Date.now();
    const outcomes = await Promise.all([host.invoke({ sleep: 400 }), host.invoke({ sleep: 400 }), host.invoke({ sleep: 400 })]);
    const elapsed = Date.now() - started;
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(host.size).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(800);
  });

  it('restarts containers on demand (after a rebuild)', async () => {
    const host = makeHost();
    const first = await host.invoke({});
    host.restart({ handlerFile: `${FIXTURES}callback.cjs` });
    const second = await host.invoke({ n: 2 });
    expect(first.ok && (first.value as { pid: number }).pid).toBeTruthy();
    expect(second).toMatchObject({ ok: true, value: { callback: true } });
  });

  it('hands other child messages to onMessage with a reply channel', async () => {
    const seen: Array<Record<string, unknown>> = [];
    const host = makeHost({
      env: { ...(process.env as Record<string, string>), TSAPPA_TASK_TABLE: 'tasks', AWS_LAMBDA_FUNCTION_NAME: 'fake-api-dev' },
      onMessage: (message, reply) => {
        seen.push(message);
        const value = message.op === 'getTaskRecord' ? { id: 'abc', status: 'complete', value: '42' } : undefined;
        reply({ type: 'tsappa:aws:reply', requestId: message.requestId, ok: true, value });
      },
    });
    const dispatched = await host.invoke({ httpMethod: 'GET', path: '/task', queryStringParameters: { name: 'add' } });
    expect(dispatched).toMatchObject({ ok: true, value: { statusCode: 202 } });
    expect(seen.map((m) => m.op)).toEqual(['putTaskRecord', 'invokeEvent']);
    expect(seen[1]).toMatchObject({ type: 'tsappa:aws', args: [{ functionName: 'fake-api-dev' }, expect.stringContaining('"name":"add"')] });
    const result = await host.invoke({ httpMethod: 'GET', path: '/task-result/abc' });
    expect(result.ok && JSON.parse((result.value as { body: string }).body)).toEqual({ id: 'abc', status: 'complete', value: '42' });
  });
});

describe('FunctionHost across builds', () => {
  const root = mkdtempSync(join(tmpdir(), 'tsappa-host-builds-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** A build directory whose handler reports where it runs (and can be kept busy). */
  function build(name: string): string {
    const dir = join(root, name);
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'index.mjs'),
      'export const handler = async (event) => {\n' +
        '  if (event.sleepMs) await new Promise((r) => setTimeout(r, event.sleepMs));\n' +
        '  return { cwd: process.cwd(), root: process.env.LAMBDA_TASK_ROOT };\n' +
        '};\n',
    );
    return dir;
  }
  const env = (dir: string) => ({ PATH: process.env.PATH ?? '', LAMBDA_TASK_ROOT: dir });

  it('points new containers at the new build, and the old one may go once its containers have', async () => {
    const a = build('a');
    const b = build('b');
    const host = makeHost({ handlerFile: join(a, 'index.mjs'), cwd: a, env: env(a) });
    expect(await host.invoke({})).toMatchObject({ ok: true, value: { cwd: a, root: a } });

    await host.restart({ handlerFile: join(b, 'index.mjs'), cwd: b, env: env(b) });
    expect(host.size).toBe(0);
    rmSync(a, { recursive: true });
    for (let i = 0; i < 3; i++) expect(await host.invoke({})).toMatchObject({ ok: true, value: { cwd: b, root: b } });
  });

  it('lets a busy container finish on the old build before the restart counts as done', async () => {
    const a = build('busy-a');
    const b = build('busy-b');
    const host = makeHost({ handlerFile: join(a, 'index.mjs'), cwd: a, env: env(a) });
    const slow = host.invoke({ sleepMs: 800 });
    await new Promise((r) => setTimeout(r, 300)); // the container is up and busy
    let drained = false;
    const restarted = host.restart({ handlerFile: join(b, 'index.mjs'), cwd: b, env: env(b) }).then(() => (drained = true));
    expect(await host.invoke({})).toMatchObject({ ok: true, value: { cwd: b } });
    expect(drained).toBe(false);
    expect(await slow).toMatchObject({ ok: true, value: { cwd: a } });
    await restarted;
    expect(drained).toBe(true);
  });

  it("counts the timeout from the handler call, not from the cold start (Lambda's init has its own limit)", async () => {
    const dir = join(root, 'slow-init');
    mkdirSync(dir);
    writeFileSync(join(dir, 'index.mjs'), 'await new Promise((r) => setTimeout(r, 1500));\nexport const handler = async () => ({ cwd: process.cwd() });\n');
    const host = makeHost({ handlerFile: join(dir, 'index.mjs'), cwd: dir, env: env(dir), timeoutSeconds: 1 });
    expect(await host.invoke({})).toMatchObject({ ok: true, value: { cwd: dir } });
  });

  it('answers at once with an error, not a timeout, when a container cannot start', async () => {
    const gone = join(root, 'never-created');
    const host = makeHost({ handlerFile: join(gone, 'index.mjs'), cwd: gone, env: env(gone), timeoutSeconds: 10 });
    const outcome = await host.invoke({});
    expect(outcome).toMatchObject({ ok: false, timedOut: false, error: { errorType: 'Runtime.ExitError' } });
    expect(!outcome.ok && outcome.error.errorMessage).toContain('could not start');
    expect(outcome.durationMs).toBeLessThan(5000);
  });
});

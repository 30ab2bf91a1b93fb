import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
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

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { InvokeOutcome } from './function-host.js';
import { LOCAL_TASK_BUCKET, TaskPayloads } from './task-payloads.js';
import { AsyncInvoker, LocalAws, describeEvent, snsEvent } from './tasks.js';

const dir = mkdtempSync(join(tmpdir(), 'tsappa-tasks-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const task = (name: string, id: string) => ({ 'tsappa:task': { v: 1, id, name, args: [], sentAt: 0 } });

function fakeInvoke(failures: number) {
  const seen: unknown[] = [];
  const invoke = async (event: unknown): Promise<InvokeOutcome> => {
    seen.push(event);
    return seen.length <= failures
      ? { ok: false, requestId: `req-${seen.length}`, error: { errorType: 'Error', errorMessage: `failure ${seen.length}` }, timedOut: false, durationMs: 1 }
      : { ok: true, requestId: `req-${seen.length}`, value: 'done', durationMs: 1 };
  };
  return { seen, invoke };
}

describe('AsyncInvoker', () => {
  it('runs an event in the background and logs the attempt', async () => {
    const { seen, invoke } = fakeInvoke(0);
    const lines: string[] = [];
    const invoker = new AsyncInvoker({ invoke, log: (l) => lines.push(l), deadLetterFile: join(dir, 'a.jsonl'), retryDelaysMs: [1, 1] });
    invoker.enqueue(task('send', 't-1'));
    expect(seen).toHaveLength(0); // accepted, not yet run
    await invoker.idle();
    expect(seen).toHaveLength(1);
    expect(lines).toEqual([expect.stringMatching(/ task send t-1 attempt 1\/3 ok \d+ms$/)]);
  });

  it('retries twice after failures, waiting between attempts', async () => {
    const { seen, invoke } = fakeInvoke(2);
    const lines: string[] = [];
    const invoker = new AsyncInvoker({ invoke, log: (l) => lines.push(l), deadLetterFile: join(dir, 'b.jsonl'), retryDelaysMs: [100, 150] });
    const started = Date.now();
    invoker.enqueue(task('send', 't-2'));
    await invoker.idle();
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(seen).toHaveLength(3);
    expect(lines.map((l) => l.replace(/^\S+ /, '').replace(/\d+ms/, 'Nms'))).toEqual([
      'task send t-2 attempt 1/3 error Nms (Error: failure 1; will retry)',
      'task send t-2 attempt 2/3 error Nms (Error: failure 2; will retry)',
      'task send t-2 attempt 3/3 ok Nms',
    ]);
  });

  it('dead-letters an event after three failed attempts, one JSON line each', async () => {
    const file = join(dir, 'nested', 'dev-dead-letter.jsonl');
    const { invoke } = fakeInvoke(100);
    const invoker = new AsyncInvoker({ invoke, log: () => undefined, deadLetterFile: file, retryDelaysMs: [1, 1] });
    invoker.enqueue(task('a', 't-3'));
    invoker.enqueue({ custom: true });
    await invoker.idle();
    const letters = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(letters).toHaveLength(2);
    expect(letters.find((l) => l.name === 'a')).toMatchObject({ id: 't-3', attempts: 3, event: task('a', 't-3'), error: { errorType: 'Error' } });
    expect(letters.find((l) => l.name === 'event')).toMatchObject({ id: null, event: { custom: true } });
  });

  it('drops pending retries when closed', async () => {
    const { seen, invoke } = fakeInvoke(100);
    const invoker = new AsyncInvoker({ invoke, log: () => undefined, deadLetterFile: join(dir, 'c.jsonl'), retryDelaysMs: [60_000, 60_000] });
    invoker.enqueue(task('a', 't-4'));
    await new Promise((r) => setTimeout(r, 20));
    invoker.close();
    await invoker.idle();
    expect(seen).toHaveLength(1);
  });
});

describe('describeEvent', () => {
  it('names direct and SNS-delivered tasks', () => {
    expect(describeEvent(task('send', 'id-1'))).toEqual({ name: 'send', id: 'id-1' });
    expect(describeEvent(snsEvent('arn:aws:sns:eu-west-1:0:t', JSON.stringify(task('sms', 'id-2'))))).toEqual({ name: 'sms', id: 'id-2' });
    expect(describeEvent({ other: 1 })).toEqual({ name: 'event', id: null });
  });
});

describe('LocalAws (the parent side of the runtime hook)', () => {
  function setup(taskPayloads?: TaskPayloads) {
    const queued: unknown[] = [];
    const invoker = { enqueue: (e: unknown) => queued.push(e) } as unknown as AsyncInvoker;
    const aws = new LocalAws({ functionName: 'api-dev', asyncTopicArn: 'arn:aws:sns:eu-west-1:000000000000:api-dev-async', invoker, ...(taskPayloads ? { taskPayloads } : {}) });
    const replies: unknown[] = [];
    const send = (op: string, args: unknown[]) => {
      const handled = aws.handleMessage({ type: 'tsappa:aws', requestId: `r${replies.length}`, op, args }, (m) => replies.push(m));
      expect(handled).toBe(true);
      return replies[replies.length - 1];
    };
    return { aws, queued, send };
  }

  it('queues Event invokes of the local function (by name or ARN)', () => {
    const { queued, send } = setup();
    expect(send('invokeEvent', [{ functionName: 'api-dev', qualifier: '$LATEST' }, JSON.stringify(task('x', '1'))])).toEqual({
      type: 'tsappa:aws:reply',
      requestId: 'r0',
      ok: true,
      value: undefined,
    });
    send('invokeEvent', [{ functionName: 'arn:aws:lambda:eu-west-1:000000000000:function:api-dev:live' }, '{"a":1}']);
    expect(queued).toEqual([task('x', '1'), { a: 1 }]);
    expect(send('invokeEvent', [{ functionName: 'other' }, '{}'])).toMatchObject({ ok: false, error: { name: 'LocalServeError', message: expect.stringMatching(/cannot invoke other/) } });
  });

  it("refuses what Lambda and SNS refuse: an Event payload over 1 MB, an SNS message over 256 KiB", () => {
    const { queued, send } = setup();
    const payload = (bytes: number) => JSON.stringify({ pad: 'x'.repeat(bytes - 10) });
    expect(send('invokeEvent', [{ functionName: 'api-dev' }, payload(1024 * 1024)])).toMatchObject({ ok: true });
    expect(send('invokeEvent', [{ functionName: 'api-dev' }, payload(1024 * 1024 + 1)])).toMatchObject({
      ok: false,
      error: { name: 'RequestEntityTooLargeException', message: 'Lambda Event invoke payload of 1048577 bytes is over the 1048576-byte limit AWS enforces' },
    });
    expect(send('publish', ['arn:aws:sns:eu-west-1:000000000000:api-dev-async', payload(256 * 1024 + 1)])).toMatchObject({ ok: false, error: { name: 'InvalidParameterException' } });
    expect(queued).toHaveLength(1);
  });

  it('delivers publishes to the async topic as SNS events', () => {
    const { queued, send } = setup();
    send('publish', ['arn:aws:sns:eu-west-1:000000000000:api-dev-async', 'hello']);
    expect(queued[0]).toMatchObject({ Records: [{ EventSource: 'aws:sns', Sns: { Message: 'hello', TopicArn: 'arn:aws:sns:eu-west-1:000000000000:api-dev-async' } }] });
    expect(send('publish', ['arn:aws:sns:eu-west-1:000000000000:other', 'x'])).toMatchObject({ ok: false });
  });

  it('stores and reads task records', () => {
    const { aws, send } = setup();
    const record = { id: 't1', name: 'x', status: 'complete', value: '3', updatedAt: 1, ttl: 2 };
    expect(send('putTaskRecord', ['tasks', record])).toMatchObject({ ok: true });
    expect(send('getTaskRecord', ['tasks', 't1'])).toMatchObject({ ok: true, value: record });
    expect(send('getTaskRecord', ['tasks', 'nope'])).toMatchObject({ ok: true, value: null });
    expect(aws.record('tasks', 't1')).toEqual(record);
    expect(send('getSecretString', ['s'])).toMatchObject({ ok: false, error: { message: expect.stringMatching(/does not emulate the AWS operation "getSecretString"/) } });
  });

  it("keeps offloaded task arguments in its folder, as the deployment bucket's tsappa-tasks/ prefix", () => {
    const folder = join(dir, 'task-payloads');
    const { send } = setup(new TaskPayloads(folder));
    const big = JSON.stringify(['x'.repeat(2_000_000)]);
    expect(send('putObject', [LOCAL_TASK_BUCKET, 'tsappa-tasks/abc-1.json', big])).toMatchObject({ ok: true });
    expect(readFileSync(join(folder, 'abc-1.json'), 'utf8')).toBe(big);
    expect(send('getObjectText', [LOCAL_TASK_BUCKET, 'tsappa-tasks/abc-1.json'])).toMatchObject({ ok: true, value: big });
    expect(send('deleteObject', [LOCAL_TASK_BUCKET, 'tsappa-tasks/abc-1.json'])).toMatchObject({ ok: true });
    expect(existsSync(join(folder, 'abc-1.json'))).toBe(false);
    expect(send('getObjectText', [LOCAL_TASK_BUCKET, 'tsappa-tasks/abc-1.json'])).toMatchObject({ ok: false, error: { name: 'NoSuchKey' } });
  });

  it('keeps nothing else: no other bucket, no key that could leave the folder', () => {
    const folder = join(dir, 'task-payloads-guarded');
    const { send } = setup(new TaskPayloads(folder));
    expect(send('putObject', ['someone-elses-bucket', 'tsappa-tasks/a.json', '[]'])).toMatchObject({ ok: false, error: { message: expect.stringMatching(/only for the bucket tsappa-serve-local/) } });
    for (const key of ['tsappa-tasks/../../escape.json', 'tsappa-tasks/a/b.json', 'other/a.json', 'tsappa-tasks/a.txt']) {
      expect(send('putObject', [LOCAL_TASK_BUCKET, key, '[]'])).toMatchObject({ ok: false, error: { message: expect.stringMatching(/keeps only task arguments/) } });
    }
    expect(existsSync(join(dir, 'escape.json'))).toBe(false);
    expect(setup().send('putObject', [LOCAL_TASK_BUCKET, 'tsappa-tasks/a.json', '[]'])).toMatchObject({ ok: false, error: { message: expect.stringMatching(/no folder for task arguments/) } });
  });

  it('ignores messages that are not the hook', () => {
    const { aws } = setup();
    expect(aws.handleMessage({ type: 'something-else' }, () => undefined)).toBe(false);
  });
});

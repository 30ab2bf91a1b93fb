import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ENV, TASK_OFFLOAD_PREFIX } from '../contract.js';
import { FakeAws } from './__fixtures__/fake-ops.js';
import { EVENT_INVOKE_PAYLOAD_LIMIT, SNS_MESSAGE_LIMIT } from './dispatch.js';
import { recordInvokedFunctionArn } from './environment.js';
import { TASK_MESSAGE_KEY, isTaskMessage, type TaskMessage } from './message.js';
import { setAwsOps } from './ops.js';
import { DuplicateTaskError, UnknownTaskError, getTask, setDefaultTaskService, taskNames } from './registry.js';
import { getTaskResult } from './results.js';
import { run } from './run.js';
import { task } from './task.js';
import { TaskArgumentError } from './json.js';

let aws: FakeAws;
let counter = 0;
const unique = (base: string) => `${base}${++counter}`;

function insideLambda(): void {
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'quote-api-dev');
  vi.stubEnv('AWS_LAMBDA_FUNCTION_VERSION', '7');
  vi.stubEnv(ENV.deploymentBucket, 'deploy-bucket');
  vi.stubEnv(ENV.asyncTopicArn, 'arn:aws:sns:us-east-1:123456789012:quote-api-dev-async');
  vi.stubEnv(ENV.taskTable, 'quote-api-dev-tasks');
}

function sentMessage(payload: string): TaskMessage {
  const message: unknown = JSON.parse(payload);
  if (!isTaskMessage(message)) throw new Error(`not a task message: ${payload}`);
  return message;
}

beforeEach(() => {
  aws = new FakeAws();
  setAwsOps(aws);
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', '');
  vi.stubEnv(ENV.taskTable, '');
  setDefaultTaskService('lambda');
});
afterEach(() => {
  setAwsOps(null);
  vi.unstubAllEnvs();
});

describe('task() definitions', () => {
  it('names a task after its function, or as given', () => {
    const name = unique('sendWelcome');
    const named = { [name]: async (_id: string) => undefined }[name]!;
    expect(task(named).taskName).toBe(name);
    const explicit = unique('images.resize');
    expect(task(explicit, async () => 1).taskName).toBe(explicit);
    const withOptions = unique('report');
    const t = task({ name: withOptions, captureResponse: true }, async () => 1);
    expect(t.taskName).toBe(withOptions);
    expect(t.options).toMatchObject({ name: withOptions, captureResponse: true });
    expect(taskNames()).toEqual(expect.arrayContaining([name, explicit, withOptions]));
  });

  it('refuses anonymous functions without a name', () => {
    expect(() => task((() => () => 1)())).toThrow('an anonymous function needs a name');
  });

  it('refuses a duplicate name at definition', () => {
    const name = unique('dup');
    task(name, () => 1);
    expect(() => task(name, () => 2)).toThrow(DuplicateTaskError);
    expect(() => task(name, () => 2)).toThrow(`a task named "${name}" is already registered`);
  });

  it('keeps the undecorated function as .fn', () => {
    const fn = (a: number, b: number) => a + b;
    const t = task(unique('add'), fn);
    expect(t.fn).toBe(fn);
  });
});

describe('outside Lambda', () => {
  it('runs inline and the receipt holds the result', async () => {
    const calls: unknown[][] = [];
    const t = task(unique('inline'), async (a: number, b: { when: string }) => {
      calls.push([a, b]);
      return a * 2;
    });
    const receipt = await t(21, { when: 'now' });
    expect(receipt).toEqual({ id: expect.any(String), service: 'inline', result: 42 });
    expect(calls).toEqual([[21, { when: 'now' }]]);
    expect(aws.invokes).toHaveLength(0);
  });

  it('gives the function what JSON carries, as Lambda would', async () => {
    let seen: unknown;
    const t = task(unique('dates'), (d: unknown) => {
      seen = d;
    });
    await t(new Date('2026-11-21T16:00:00Z'));
    expect(seen).toBe('2026-11-21T16:00:00.000Z');
  });

  it('propagates the error of an inline task', async () => {
    const t = task(unique('boom'), async () => {
      throw new Error('boom');
    });
    await expect(t()).rejects.toThrow('boom');
  });

  it('keeps captured results for getTaskResult without AWS', async () => {
    const ok = task({ name: unique('cap'), captureResponse: true }, async () => ({ total: 3 }));
    const receipt = await ok();
    expect(await getTaskResult(receipt.id)).toMatchObject({ status: 'complete', value: { total: 3 } });
    expect(await getTaskResult('nope')).toBeNull();
  });

  it('throws at the call site when the arguments do not serialise', () => {
    const t = task(unique('strict'), (_x: unknown) => 1);
    expect(() => t(new Map())).toThrow(TaskArgumentError);
  });
});

describe('inside Lambda', () => {
  beforeEach(insideLambda);

  it('dispatches an Event invoke of the current function version and returns a receipt', async () => {
    let ran = false;
    const name = unique('queued');
    const t = task(name, async (_to: string, _n: number) => {
      ran = true;
    });
    const receipt = await t('ann@example.com', 3);
    expect(receipt).toEqual({ id: expect.any(String), service: 'lambda' });
    expect(ran).toBe(false);
    expect(aws.invokes).toHaveLength(1);
    const { target, payload } = aws.invokes[0]!;
    expect(target).toEqual({ functionName: 'quote-api-dev', qualifier: '7' });
    expect(sentMessage(payload)[TASK_MESSAGE_KEY]).toMatchObject({ v: 1, id: receipt.id, name, args: ['ann@example.com', 3] });
  });

  it('falls back to the invoked ARN qualifier when the version variable is missing', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_VERSION', '');
    recordInvokedFunctionArn('arn:aws:lambda:us-east-1:123456789012:function:quote-api-dev:12');
    await task(unique('fallback'), () => 1)();
    expect(aws.invokes[0]!.target).toEqual({ functionName: 'quote-api-dev', qualifier: '12' });
  });

  it('publishes to the async topic with service sns', async () => {
    const name = unique('viaSns');
    const receipt = await task({ name, service: 'sns' }, (_x: string) => 1)('x');
    expect(receipt.service).toBe('sns');
    expect(aws.invokes).toHaveLength(0);
    expect(aws.publishes).toHaveLength(1);
    expect(aws.publishes[0]!.topicArn).toBe('arn:aws:sns:us-east-1:123456789012:quote-api-dev-async');
    expect(sentMessage(aws.publishes[0]!.message)[TASK_MESSAGE_KEY]).toMatchObject({ name, args: ['x'] });
  });

  it('uses the stage asyncSource as the default service', async () => {
    setDefaultTaskService('sns');
    await task(unique('defaulted'), () => 1)();
    expect(aws.publishes).toHaveLength(1);
  });

  it('targets remoteFunctionName and remoteRegion', async () => {
    await task({ name: unique('remote'), remoteFunctionName: 'billing-prod', remoteRegion: 'eu-west-1' }, () => 1)();
    expect(aws.invokes[0]!.target).toEqual({ functionName: 'billing-prod', region: 'eu-west-1' });
  });

  it('refuses remoteFunctionName with sns', async () => {
    await expect(task({ name: unique('bad'), service: 'sns', remoteFunctionName: 'x' }, () => 1)()).rejects.toThrow('need service "lambda"');
  });

  it('throws synchronously on arguments JSON cannot carry, before dispatching', () => {
    const t = task(unique('strict'), (_x: unknown) => 1);
    expect(() => t({ fn: () => 1 })).toThrow('args[0].fn is a function');
    expect(aws.invokes).toHaveLength(0);
  });

  it.each([
    ['lambda' as const, EVENT_INVOKE_PAYLOAD_LIMIT],
    ['sns' as const, SNS_MESSAGE_LIMIT],
  ])('offloads %s payloads above %i bytes to S3', async (service, limit) => {
    const name = unique(`big-${service}`);
    const t = task({ name, service }, (_s: string) => 1);
    const sent = () => (service === 'sns' ? aws.publishes.map((p) => p.message) : aws.invokes.map((i) => i.payload));

    // just under the limit: inline
    const overhead = Buffer.byteLength(JSON.stringify({ [TASK_MESSAGE_KEY]: { v: 1, id: '00000000-0000-0000-0000-000000000000', name, args: [''], sentAt: Date.now() } }));
    await t('x'.repeat(limit - overhead - 10));
    expect(sentMessage(sent()[0]!)[TASK_MESSAGE_KEY].args).toBeDefined();
    expect(aws.objects.size).toBe(0);

    // over it: by reference
    const big = 'y'.repeat(limit + 1);
    const receipt = await t(big);
    const body = sentMessage(sent()[1]!)[TASK_MESSAGE_KEY];
    expect(body.args).toBeUndefined();
    expect(body.ref).toEqual({ bucket: 'deploy-bucket', key: `${TASK_OFFLOAD_PREFIX}${receipt.id}.json` });
    expect(Buffer.byteLength(sent()[1]!)).toBeLessThan(1000);
    expect(JSON.parse(await aws.getObjectText('deploy-bucket', body.ref!.key))).toEqual([big]);
  });

  it('fails clearly when a big payload has no bucket to go to', async () => {
    vi.stubEnv(ENV.deploymentBucket, '');
    await expect(task(unique('nobucket'), (_s: string) => 1)('z'.repeat(EVENT_INVOKE_PAYLOAD_LIMIT))).rejects.toThrow(
      `over the lambda limit of ${EVENT_INVOKE_PAYLOAD_LIMIT}, and ${ENV.deploymentBucket} is not set`,
    );
  });

  it('deletes the offloaded payload when the dispatch fails', async () => {
    aws.failInvoke = new Error('AccessDenied');
    await expect(task(unique('fails'), (_s: string) => 1)('z'.repeat(EVENT_INVOKE_PAYLOAD_LIMIT))).rejects.toThrow('dispatch through lambda failed: AccessDenied');
    expect(aws.objects.size).toBe(0);
  });

  it('captureResponse writes "in progress" with a TTL before dispatching', async () => {
    const name = unique('captured');
    const before = Math.floor(Date.now() / 1000);
    const receipt = await task({ name, captureResponse: true, resultTtlSeconds: 600 }, () => 1)();
    const record = aws.records.get(`quote-api-dev-tasks/${receipt.id}`);
    expect(record).toMatchObject({ id: receipt.id, name, status: 'in progress' });
    expect(record!.ttl).toBeGreaterThanOrEqual(before + 600);
    expect(record!.ttl).toBeLessThanOrEqual(before + 601);
    expect(sentMessage(aws.invokes[0]!.payload)[TASK_MESSAGE_KEY]).toMatchObject({ captureResponse: true, resultTtlSeconds: 600, resultTable: 'quote-api-dev-tasks' });
    expect(await getTaskResult(receipt.id)).toMatchObject({ status: 'in progress', name });
  });

  it('captureResponse records a failed dispatch', async () => {
    aws.failInvoke = new Error('ThrottlingException');
    await expect(task({ name: unique('capfail'), captureResponse: true }, () => 1)()).rejects.toThrow('ThrottlingException');
    expect(aws.recordHistory.map((r) => r.status)).toEqual(['in progress', 'failed']);
  });

  it('captureResponse without a table is a clear error', async () => {
    vi.stubEnv(ENV.taskTable, '');
    await expect(task({ name: unique('notable'), captureResponse: true }, () => 1)()).rejects.toThrow(`${ENV.taskTable} is not set`);
  });
});

describe('run()', () => {
  it('runs a task by name or by reference inline outside Lambda', async () => {
    const name = unique('byName');
    const t = task(name, (a: number) => a + 1);
    expect(await run(name, [1])).toMatchObject({ service: 'inline', result: 2 });
    expect(await run(t, [2])).toMatchObject({ service: 'inline', result: 3 });
  });

  it('names the known tasks for an unknown name', () => {
    const name = unique('known');
    task(name, () => 1);
    expect(() => run('missing', [])).toThrow(UnknownTaskError);
    expect(() => run('missing', [])).toThrow(new RegExp(`unknown task "missing"; known tasks: .*${name}`));
  });

  it('chooses the service per call inside Lambda', async () => {
    insideLambda();
    const name = unique('dyn');
    task(name, () => 1);
    expect(await run(name, [1], { service: 'sns' })).toMatchObject({ service: 'sns' });
    expect(await run(name, [2])).toMatchObject({ service: 'lambda' });
    expect(aws.publishes).toHaveLength(1);
    expect(aws.invokes).toHaveLength(1);
  });

  it('sends an unregistered name to a remote function', async () => {
    insideLambda();
    expect(await run('billing.charge', [5], { remoteFunctionName: 'billing-prod' })).toMatchObject({ service: 'lambda' });
    expect(aws.invokes[0]!.target.functionName).toBe('billing-prod');
  });

  it('cannot run a remote-only task inline', async () => {
    await expect(run('billing.charge', [5], { remoteFunctionName: 'billing-prod' })).rejects.toThrow('cannot run inline outside Lambda');
  });

  it('checks args is an array', () => {
    const name = unique('arr');
    task(name, () => 1);
    expect(() => run(name, 'x' as unknown as unknown[])).toThrow('args must be an array');
    expect(getTask(name).name).toBe(name);
  });
});

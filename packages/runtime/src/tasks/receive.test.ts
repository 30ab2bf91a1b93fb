import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ENV } from '../contract.js';
import { FakeAws } from './__fixtures__/fake-ops.js';
import { TASK_MESSAGE_KEY, parseTaskMessage, type TaskMessage, type TaskMessageBody } from './message.js';
import { setAwsOps } from './ops.js';
import { receiveTask } from './receive.js';
import { UnknownTaskError } from './registry.js';
import { getTaskResult } from './results.js';
import { task } from './task.js';

let aws: FakeAws;
const received: unknown[][] = [];
task('receive.echo', (...args: unknown[]) => {
  received.push(args);
  return { echoed: args.length };
});
task('receive.fail', () => {
  throw new TypeError('bad input');
});

function message(body: Partial<TaskMessageBody>): TaskMessage {
  return { [TASK_MESSAGE_KEY]: { v: 1, id: 'id-1', name: 'receive.echo', sentAt: 0, ...body } };
}

beforeEach(() => {
  aws = new FakeAws();
  setAwsOps(aws);
  received.length = 0;
  vi.stubEnv(ENV.taskTable, 'tasks');
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'fn');
});
afterEach(() => {
  setAwsOps(null);
  vi.unstubAllEnvs();
});

describe('receiveTask', () => {
  it('runs the named task with the inline arguments', async () => {
    expect(await receiveTask(message({ args: [1, 'two'] }))).toEqual({ echoed: 2 });
    expect(received).toEqual([[1, 'two']]);
    expect(aws.recordHistory).toHaveLength(0);
  });

  it('fetches offloaded arguments and deletes them after success', async () => {
    aws.put('bucket', 'tsappa-tasks/id-1.json', JSON.stringify(['big', { x: 1 }]));
    await receiveTask(message({ ref: { bucket: 'bucket', key: 'tsappa-tasks/id-1.json' } }));
    expect(received).toEqual([['big', { x: 1 }]]);
    expect(aws.has('bucket', 'tsappa-tasks/id-1.json')).toBe(false);
  });

  it('keeps the offloaded arguments after a failure (Lambda retries, then the DLQ)', async () => {
    aws.put('bucket', 'k.json', JSON.stringify([]));
    await expect(receiveTask(message({ name: 'receive.fail', ref: { bucket: 'bucket', key: 'k.json' } }))).rejects.toThrow('bad input');
    expect(aws.has('bucket', 'k.json')).toBe(true);
  });

  it('names the object when offloaded arguments are missing', async () => {
    await expect(receiveTask(message({ ref: { bucket: 'bucket', key: 'gone.json' } }))).rejects.toThrow(
      'task receive.echo (id-1): cannot read its arguments from s3://bucket/gone.json',
    );
  });

  it('records complete with the value when capturing', async () => {
    await receiveTask(message({ id: 'cap-1', args: [1], captureResponse: true }));
    expect(await getTaskResult('cap-1')).toMatchObject({ id: 'cap-1', name: 'receive.echo', status: 'complete', value: { echoed: 1 } });
  });

  it('records failed with the error when capturing, and rethrows', async () => {
    await expect(receiveTask(message({ id: 'cap-2', name: 'receive.fail', captureResponse: true }))).rejects.toThrow(TypeError);
    expect(await getTaskResult('cap-2')).toMatchObject({ status: 'failed', error: { name: 'TypeError', message: 'bad input' } });
  });

  it('an unknown task is an error naming the known ones, recorded when capturing', async () => {
    const promise = receiveTask(message({ id: 'cap-3', name: 'nope', captureResponse: true }));
    await expect(promise).rejects.toThrow(UnknownTaskError);
    await expect(receiveTask(message({ name: 'nope' }))).rejects.toThrow(/known tasks: .*receive\.echo/);
    expect(await getTaskResult('cap-3')).toMatchObject({ status: 'failed', error: { name: 'UnknownTaskError' } });
  });

  it('writes to the table the sender named (a task of another function)', async () => {
    await receiveTask(message({ id: 'cap-5', args: [], captureResponse: true, resultTable: 'caller-tasks' }));
    expect(aws.records.get('caller-tasks/cap-5')).toMatchObject({ status: 'complete' });
    expect(aws.records.has('tasks/cap-5')).toBe(false);
  });

  it('a result too big for the table is recorded as failed, naming the size', async () => {
    task('receive.huge', () => 'x'.repeat(500_000));
    await receiveTask(message({ id: 'cap-4', name: 'receive.huge', captureResponse: true }));
    const result = await getTaskResult('cap-4');
    expect(result).toMatchObject({ status: 'failed', error: { name: 'TaskResultError' } });
    expect(result?.status === 'failed' && result.error.message).toMatch(/the result is 500002 bytes/);
  });
});

describe('parseTaskMessage', () => {
  it('reads task messages and ignores anything else', () => {
    expect(parseTaskMessage(JSON.stringify(message({ args: [] })))).toEqual(message({ args: [] }));
    expect(parseTaskMessage('{"quote":"hello"}')).toBeNull();
    expect(parseTaskMessage('not json tsappa:task')).toBeNull();
    expect(parseTaskMessage(JSON.stringify({ 'tsappa:task': { id: 1 } }))).toBeNull();
  });
});

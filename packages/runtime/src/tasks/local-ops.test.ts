import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeAws } from './__fixtures__/fake-ops.js';
import { createLocalAwsOps, localTasksEnabled, LOCAL_REPLY_TYPE, LOCAL_REQUEST_TYPE, type IpcChannel } from './local-ops.js';
import { awsOps, realAwsOps, setAwsOps } from './ops.js';
import type { TaskRecord } from './ops-types.js';

interface Sent {
  type: string;
  requestId: string;
  op: string;
  args: unknown[];
}

/** A stand-in for `process` with an IPC channel: records what is sent, lets the test reply. */
class FakeChannel extends EventEmitter {
  sent: Sent[] = [];
  sendError: Error | null = null;
  send = (message: unknown, _h?: undefined, _o?: undefined, callback?: (error: Error | null) => void): boolean => {
    this.sent.push(message as Sent);
    queueMicrotask(() => callback?.(this.sendError));
    return true;
  };
  reply(requestId: string, answer: { ok: true; value?: unknown } | { ok: false; error: { name: string; message: string } }): void {
    this.emit('message', { type: LOCAL_REPLY_TYPE, requestId, ...answer });
  }
  /** waits until `n` messages were sent */
  async waitSent(n: number): Promise<Sent[]> {
    await vi.waitFor(() => expect(this.sent.length).toBeGreaterThanOrEqual(n));
    return this.sent;
  }
}

const channelOf = (fake: FakeChannel) => fake as unknown as IpcChannel;

afterEach(() => {
  setAwsOps(null);
  vi.unstubAllEnvs();
});

describe('localTasksEnabled', () => {
  it('needs TSAPPA_LOCAL_TASKS=1 and process.send', () => {
    const send = () => true;
    expect(localTasksEnabled({ TSAPPA_LOCAL_TASKS: '1' }, { send })).toBe(true);
    expect(localTasksEnabled({ TSAPPA_LOCAL_TASKS: '1' }, {})).toBe(false);
    expect(localTasksEnabled({ TSAPPA_LOCAL_TASKS: '0' }, { send })).toBe(false);
    expect(localTasksEnabled({}, { send })).toBe(false);
  });
});

describe('createLocalAwsOps', () => {
  it('sends the four task operations over IPC exactly as tsappa serve expects', async () => {
    const channel = new FakeChannel();
    const ops = createLocalAwsOps(new FakeAws(), channelOf(channel));
    const record: TaskRecord = { id: 't1', name: 'sms', status: 'in progress', updatedAt: 1, ttl: 2 };

    const invoked = ops.invokeEvent({ functionName: 'quote-api-dev', qualifier: '$LATEST' }, '{"a":1}');
    const published = ops.publish('arn:aws:sns:us-east-1:000000000000:quote-api-dev-async', 'msg');
    const put = ops.putTaskRecord('tasks', record);
    const got = ops.getTaskRecord('tasks', 't1');
    const sent = await channel.waitSent(4);

    expect(sent.map(({ type, op, args }) => ({ type, op, args }))).toEqual([
      { type: LOCAL_REQUEST_TYPE, op: 'invokeEvent', args: [{ functionName: 'quote-api-dev', qualifier: '$LATEST' }, '{"a":1}'] },
      { type: LOCAL_REQUEST_TYPE, op: 'publish', args: ['arn:aws:sns:us-east-1:000000000000:quote-api-dev-async', 'msg'] },
      { type: LOCAL_REQUEST_TYPE, op: 'putTaskRecord', args: ['tasks', record] },
      { type: LOCAL_REQUEST_TYPE, op: 'getTaskRecord', args: ['tasks', 't1'] },
    ]);
    expect(new Set(sent.map((m) => m.requestId)).size).toBe(4);

    // replies may come in any order
    channel.reply(sent[3]!.requestId, { ok: true, value: { ...record, status: 'complete', value: '3' } });
    channel.reply(sent[0]!.requestId, { ok: true });
    channel.reply(sent[2]!.requestId, { ok: true });
    channel.reply(sent[1]!.requestId, { ok: true });
    await expect(got).resolves.toEqual({ ...record, status: 'complete', value: '3' });
    await expect(Promise.all([invoked, published, put])).resolves.toEqual([undefined, undefined, undefined]);
  });

  it('turns a missing record into null and an error reply into a rejection with its name', async () => {
    const channel = new FakeChannel();
    const ops = createLocalAwsOps(new FakeAws(), channelOf(channel));
    const missing = ops.getTaskRecord('tasks', 'nope');
    const refused = ops.invokeEvent({ functionName: 'someone-else' }, '{}');
    const sent = await channel.waitSent(2);
    channel.reply(sent[0]!.requestId, { ok: true, value: null });
    channel.reply(sent[1]!.requestId, { ok: false, error: { name: 'LocalServeError', message: 'cannot invoke someone-else locally' } });
    await expect(missing).resolves.toBeNull();
    await expect(refused).rejects.toMatchObject({ name: 'LocalServeError', message: 'cannot invoke someone-else locally' });
  });

  it('ignores other messages and unknown request ids, and listens only while a request is pending', async () => {
    const channel = new FakeChannel();
    const ops = createLocalAwsOps(new FakeAws(), channelOf(channel));
    expect(channel.listenerCount('message')).toBe(0);
    const put = ops.publish('arn', 'm');
    const [sent] = await channel.waitSent(1);
    expect(channel.listenerCount('message')).toBe(1);
    channel.emit('message', { type: 'tsappa:serve:invoke', id: 'x' });
    channel.emit('message', { type: LOCAL_REPLY_TYPE, requestId: 'unknown', ok: true });
    channel.emit('message', null);
    let settled = false;
    void put.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(settled).toBe(false);
    channel.reply(sent!.requestId, { ok: true });
    await put;
    expect(channel.listenerCount('message')).toBe(0);
    expect(channel.listenerCount('disconnect')).toBe(0);
  });

  it('rejects when the message cannot be sent or the channel closes', async () => {
    const channel = new FakeChannel();
    const ops = createLocalAwsOps(new FakeAws(), channelOf(channel));
    channel.sendError = new Error('channel closed');
    await expect(ops.publish('arn', 'm')).rejects.toThrow('could not send publish to tsappa serve: channel closed');

    channel.sendError = null;
    const waiting = ops.getTaskRecord('t', 'id');
    await channel.waitSent(2);
    channel.emit('disconnect');
    await expect(waiting).rejects.toThrow('the IPC channel to tsappa serve closed');
    expect(channel.listenerCount('message')).toBe(0);
  });

  it('delegates the other operations to the fallback', async () => {
    const channel = new FakeChannel();
    const fallback = new FakeAws();
    const ops = createLocalAwsOps(fallback, channelOf(channel));
    await ops.putObject('bucket', 'k.json', '{"x":1}');
    await expect(ops.getObjectText('bucket', 'k.json')).resolves.toBe('{"x":1}');
    await ops.deleteObject('bucket', 'k.json');
    expect(channel.sent).toEqual([]);
  });

  it("sends offloaded task arguments (tsappa-tasks/ in the deployment bucket) to serve's local folder, nothing else", async () => {
    vi.stubEnv('TSAPPA_DEPLOYMENT_BUCKET', 'tsappa-serve-local');
    const channel = new FakeChannel();
    const fallback = new FakeAws();
    const ops = createLocalAwsOps(fallback, channelOf(channel));

    const put = ops.putObject('tsappa-serve-local', 'tsappa-tasks/1.json', '["big"]');
    const [sentPut] = await channel.waitSent(1);
    expect(sentPut).toMatchObject({ type: LOCAL_REQUEST_TYPE, op: 'putObject', args: ['tsappa-serve-local', 'tsappa-tasks/1.json', '["big"]'] });
    channel.reply((sentPut as Sent).requestId, { ok: true });
    await put;

    const read = ops.getObjectText('tsappa-serve-local', 'tsappa-tasks/1.json');
    const sentGet = (await channel.waitSent(2))[1] as Sent;
    expect(sentGet).toMatchObject({ op: 'getObjectText', args: ['tsappa-serve-local', 'tsappa-tasks/1.json'] });
    channel.reply(sentGet.requestId, { ok: true, value: '["big"]' });
    await expect(read).resolves.toBe('["big"]');

    const removed = ops.deleteObject('tsappa-serve-local', 'tsappa-tasks/1.json');
    const sentDelete = (await channel.waitSent(3))[2] as Sent;
    expect(sentDelete).toMatchObject({ op: 'deleteObject', args: ['tsappa-serve-local', 'tsappa-tasks/1.json'] });
    channel.reply(sentDelete.requestId, { ok: true });
    await removed;

    // another key of that bucket, or the prefix in another bucket: S3 as before
    await ops.putObject('tsappa-serve-local', 'uploads/a.json', '{}');
    await ops.putObject('other-bucket', 'tsappa-tasks/2.json', '[]');
    expect(channel.sent).toHaveLength(3);
  });
});

describe('awsOps()', () => {
  it('is the real implementation outside tsappa serve', () => {
    vi.stubEnv('TSAPPA_LOCAL_TASKS', '');
    expect(awsOps()).toBe(realAwsOps);
  });

  it('is the local hook with TSAPPA_LOCAL_TASKS=1 and an IPC channel', () => {
    vi.stubEnv('TSAPPA_LOCAL_TASKS', '1');
    const hadSend = 'send' in process;
    const original = process.send;
    process.send = (() => true) as typeof process.send;
    try {
      const ops = awsOps();
      expect(ops).not.toBe(realAwsOps);
      expect(awsOps()).toBe(ops);
      // setAwsOps (tests) wins over the hook
      const fake = new FakeAws();
      setAwsOps(fake);
      expect(awsOps()).toBe(fake);
    } finally {
      if (hadSend) process.send = original;
      else delete (process as { send?: unknown }).send;
    }
  });

  it('stays real with TSAPPA_LOCAL_TASKS=1 but no IPC channel', () => {
    vi.stubEnv('TSAPPA_LOCAL_TASKS', '1');
    const hadSend = 'send' in process;
    const original = process.send;
    delete (process as { send?: unknown }).send;
    try {
      expect(awsOps()).toBe(realAwsOps);
    } finally {
      if (hadSend) process.send = original;
    }
  });
});

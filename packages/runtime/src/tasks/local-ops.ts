/**
 * The local tasks hook: under `tsappa serve` (`TSAPPA_LOCAL_TASKS=1` in a process forked with
 * an IPC channel), the four task operations of `AwsOps` go to the serve process instead of AWS:
 *   child -> parent `{ type: 'tsappa:aws', requestId, op, args }`
 *   parent -> child `{ type: 'tsappa:aws:reply', requestId, ok: true, value }`
 *                or `{ type: 'tsappa:aws:reply', requestId, ok: false, error: { name, message } }`
 * (the parent side is packages/cli/src/serve/tasks.ts). `invokeEvent` and `publish` queue the
 * task in the local function, `putTaskRecord` / `getTaskRecord` keep the captured results, and
 * the arguments of a task too big to travel inline (`putObject` / `getObjectText` /
 * `deleteObject` of a `tsappa-tasks/` key in the deployment bucket serve names) go to serve's
 * local folder the way they go through the bucket when deployed. Every other operation (S3,
 * Secrets Manager) is delegated to the real implementation.
 */
import { ENV, TASK_OFFLOAD_PREFIX } from '../contract.js';
import type { AwsOps, TaskRecord } from './ops-types.js';

/** The operations sent over IPC. */
export const LOCAL_OPS = ['invokeEvent', 'publish', 'putTaskRecord', 'getTaskRecord', 'putObject', 'getObjectText', 'deleteObject'] as const;
export type LocalOp = (typeof LOCAL_OPS)[number];

export const LOCAL_REQUEST_TYPE = 'tsappa:aws';
export const LOCAL_REPLY_TYPE = 'tsappa:aws:reply';

/** The parts of `process` the hook uses (a fake in the unit tests). */
export interface IpcChannel {
  send?: ((message: unknown, sendHandle?: undefined, options?: undefined, callback?: (error: Error | null) => void) => boolean) | undefined;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'disconnect', listener: () => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'disconnect', listener: () => void): unknown;
}

/** Whether the hook is on: `TSAPPA_LOCAL_TASKS=1` and an IPC channel to a parent. */
export function localTasksEnabled(env: NodeJS.ProcessEnv = process.env, channel: { send?: unknown } = process): boolean {
  return env.TSAPPA_LOCAL_TASKS === '1' && typeof channel.send === 'function';
}

/** Whether an object operation is on offloaded task arguments (kept by serve, not S3). */
export function isOffloadedTaskObject(bucket: string, key: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return bucket === env[ENV.deploymentBucket] && key.startsWith(TASK_OFFLOAD_PREFIX);
}

export class LocalOpError extends Error {
  override name = 'LocalOpError';
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Reply {
  type: string;
  requestId: string;
  ok: boolean;
  value?: unknown;
  error?: { name?: string; message?: string };
}

function isReply(message: unknown): message is Reply {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === LOCAL_REPLY_TYPE &&
    typeof (message as { requestId?: unknown }).requestId === 'string'
  );
}

/**
 * AwsOps over the IPC channel. Listeners are attached only while a request is pending, so an
 * idle container never stays alive because of the hook.
 */
export function createLocalAwsOps(fallback: AwsOps, channel: IpcChannel = process as unknown as IpcChannel): AwsOps {
  const pending = new Map<string, Pending>();

  const onMessage = (message: unknown): void => {
    if (!isReply(message)) return;
    const waiter = pending.get(message.requestId);
    if (!waiter) return;
    settle(message.requestId);
    if (message.ok) waiter.resolve(message.value);
    else {
      const error = new Error(message.error?.message ?? 'the local AWS operation failed');
      if (message.error?.name) error.name = message.error.name;
      waiter.reject(error);
    }
  };
  const onDisconnect = (): void => {
    const waiters = [...pending.values()];
    for (const id of [...pending.keys()]) settle(id);
    for (const waiter of waiters) waiter.reject(new LocalOpError('the IPC channel to tsappa serve closed before it answered'));
  };
  function settle(requestId: string): void {
    pending.delete(requestId);
    if (pending.size === 0) {
      channel.off('message', onMessage);
      channel.off('disconnect', onDisconnect);
    }
  }

  function call(op: LocalOp, args: unknown[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const send = channel.send;
      if (typeof send !== 'function') {
        reject(new LocalOpError(`TSAPPA_LOCAL_TASKS is set but this process has no IPC channel for ${op}`));
        return;
      }
      const requestId = crypto.randomUUID();
      if (pending.size === 0) {
        channel.on('message', onMessage);
        channel.on('disconnect', onDisconnect);
      }
      pending.set(requestId, { resolve, reject });
      const fail = (error: Error): void => {
        if (!pending.has(requestId)) return;
        settle(requestId);
        reject(new LocalOpError(`could not send ${op} to tsappa serve: ${error.message}`, { cause: error }));
      };
      try {
        send.call(channel, { type: LOCAL_REQUEST_TYPE, requestId, op, args }, undefined, undefined, (error) => {
          if (error) fail(error);
        });
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  return {
    async invokeEvent(target, payload) {
      await call('invokeEvent', [target, payload]);
    },
    async publish(topicArn, message) {
      await call('publish', [topicArn, message]);
    },
    async putTaskRecord(table, record) {
      await call('putTaskRecord', [table, record]);
    },
    async getTaskRecord(table, id) {
      const value = await call('getTaskRecord', [table, id]);
      return (value ?? null) as TaskRecord | null;
    },
    async putObject(bucket, key, body) {
      if (!isOffloadedTaskObject(bucket, key)) return fallback.putObject(bucket, key, body);
      await call('putObject', [bucket, key, body]);
    },
    async getObjectText(bucket, key) {
      if (!isOffloadedTaskObject(bucket, key)) return fallback.getObjectText(bucket, key);
      return String(await call('getObjectText', [bucket, key]));
    },
    getObjectStream: (bucket, key) => fallback.getObjectStream(bucket, key),
    async deleteObject(bucket, key) {
      if (!isOffloadedTaskObject(bucket, key)) return fallback.deleteObject(bucket, key);
      await call('deleteObject', [bucket, key]);
    },
    getSecretString: (secretId) => fallback.getSecretString(secretId),
  };
}

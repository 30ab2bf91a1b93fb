/**
 * The receiving side of a task: find it in the registry, fetch offloaded arguments, run it (on
 * the registered instance, for an instance method task), and record the outcome when it
 * captures its response.
 *
 * The offloaded payload is deleted once the task succeeded. After a failure it stays, so the
 * Lambda retries (and the dead-letter target after them) still find it: nothing is dropped.
 */
import { awsOps } from './ops.js';
import type { TaskMessage } from './message.js';
import { TASK_MESSAGE_KEY } from './message.js';
import { taskThis } from './instances.js';
import { getTask } from './registry.js';
import { recordTaskStatus } from './results.js';
import { runtimeLog } from '../log-line.js';

export class TaskPayloadError extends Error {
  override name = 'TaskPayloadError';
}

async function loadArgs(message: TaskMessage): Promise<unknown[]> {
  const body = message[TASK_MESSAGE_KEY];
  if (body.ref) {
    const { bucket, key } = body.ref;
    let text: string;
    try {
      text = await awsOps().getObjectText(bucket, key);
    } catch (error) {
      throw new TaskPayloadError(`task ${body.name} (${body.id}): cannot read its arguments from s3://${bucket}/${key}: ${(error as Error).message}`, { cause: error });
    }
    const args: unknown = JSON.parse(text);
    if (!Array.isArray(args)) throw new TaskPayloadError(`task ${body.name} (${body.id}): s3://${bucket}/${key} does not hold an argument list`);
    return args;
  }
  if (body.args === undefined) return [];
  if (!Array.isArray(body.args)) throw new TaskPayloadError(`task ${body.name} (${body.id}): args is not a list`);
  return body.args;
}

/** Run the task a message names; resolves to its value, rejects with its error. */
export async function receiveTask(message: TaskMessage): Promise<unknown> {
  const body = message[TASK_MESSAGE_KEY];
  const capture = body.captureResponse === true;
  const ttlSeconds = body.resultTtlSeconds;
  const table = body.resultTable;
  let value: unknown;
  try {
    const definition = getTask(body.name);
    const args = await loadArgs(message);
    value = await definition.fn.apply(await taskThis(definition), args);
  } catch (error) {
    if (capture) {
      await recordTaskStatus({ id: body.id, name: body.name, status: 'failed', error, ttlSeconds, table }).catch((recordError: unknown) => {
        runtimeLog('ERROR', `could not record the failure of task ${body.name} (${body.id})`, { task: body.name, taskId: body.id, error: recordError });
      });
    }
    throw error;
  }
  if (capture) await recordTaskStatus({ id: body.id, name: body.name, status: 'complete', value, ttlSeconds, table });
  if (body.ref) {
    await awsOps()
      .deleteObject(body.ref.bucket, body.ref.key)
      .catch((error: unknown) => runtimeLog('WARN', `could not delete s3://${body.ref?.bucket}/${body.ref?.key}`, { error }));
  }
  return value;
}

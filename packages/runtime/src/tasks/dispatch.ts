/**
 * Sending a task: a Lambda Event invoke (of the current function version, or of
 * `remoteFunctionName`) or a publish to the stage's async SNS topic. Arguments too big for the
 * service (1 MB Event payload, 256 KiB SNS message) go to the deployment bucket under
 * TASK_OFFLOAD_PREFIX and the message carries a reference; the receiver fetches and deletes it.
 */
import { ENV, TASK_OFFLOAD_PREFIX } from '../contract.js';
import { currentFunctionTarget } from './environment.js';
import { TASK_MESSAGE_KEY, type TaskMessage, type TaskMessageBody } from './message.js';
import { awsOps } from './ops.js';
import type { InvokeTarget } from './ops-types.js';
import { taskTableName } from './results.js';
import type { TaskOptions, TaskService } from './registry.js';

/**
 * Largest asynchronous (Event) invoke payload sent inline, in bytes. AWS documents "1 MB" without
 * saying which megabyte; the decimal reading is the one that can never be refused.
 */
export const EVENT_INVOKE_PAYLOAD_LIMIT = 1_000_000;
/** Largest SNS message, in bytes (256 KiB, body and attributes; tasks send no attributes). */
export const SNS_MESSAGE_LIMIT = 256 * 1024;

export interface DispatchRequest {
  id: string;
  name: string;
  /** already checked by serializeArgs */
  args: unknown[];
  service: TaskService;
  options: TaskOptions;
}

export function payloadLimit(service: TaskService): number {
  return service === 'sns' ? SNS_MESSAGE_LIMIT : EVENT_INVOKE_PAYLOAD_LIMIT;
}

function asyncTopicArn(): string {
  const arn = process.env[ENV.asyncTopicArn];
  if (!arn) throw new Error(`the task service is "sns" but ${ENV.asyncTopicArn} is not set (asyncSource: sns with asyncResources creates the topic)`);
  return arn;
}

function invokeTarget(options: TaskOptions): InvokeTarget {
  if (options.remoteFunctionName) {
    const target: InvokeTarget = { functionName: options.remoteFunctionName };
    if (options.remoteRegion) target.region = options.remoteRegion;
    return target;
  }
  return currentFunctionTarget();
}

function serialize(body: TaskMessageBody): string {
  const message: TaskMessage = { [TASK_MESSAGE_KEY]: body };
  return JSON.stringify(message);
}

/** Send one task. Resolves once the service accepted it, without waiting for the work. */
export async function dispatchTask(request: DispatchRequest): Promise<void> {
  const { id, name, args, service, options } = request;
  if (service === 'sns' && (options.remoteFunctionName || options.remoteRegion)) {
    throw new Error(`task ${name}: remoteFunctionName and remoteRegion need service "lambda" (an SNS task goes to the stage's own topic)`);
  }
  const body: TaskMessageBody = { v: 1, id, name, args, sentAt: Date.now() };
  if (options.captureResponse) {
    body.captureResponse = true;
    body.resultTable = taskTableName();
  }
  if (options.resultTtlSeconds !== undefined) body.resultTtlSeconds = options.resultTtlSeconds;

  // resolve the destination before anything is written
  const destination = service === 'sns' ? asyncTopicArn() : invokeTarget(options);

  let payload = serialize(body);
  let offloaded: { bucket: string; key: string } | undefined;
  if (Buffer.byteLength(payload) > payloadLimit(service)) {
    const bucket = process.env[ENV.deploymentBucket];
    if (!bucket) {
      throw new Error(
        `task ${name}: its message is ${Buffer.byteLength(payload)} bytes, over the ${service} limit of ${payloadLimit(service)}, and ${ENV.deploymentBucket} is not set to pass it through S3`,
      );
    }
    offloaded = { bucket, key: `${TASK_OFFLOAD_PREFIX}${id}.json` };
    await awsOps().putObject(bucket, offloaded.key, JSON.stringify(args));
    const { args: _args, ...rest } = body;
    payload = serialize({ ...rest, ref: offloaded });
  }

  try {
    if (typeof destination === 'string') await awsOps().publish(destination, payload);
    else await awsOps().invokeEvent(destination, payload);
  } catch (error) {
    if (offloaded) await awsOps().deleteObject(offloaded.bucket, offloaded.key).catch(() => undefined);
    throw new Error(`task ${name}: dispatch through ${service} failed: ${(error as Error).message}`, { cause: error });
  }
}

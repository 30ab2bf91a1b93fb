/**
 * Asynchronous invocations of the local function (tasks), and the parent side of the runtime's
 * local AWS hook.
 *
 * THE HOOK (what @tsappa/runtime does when `TSAPPA_LOCAL_TASKS=1` and `process.send` exists):
 * the task operations of its `AwsOps` (packages/runtime/src/tasks/ops.ts) are sent to this
 * process over the IPC channel instead of AWS, as
 *   `{ type: 'tsappa:aws', requestId, op, args }`
 * with `op` and `args` exactly the AwsOps method and its arguments:
 *   - `invokeEvent` [target: InvokeTarget, payload: string]  (Lambda Event invoke)
 *   - `publish` [topicArn: string, message: string]  (SNS publish to the async topic)
 *   - `putTaskRecord` [table: string, record: TaskRecord]
 *   - `getTaskRecord` [table: string, id: string]
 *   - `putObject` / `getObjectText` / `deleteObject` [bucket, key(, body)]: only the arguments of a
 *     task too big to travel inline, kept in a local folder (./task-payloads.ts)
 * and each is answered with `{ type: 'tsappa:aws:reply', requestId, ok: true, value }` or
 * `{ type: 'tsappa:aws:reply', requestId, ok: false, error: { name, message } }`.
 * Everything else in the runtime stays as deployed: serve sets AWS_LAMBDA_FUNCTION_NAME,
 * AWS_LAMBDA_FUNCTION_VERSION, TSAPPA_TASK_TABLE and TSAPPA_ASYNC_TOPIC_ARN in the containers, so
 * `task()` dispatches (never inline), `captureResponse` writes its records, and `getTaskResult`
 * reads them, all through the hook.
 *
 * Here, an invoke or publish is accepted at once (like Lambda's 202) and queued: it runs in the
 * function host (an SNS publish arrives as an SNS event, as the topic's subscription delivers
 * it), with Lambda's two retries after a failure, and after the third failed attempt the event
 * is appended to the local dead-letter file as one JSON line.
 */
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ChildMessage, InvokeOutcome, LambdaError } from './function-host.js';
import { taskLine, type ServeLog } from './log.js';
import type { TaskPayloads } from './task-payloads.js';

/** The message key of a task payload (the runtime's TASK_MESSAGE_KEY). */
export const TASK_MESSAGE_KEY = 'tsappa:task';
/** Lambda's asynchronous invocation: the first attempt and two retries. */
export const ASYNC_ATTEMPTS = 3;

/** A row of the task table, as the runtime writes it (TaskRecord in runtime/src/tasks/ops.ts). */
export interface TaskRecord {
  id: string;
  name: string;
  status: 'in progress' | 'complete' | 'failed';
  value?: string;
  error?: string;
  updatedAt: number;
  ttl: number;
}

/** One line of the dead-letter file. */
export interface DeadLetter {
  failedAt: string;
  /** the request id of the last attempt */
  requestId: string;
  /** the task's name and id, when the event is a task */
  name: string;
  id: string | null;
  attempts: number;
  error: LambdaError;
  /** the event, as the dead-letter queue receives it */
  event: unknown;
}

export interface AsyncInvokerOptions {
  invoke: (event: unknown) => Promise<InvokeOutcome>;
  log: ServeLog;
  /** the JSON-lines file failed events are appended to */
  deadLetterFile: string;
  /** waits before the 2nd and 3rd attempts (Lambda: about 1 and 2 minutes; default 1 s and 2 s) */
  retryDelaysMs?: number[];
  /** each attempt, once it ended; `dispatch` is the same for every attempt of one queued event (the local console) */
  onAttempt?: (attempt: { dispatch: string; name: string; id: string | null; attempt: number; attempts: number; outcome: InvokeOutcome }) => void;
  /** each event given up on, as written to the dead-letter file (the local console) */
  onDeadLetter?: (letter: DeadLetter) => void;
}

/** What a queued event is, for the log: the task's name and id, else `event`. */
export function describeEvent(event: unknown): { name: string; id: string | null } {
  const body = taskBody(event);
  if (body) return { name: String(body.name), id: String(body.id) };
  return { name: 'event', id: null };
}

function taskBody(event: unknown): Record<string, unknown> | null {
  if (!event || typeof event !== 'object') return null;
  const direct = (event as Record<string, unknown>)[TASK_MESSAGE_KEY];
  if (direct && typeof direct === 'object') return direct as Record<string, unknown>;
  const records = (event as { Records?: Array<{ Sns?: { Message?: string } }> }).Records;
  const message = records?.[0]?.Sns?.Message;
  if (typeof message === 'string' && message.includes(TASK_MESSAGE_KEY)) {
    try {
      return taskBody(JSON.parse(message));
    } catch {
      return null;
    }
  }
  return null;
}

/** Lambda's asynchronous invocations, locally: a queue with retries and a dead-letter file. */
export class AsyncInvoker {
  private running = new Set<Promise<void>>();
  /** pending retry waits: their timers, and how to end them early */
  private waits = new Map<NodeJS.Timeout, () => void>();
  private closed = false;

  constructor(private readonly options: AsyncInvokerOptions) {}

  /** Accepts the event and returns at once; the work starts on a later turn of the event loop. */
  enqueue(event: unknown): void {
    if (this.closed) return;
    const work = this.process(event).finally(() => this.running.delete(work));
    this.running.add(work);
  }

  /** Resolves once every queued event has succeeded, been dead-lettered or been dropped. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** Stops retrying; events still waiting for a retry are dropped. */
  close(): void {
    this.closed = true;
    for (const [timer, end] of this.waits) {
      clearTimeout(timer);
      end();
    }
    this.waits.clear();
  }

  /** Waits `ms`; false when closed meanwhile. */
  private delay(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.closed) return resolve(false);
      const timer = setTimeout(() => {
        this.waits.delete(timer);
        resolve(!this.closed);
      }, ms);
      this.waits.set(timer, () => resolve(false));
    });
  }

  private async process(event: unknown): Promise<void> {
    const { name, id } = describeEvent(event);
    const dispatch = randomUUID();
    const delays = this.options.retryDelaysMs ?? [1000, 2000];
    await new Promise((resolve) => setImmediate(resolve));
    if (this.closed) return;
    let last: (InvokeOutcome & { ok: false }) | null = null;
    for (let attempt = 1; attempt <= ASYNC_ATTEMPTS; attempt += 1) {
      if (attempt > 1 && !(await this.delay(delays[attempt - 2] ?? delays[delays.length - 1] ?? 0))) return;
      const outcome = await this.options.invoke(event);
      this.options.onAttempt?.({ dispatch, name, id, attempt, attempts: ASYNC_ATTEMPTS, outcome });
      if (outcome.ok) {
        this.options.log(taskLine(name, id ?? outcome.requestId, attempt, ASYNC_ATTEMPTS, 'ok', outcome.durationMs));
        return;
      }
      last = outcome;
      const retry = attempt < ASYNC_ATTEMPTS ? 'will retry' : 'giving up';
      this.options.log(
        taskLine(name, id ?? outcome.requestId, attempt, ASYNC_ATTEMPTS, outcome.timedOut ? 'timeout' : 'error', outcome.durationMs, `${outcome.error.errorType}: ${outcome.error.errorMessage}; ${retry}`),
      );
    }
    if (!last) return;
    const letter: DeadLetter = {
      failedAt: new Date().toISOString(),
      requestId: last.requestId,
      name,
      id,
      attempts: ASYNC_ATTEMPTS,
      error: { errorType: last.error.errorType, errorMessage: last.error.errorMessage },
      event,
    };
    this.options.onDeadLetter?.(letter);
    try {
      await mkdir(dirname(this.options.deadLetterFile), { recursive: true });
      await appendFile(this.options.deadLetterFile, `${JSON.stringify(letter)}\n`);
      this.options.log(`task ${name} ${id ?? last.requestId} failed ${ASYNC_ATTEMPTS} times: written to ${this.options.deadLetterFile}`);
    } catch (err) {
      this.options.log(`task ${name} ${id ?? last.requestId}: could not write the dead-letter file: ${(err as Error).message}`);
    }
  }
}

/** The SNS event a subscription delivers to Lambda for one published message. */
export function snsEvent(topicArn: string, message: string, now = new Date()): unknown {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${topicArn}:${randomUUID()}`,
        Sns: {
          Type: 'Notification',
          MessageId: randomUUID(),
          TopicArn: topicArn,
          Subject: null,
          Message: message,
          Timestamp: now.toISOString(),
          SignatureVersion: '1',
          Signature: 'local',
          SigningCertUrl: 'https://sns.local/cert.pem',
          UnsubscribeUrl: 'https://sns.local/unsubscribe',
          MessageAttributes: {},
        },
      },
    ],
  };
}

export interface LocalAwsOptions {
  /** the local function's name (AWS_LAMBDA_FUNCTION_NAME in the containers) */
  functionName: string;
  /** the stage's async topic ARN (TSAPPA_ASYNC_TOPIC_ARN in the containers) */
  asyncTopicArn: string;
  invoker: AsyncInvoker;
  /** where task arguments too big to travel inline wait (the deployment bucket's stand-in); none: refused */
  taskPayloads?: TaskPayloads;
}

type Reply = { ok: true; value: unknown } | { ok: false; error: { name: string; message: string } };

/** The parent side of the hook: answers `tsappa:aws` messages from the containers. */
export class LocalAws {
  /** captured task records, by `<table>/<id>` */
  readonly records = new Map<string, TaskRecord>();

  constructor(private readonly options: LocalAwsOptions) {}

  /** For FunctionHost's `onMessage`. Returns false for messages that are not the hook's. */
  handleMessage = (message: ChildMessage, reply: (message: unknown) => void): boolean => {
    if (message.type !== 'tsappa:aws') return false;
    const requestId = message.requestId;
    let answer: Reply;
    try {
      answer = { ok: true, value: this.run(String(message.op), Array.isArray(message.args) ? (message.args as unknown[]) : []) };
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      answer = { ok: false, error: { name: error.name, message: error.message } };
    }
    reply({ type: 'tsappa:aws:reply', requestId, ...answer });
    return true;
  };

  /** The captured record of a task (what getTaskResult reads). */
  record(table: string, id: string): TaskRecord | null {
    return this.records.get(`${table}/${id}`) ?? null;
  }

  private payloads(): TaskPayloads {
    if (!this.options.taskPayloads) throw new LocalServeError('tsappa serve has no folder for task arguments over the size limit here');
    return this.options.taskPayloads;
  }

  private run(op: string, args: unknown[]): unknown {
    switch (op) {
      case 'invokeEvent': {
        const [target, payload] = args as [{ functionName?: string } | undefined, string];
        const name = target?.functionName ?? '';
        const bare = name.includes(':function:') ? (name.split(':')[6] ?? name) : name.split(':')[0];
        if (bare !== this.options.functionName) {
          throw new LocalServeError(`tsappa serve runs only ${this.options.functionName}; it cannot invoke ${name} locally`);
        }
        refuseOver(payload, EVENT_INVOKE_MAX_BYTES, 'RequestEntityTooLargeException', 'Lambda Event invoke payload');
        this.options.invoker.enqueue(JSON.parse(payload) as unknown);
        return undefined;
      }
      case 'publish': {
        const [topicArn, message] = args as [string, string];
        if (topicArn !== this.options.asyncTopicArn) {
          throw new LocalServeError(`tsappa serve has only the stage's async topic ${this.options.asyncTopicArn}; it cannot publish to ${topicArn}`);
        }
        refuseOver(message, SNS_MESSAGE_MAX_BYTES, 'InvalidParameterException', 'SNS message');
        this.options.invoker.enqueue(snsEvent(topicArn, message));
        return undefined;
      }
      case 'putTaskRecord': {
        const [table, record] = args as [string, TaskRecord];
        this.records.set(`${table}/${record.id}`, record);
        return undefined;
      }
      case 'getTaskRecord': {
        const [table, id] = args as [string, string];
        return this.record(table, id);
      }
      case 'putObject': {
        const [bucket, key, body] = args as [string, string, string];
        this.payloads().put(bucket, key, body);
        return undefined;
      }
      case 'getObjectText': {
        const [bucket, key] = args as [string, string];
        return this.payloads().getText(bucket, key);
      }
      case 'deleteObject': {
        const [bucket, key] = args as [string, string];
        this.payloads().delete(bucket, key);
        return undefined;
      }
      default:
        throw new LocalServeError(`tsappa serve does not emulate the AWS operation "${op}"`);
    }
  }
}

export class LocalServeError extends Error {
  override name = 'LocalServeError';
}

/**
 * Largest asynchronous (Event) invoke payload Lambda takes: 1 MB since October 2025
 * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html); bigger task
 * arguments must go through the bucket (here ./task-payloads.ts).
 */
export const EVENT_INVOKE_MAX_BYTES = 1024 * 1024;
/** Largest SNS message: 256 KiB (https://docs.aws.amazon.com/general/latest/gr/sns.html). */
export const SNS_MESSAGE_MAX_BYTES = 256 * 1024;

/** Refuses what the service would: a payload over its limit. */
function refuseOver(payload: string, limit: number, errorName: string, what: string): void {
  const bytes = Buffer.byteLength(payload);
  if (bytes <= limit) return;
  const error = new LocalServeError(`${what} of ${bytes} bytes is over the ${limit}-byte limit AWS enforces`);
  error.name = errorName;
  throw error;
}

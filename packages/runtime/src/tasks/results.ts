/**
 * captureResponse: a task's status in the stage's DynamoDB table (`TSAPPA_TASK_TABLE`), with a
 * TTL. The sender writes `in progress` before dispatching; the receiver writes `complete` with
 * the value or `failed` with the error. `getTaskResult(id)` reads it.
 *
 * Tasks that ran inline (outside Lambda) keep their result in memory, so local code can call
 * getTaskResult the same way without AWS.
 */
import { ENV } from '../contract.js';
import { insideLambda } from './environment.js';
import { awsOps } from './ops.js';
import type { TaskRecord, TaskStatus } from './ops-types.js';

export const DEFAULT_RESULT_TTL_SECONDS = 24 * 60 * 60;
/** DynamoDB's item limit is 400 KB; leave room for the other attributes. */
export const MAX_CAPTURED_VALUE_BYTES = 390_000;

export interface TaskError {
  name: string;
  message: string;
}

export type TaskResult =
  | { id: string; name: string; status: 'in progress'; updatedAt: Date }
  | { id: string; name: string; status: 'complete'; value: unknown; updatedAt: Date }
  | { id: string; name: string; status: 'failed'; error: TaskError; updatedAt: Date };

const LOCAL_LIMIT = 1000;
const localResults = new Map<string, TaskRecord>();

export function taskTableName(env: NodeJS.ProcessEnv = process.env): string {
  const table = env[ENV.taskTable];
  if (!table) {
    throw new Error(`captureResponse needs the task table, but ${ENV.taskTable} is not set (asyncResources: true creates it)`);
  }
  return table;
}

export function errorToTaskError(error: unknown): TaskError {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: typeof error === 'string' ? error : JSON.stringify(error) ?? String(error) };
}

export interface StatusUpdate {
  id: string;
  name: string;
  status: TaskStatus;
  value?: unknown;
  error?: unknown;
  ttlSeconds?: number;
  /** the table to write to; default: this function's TSAPPA_TASK_TABLE */
  table?: string;
}

/** Build the table row for a status update; an unstorable value becomes a `failed` row. */
export function toRecord(update: StatusUpdate, now = Date.now()): TaskRecord {
  const record: TaskRecord = {
    id: update.id,
    name: update.name,
    status: update.status,
    updatedAt: now,
    ttl: Math.floor(now / 1000) + (update.ttlSeconds ?? DEFAULT_RESULT_TTL_SECONDS),
  };
  if (update.status === 'complete' && update.value !== undefined) {
    let text: string | undefined;
    try {
      text = JSON.stringify(update.value);
    } catch (error) {
      record.status = 'failed';
      record.error = JSON.stringify({ name: 'TaskResultError', message: `the result is not JSON: ${(error as Error).message}` });
      return record;
    }
    if (text !== undefined && Buffer.byteLength(text) > MAX_CAPTURED_VALUE_BYTES) {
      record.status = 'failed';
      record.error = JSON.stringify({
        name: 'TaskResultError',
        message: `the result is ${Buffer.byteLength(text)} bytes, more than the task table holds (${MAX_CAPTURED_VALUE_BYTES}); store it elsewhere and return a reference`,
      });
      return record;
    }
    if (text !== undefined) record.value = text;
  }
  if (update.status === 'failed') record.error = JSON.stringify(errorToTaskError(update.error));
  return record;
}

/** Write a status to the task table. */
export async function recordTaskStatus(update: StatusUpdate): Promise<void> {
  await awsOps().putTaskRecord(update.table ?? taskTableName(), toRecord(update));
}

/** Keep the result of a task that ran inline (outside Lambda). */
export function recordLocalResult(update: StatusUpdate): void {
  if (localResults.size >= LOCAL_LIMIT) {
    const oldest = localResults.keys().next().value;
    if (oldest !== undefined) localResults.delete(oldest);
  }
  localResults.set(update.id, toRecord(update));
}

function fromRecord(record: TaskRecord): TaskResult {
  const base = { id: record.id, name: record.name, updatedAt: new Date(record.updatedAt) };
  if (record.status === 'complete') {
    return { ...base, status: 'complete', value: record.value === undefined ? undefined : (JSON.parse(record.value) as unknown) };
  }
  if (record.status === 'failed') {
    let error: TaskError = { name: 'Error', message: record.error ?? 'unknown error' };
    try {
      error = JSON.parse(record.error ?? '') as TaskError;
    } catch {
      // keep the raw text
    }
    return { ...base, status: 'failed', error };
  }
  return { ...base, status: 'in progress' };
}

/**
 * The captured status of a task: `in progress`, `complete` with its value, or `failed` with its
 * error; `null` when there is no such task (never captured, or expired).
 */
export async function getTaskResult(id: string): Promise<TaskResult | null> {
  const local = localResults.get(id);
  if (local) return fromRecord(local);
  // outside Lambda without a table there is nothing more to look at; inside, a missing table is an error
  if (!process.env[ENV.taskTable] && !insideLambda()) return null;
  const record = await awsOps().getTaskRecord(taskTableName(), id);
  return record ? fromRecord(record) : null;
}

/**
 * The types of the runtime's AWS operations: the `AwsOps` interface and the records it carries.
 * The real operations (./ops.ts) and the local `tsappa serve` hook (./local-ops.ts) both depend
 * on these types alone, not on each other.
 */
import type { Readable } from 'node:stream';

export type TaskStatus = 'in progress' | 'complete' | 'failed';

/** One row of the task table (see TASK_TABLE in contract.ts). */
export interface TaskRecord {
  id: string;
  name: string;
  status: TaskStatus;
  /** JSON text of the value (complete) */
  value?: string;
  /** JSON text of `{ name, message }` (failed) */
  error?: string;
  /** epoch milliseconds */
  updatedAt: number;
  /** epoch seconds: DynamoDB TTL */
  ttl: number;
}

export interface InvokeTarget {
  functionName: string;
  qualifier?: string;
  region?: string;
}

export interface AwsOps {
  invokeEvent(target: InvokeTarget, payload: string): Promise<void>;
  publish(topicArn: string, message: string): Promise<void>;
  putObject(bucket: string, key: string, body: string): Promise<void>;
  getObjectText(bucket: string, key: string): Promise<string>;
  getObjectStream(bucket: string, key: string): Promise<Readable>;
  deleteObject(bucket: string, key: string): Promise<void>;
  getSecretString(secretId: string): Promise<string>;
  putTaskRecord(table: string, record: TaskRecord): Promise<void>;
  getTaskRecord(table: string, id: string): Promise<TaskRecord | null>;
}

/**
 * The local stand-in for the deployment bucket's `tsappa-tasks/` prefix: where the arguments of a
 * task too big for an Event invoke (1 MB) or an SNS message (256 KiB) wait for the task, as
 * deployed they wait in S3 (the runtime's dispatch.ts writes them, receive.ts reads them and
 * deletes them once the task succeeded; after a failure they stay for the retries and the
 * dead-letter entry). One file per task, `<dir>/<task id>.json`.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The bucket name serve gives the containers (TSAPPA_DEPLOYMENT_BUCKET): it exists only as this folder. */
export const LOCAL_TASK_BUCKET = 'tsappa-serve-local';
/** The runtime's TASK_OFFLOAD_PREFIX. */
export const TASK_OFFLOAD_PREFIX = 'tsappa-tasks/';

/** A key the runtime writes: the prefix and a task id (letters, digits, `-`, `_`), nothing that could leave the folder. */
const OFFLOAD_KEY = /^tsappa-tasks\/([A-Za-z0-9_-]{1,128})\.json$/;

export class TaskPayloadError extends Error {
  override name = 'NoSuchKey';
}

export class TaskPayloads {
  constructor(readonly dir: string) {}

  put(bucket: string, key: string, body: string): void {
    const file = this.fileOf(bucket, key);
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(file, body);
  }

  getText(bucket: string, key: string): string {
    const file = this.fileOf(bucket, key);
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new TaskPayloadError(`The specified key does not exist: ${key} (looked in ${file})`);
      throw error;
    }
  }

  delete(bucket: string, key: string): void {
    rmSync(this.fileOf(bucket, key), { force: true });
  }

  private fileOf(bucket: string, key: string): string {
    if (bucket !== LOCAL_TASK_BUCKET) throw new Error(`tsappa serve keeps task arguments only for the bucket ${LOCAL_TASK_BUCKET}, not ${bucket}`);
    const match = OFFLOAD_KEY.exec(key);
    if (!match) throw new Error(`tsappa serve keeps only task arguments (${TASK_OFFLOAD_PREFIX}<task id>.json), not the key "${key}"`);
    return join(this.dir, `${match[1] as string}.json`);
  }
}

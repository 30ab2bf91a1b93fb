/**
 * slimHandler: the app archive lives in S3; at cold start it is downloaded to /tmp once per
 * container, checked against the sha256 recorded at package time, extracted, and the app is
 * loaded from there. A container that already extracted it (a retried init) reuses it.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ENV } from '../contract.js';
import { awsOps } from '../tasks/ops.js';
import { extractZip } from './zip.js';

export interface SlimArchive {
  bucket: string | null;
  key: string;
  sha256: string;
}

const READY_MARKER = '.tsappa-ready';

/** Where the archive with this digest is (or will be) extracted. */
export function slimAppDir(sha256: string, root: string = tmpdir()): string {
  return join(root, `tsappa-app-${sha256.slice(0, 16)}`);
}

export function slimArchiveLocation(archive: SlimArchive, env: NodeJS.ProcessEnv = process.env): { bucket: string; key: string } {
  const bucket = archive.bucket ?? env[ENV.deploymentBucket];
  if (!bucket) throw new Error(`the archive has no bucket and ${ENV.deploymentBucket} is not set`);
  return { bucket, key: archive.key };
}

async function isReady(dir: string, sha256: string): Promise<boolean> {
  try {
    return (await readFile(join(dir, READY_MARKER), 'utf8')) === sha256;
  } catch {
    return false;
  }
}

/**
 * Download, verify and extract the archive; returns the directory holding the app. Errors are the
 * cause alone: the caller names the object (see init.ts).
 */
export async function prepareSlimArchive(archive: SlimArchive, root: string = tmpdir()): Promise<string> {
  const expected = archive.sha256.toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(expected)) throw new Error(`the recorded sha256 ${JSON.stringify(archive.sha256)} is not a hex digest`);
  const dir = slimAppDir(expected, root);
  if (await isReady(dir, expected)) return dir;

  const { bucket, key } = slimArchiveLocation(archive);
  const unique = `${process.pid}-${Date.now()}`;
  const zipPath = join(root, `tsappa-app-${unique}.zip`);
  const staging = `${dir}.partial-${unique}`;
  try {
    const hash = createHash('sha256');
    const body = await awsOps().getObjectStream(bucket, key);
    await pipeline(
      body,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          hash.update(chunk);
          yield chunk;
        }
      },
      createWriteStream(zipPath),
    );
    const actual = hash.digest('hex');
    if (actual !== expected) throw new Error(`sha256 mismatch: expected ${expected}, the object has ${actual}`);
    await rm(dir, { recursive: true, force: true });
    await extractZip(zipPath, staging);
    await writeFile(join(staging, READY_MARKER), expected);
    await rename(staging, dir);
    return dir;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  } finally {
    await rm(zipPath, { force: true });
  }
}

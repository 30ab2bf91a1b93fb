/**
 * Uploads to the deployment bucket. Artifacts are named by their sha256, so an existing key
 * already holds the same bytes and is never uploaded twice. Templates over CloudFormation's
 * 51,200-byte body limit go to the bucket too, and the stack reads them by URL. Every object
 * is tagged `in-use` (artifact-tags.ts) until a later release retires it.
 */
import { readFile } from 'node:fs/promises';
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { needsS3TemplateUpload } from '@tsappa/templates';
import { IN_USE, IN_USE_TAGGING, setArtifactTag } from './artifact-tags.js';
import type { TemplateSource } from './stack.js';

async function exists(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    const name = (error as { name?: string }).name;
    if (status === 404 || name === 'NotFound' || name === 'NoSuchKey') return false;
    throw error;
  }
}

export interface UploadResult {
  key: string;
  uploaded: boolean;
  bytes: number;
}

/**
 * Puts the file at `key` unless the key exists (same name, same sha256, same bytes). Either way
 * the object ends tagged `in-use`: an artifact retired earlier and deployed again must not
 * expire under the stack that now reads it (artifact-tags.ts).
 */
export async function uploadIfMissing(s3: S3Client, bucket: string, key: string, path: string): Promise<UploadResult> {
  if (await exists(s3, bucket, key)) {
    await withoutTagsIfDenied(() => setArtifactTag(s3, bucket, key, IN_USE));
    return { key, uploaded: false, bytes: 0 };
  }
  const body = await readFile(path);
  const put = (tagging: string | undefined) =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/zip', ...(tagging ? { Tagging: tagging } : {}) }));
  await withoutTagsIfDenied(() => put(IN_USE_TAGGING), () => put(undefined));
  return { key, uploaded: true, bytes: body.length };
}

/**
 * Credentials without s3:PutObjectTagging / s3:GetObjectTagging still deploy: the object goes
 * up untagged, and an untagged object matches no retention rule, so it never expires (nor can
 * these credentials have retired it).
 */
async function withoutTagsIfDenied(tagged: () => Promise<unknown>, untagged: () => Promise<unknown> = async () => undefined): Promise<void> {
  try {
    await tagged();
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if ((error as { name?: string }).name !== 'AccessDenied' && status !== 403) throw error;
    await untagged();
  }
}

/** The object's URL as CloudFormation's TemplateURL takes it. */
export function templateUrl(bucket: string, region: string, key: string): string {
  return `https://${bucket}.s3.${region}.amazonaws.com/${key}`;
}

/**
 * The template as the stack operation takes it: the body itself, or (over 51,200 bytes) an
 * upload to `<stack>-template-<hash>.json` in the bucket and its URL.
 */
export async function templateSource(
  s3: S3Client,
  options: { bucket: string; region: string; stack: string; body: string; hash: string },
): Promise<TemplateSource & { uploaded: boolean }> {
  if (!needsS3TemplateUpload(options.body)) return { body: options.body, uploaded: false };
  const key = `${options.stack}-template-${options.hash}.json`;
  const put = (tagging: string | undefined) =>
    s3.send(new PutObjectCommand({ Bucket: options.bucket, Key: key, Body: options.body, ContentType: 'application/json', ...(tagging ? { Tagging: tagging } : {}) }));
  await withoutTagsIfDenied(() => put(IN_USE_TAGGING), () => put(undefined));
  return { url: templateUrl(options.bucket, options.region, key), uploaded: true };
}

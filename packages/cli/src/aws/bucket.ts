/**
 * The deployment bucket: found or created, then kept versioned, encrypted by default and
 * closed to the public. An existing bucket missing any of those gets it turned on, and the
 * change is reported.
 */
import {
  CreateBucketCommand,
  GetBucketEncryptionCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  type BucketLocationConstraint,
  type S3Client,
} from '@aws-sdk/client-s3';
import { CliError } from '../cli/errors.js';
import { accountId, defaultBucketName } from './account.js';
import type { AwsClients } from './clients.js';

export interface BucketResult {
  name: string;
  created: boolean;
  /** what was turned on, e.g. ["versioning"] */
  changes: string[];
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

function errorName(error: unknown): string {
  return (error as { name?: string }).name ?? '';
}

async function exists(s3: S3Client, bucket: string): Promise<boolean> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return true;
  } catch (error) {
    const status = statusOf(error);
    if (status === 404 || errorName(error) === 'NotFound' || errorName(error) === 'NoSuchBucket') return false;
    if (status === 403) {
      throw new CliError(
        `s3Bucket "${bucket}" exists but these credentials cannot use it (it may belong to another account)`,
        1,
        'choose another name with "s3Bucket" in the settings',
      );
    }
    if (status === 301) {
      throw new CliError(`s3Bucket "${bucket}" exists in another region`, 1, 'use a bucket in the stage\'s region ("s3Bucket")');
    }
    throw error;
  }
}

async function ensureVersioning(s3: S3Client, bucket: string, changes: string[]): Promise<void> {
  const versioning = await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
  if (versioning.Status === 'Enabled') return;
  await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  changes.push('versioning');
}

async function ensureEncryption(s3: S3Client, bucket: string, changes: string[]): Promise<void> {
  try {
    const current = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    if ((current.ServerSideEncryptionConfiguration?.Rules ?? []).length > 0) return;
  } catch (error) {
    if (errorName(error) !== 'ServerSideEncryptionConfigurationNotFoundError' && statusOf(error) !== 404) throw error;
  }
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: bucket,
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: true }] },
    }),
  );
  changes.push('default encryption');
}

const BLOCK_ALL = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

async function ensurePublicAccessBlock(s3: S3Client, bucket: string, changes: string[]): Promise<void> {
  try {
    const current = await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
    const config = current.PublicAccessBlockConfiguration ?? {};
    if (Object.keys(BLOCK_ALL).every((key) => config[key as keyof typeof BLOCK_ALL] === true)) return;
  } catch (error) {
    if (errorName(error) !== 'NoSuchPublicAccessBlockConfiguration' && statusOf(error) !== 404) throw error;
  }
  await s3.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: BLOCK_ALL }));
  changes.push('public access block');
}

/** The stage's bucket name: `s3Bucket`, or `tsappa-<accountId>-<region>` from STS. */
/**
 * The deployment bucket: `s3Bucket`, else the default for the account. `knownAccount` (from a
 * deployed stack's ARN) saves asking STS.
 */
export async function resolveBucketName(clients: AwsClients, s3Bucket: string | null, knownAccount: string | null = null): Promise<string> {
  return s3Bucket ?? defaultBucketName(knownAccount ?? (await accountId(clients)), clients.target.region);
}

/** Finds or creates the bucket, and turns on versioning, encryption and the public-access block. */
export async function ensureBucket(clients: AwsClients, s3Bucket: string | null): Promise<BucketResult> {
  const name = await resolveBucketName(clients, s3Bucket);
  const s3 = await clients.s3();
  const region = clients.target.region;
  let created = false;
  if (!(await exists(s3, name))) {
    await s3.send(
      new CreateBucketCommand({
        Bucket: name,
        ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
      }),
    );
    created = true;
  }
  const changes: string[] = [];
  await ensureVersioning(s3, name, changes);
  await ensureEncryption(s3, name, changes);
  await ensurePublicAccessBlock(s3, name, changes);
  return { name, created, changes };
}

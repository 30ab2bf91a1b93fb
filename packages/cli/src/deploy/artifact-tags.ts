/**
 * The tag that says whether a stage still needs an object of the deployment bucket. Every
 * upload is tagged `in-use`; after a successful deploy or update, the stage's objects that no
 * longer run are retagged `retired-<N>d` (N: the stage's artifactRetentionDays), and the
 * bucket's lifecycle rule for N (aws/bucket-lifecycle.ts) expires exactly those.
 */
import { GetObjectTaggingCommand, PutObjectTaggingCommand, type S3Client, type Tag } from '@aws-sdk/client-s3';

export const ARTIFACT_TAG = 'tsappa-artifact';
export const IN_USE = 'in-use';

/** The tag value of an object no stage runs, expired `days` after its upload. */
export function retiredValue(days: number): string {
  return `retired-${days}d`;
}

/** `tsappa-artifact=in-use`, as PutObject's Tagging header takes it. */
export const IN_USE_TAGGING = `${ARTIFACT_TAG}=${IN_USE}`;

export async function artifactTag(s3: S3Client, bucket: string, key: string): Promise<string | null> {
  const { TagSet } = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }));
  return (TagSet ?? []).find((tag) => tag.Key === ARTIFACT_TAG)?.Value ?? null;
}

/** Sets the artifact tag to `value` unless it holds it already; other tags of the object are kept. */
export async function setArtifactTag(s3: S3Client, bucket: string, key: string, value: string): Promise<boolean> {
  const { TagSet } = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }));
  const tags: Tag[] = TagSet ?? [];
  if (tags.some((tag) => tag.Key === ARTIFACT_TAG && tag.Value === value)) return false;
  const others = tags.filter((tag) => tag.Key !== ARTIFACT_TAG);
  await s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: key, Tagging: { TagSet: [...others, { Key: ARTIFACT_TAG, Value: value }] } }));
  return true;
}

/**
 * The deployment bucket's lifecycle rule for one retention (artifactRetentionDays): objects
 * tagged `tsappa-artifact=retired-<N>d` expire N days after their upload, and the version the
 * expiry leaves behind (the bucket is versioned) a day later. Objects tagged `in-use` match no
 * rule, whatever their age. One rule per retention in use, added next to the bucket's other
 * rules (PutBucketLifecycleConfiguration replaces the whole configuration, so it is read first):
 * stages sharing a bucket with different retentions each get theirs, and none removes another's.
 */
import {
  GetBucketLifecycleConfigurationCommand,
  PutBucketLifecycleConfigurationCommand,
  type LifecycleRule,
  type S3Client,
} from '@aws-sdk/client-s3';
import { ARTIFACT_TAG, retiredValue } from '../deploy/artifact-tags.js';

/** The versions an expiry leaves behind go one day later (S3 counts from when they became noncurrent). */
const NONCURRENT_DAYS = 1;

export function retentionRuleId(days: number): string {
  return `tsappa-${retiredValue(days)}`;
}

/** The rule for `days`: only objects tagged retired with that retention. */
export function retentionRule(days: number): LifecycleRule {
  return {
    ID: retentionRuleId(days),
    Status: 'Enabled',
    Filter: { Tag: { Key: ARTIFACT_TAG, Value: retiredValue(days) } },
    Expiration: { Days: days },
    NoncurrentVersionExpiration: { NoncurrentDays: NONCURRENT_DAYS },
  };
}

async function currentRules(s3: S3Client, bucket: string): Promise<LifecycleRule[]> {
  try {
    return (await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))).Rules ?? [];
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchLifecycleConfiguration') return [];
    throw error;
  }
}

function sameRule(a: LifecycleRule, b: LifecycleRule): boolean {
  return (
    a.Status === b.Status &&
    a.Filter?.Tag?.Key === b.Filter?.Tag?.Key &&
    a.Filter?.Tag?.Value === b.Filter?.Tag?.Value &&
    a.Expiration?.Days === b.Expiration?.Days &&
    a.NoncurrentVersionExpiration?.NoncurrentDays === b.NoncurrentVersionExpiration?.NoncurrentDays
  );
}

/** Adds (or repairs) the rule for `days`; true when the configuration was written. */
export async function ensureRetentionRule(s3: S3Client, bucket: string, days: number): Promise<boolean> {
  const wanted = retentionRule(days);
  const rules = await currentRules(s3, bucket);
  const existing = rules.find((rule) => rule.ID === wanted.ID);
  if (existing && sameRule(existing, wanted)) return false;
  const others = rules.filter((rule) => rule.ID !== wanted.ID);
  await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules: [...others, wanted] } }));
  return true;
}

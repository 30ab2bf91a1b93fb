/**
 * After a successful deploy or update: the stage's objects in the deployment bucket that no
 * longer run are tagged retired, so the bucket's lifecycle rule expires them
 * `artifactRetentionDays` after their upload. Never retired: the artifacts of the release just
 * applied (what the stack points at, and what `live` runs after a fast path) and those of the
 * template the stack had before it (what a CloudFormation rollback of the next update would
 * reinstall). Templates uploaded for a stack operation are only read during it: retired too.
 */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { stackName, type ResolvedSettings } from '@tsappa/templates';
import { ensureRetentionRule } from '../aws/bucket-lifecycle.js';
import { retiredValue, setArtifactTag } from './artifact-tags.js';
import type { Release } from './release.js';

export interface RetentionInput {
  settings: Pick<ResolvedSettings, 'projectName' | 'stage' | 'artifactRetentionDays'>;
  bucket: string;
  /** keys the stage still needs: this release's, and those named by the stack's previous template */
  keep: readonly string[];
}

export interface RetentionResult {
  retired: string[];
  kept: string[];
  ruleWritten: boolean;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The keys tsappa writes for a stage: `<stack>-<sha16>.zip`, `<stack>-<sha16>-app.zip`, `<stack>-template-<hash16>.json`. */
export function stageObjectPattern(stack: string): RegExp {
  // eslint-disable-next-line security/detect-non-literal-regexp -- the stack name is escaped
  return new RegExp(`^${escapeRegExp(stack)}-(?:[0-9a-f]{16}(?:-app)?\\.zip|template-[0-9a-f]{16}\\.json)$`);
}

/** The stage's artifact keys a template names (its code, its slim archive), whatever the property holding them. */
export function artifactKeysIn(template: unknown, stack: string): string[] {
  // eslint-disable-next-line security/detect-non-literal-regexp -- the stack name is escaped
  const anywhere = new RegExp(`${escapeRegExp(stack)}-[0-9a-f]{16}(?:-app)?\\.zip`, 'g');
  return [...new Set(JSON.stringify(template ?? null).match(anywhere) ?? [])];
}

async function stageObjects(s3: S3Client, bucket: string, stack: string): Promise<string[]> {
  const pattern = stageObjectPattern(stack);
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${stack}-`, ...(token ? { ContinuationToken: token } : {}) }));
    for (const object of page.Contents ?? []) if (object.Key && pattern.test(object.Key)) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

/** Retires what the stage no longer needs and makes sure the bucket's rule for the retention exists. Nothing with no retention. */
export async function retireUnusedArtifacts(s3: S3Client, input: RetentionInput): Promise<RetentionResult> {
  const days = input.settings.artifactRetentionDays;
  if (days === null) return { retired: [], kept: [], ruleWritten: false };
  const stack = stackName(input.settings);
  const keep = new Set(input.keep);
  const ruleWritten = await ensureRetentionRule(s3, input.bucket, days);
  const retired: string[] = [];
  const kept: string[] = [];
  for (const key of await stageObjects(s3, input.bucket, stack)) {
    if (keep.has(key)) {
      kept.push(key);
      continue;
    }
    await setArtifactTag(s3, input.bucket, key, retiredValue(days));
    retired.push(key);
  }
  return { retired, kept, ruleWritten };
}

/**
 * The step deploy and update run once the stage serves the new release: a failure here is a
 * warning (the deployment itself succeeded; the next one retires what this one could not).
 */
export async function applyArtifactRetention(
  output: { info: (message: string) => void; warn: (message: string) => void },
  s3: S3Client,
  input: { settings: RetentionInput['settings']; release: Release; previousTemplate: unknown },
): Promise<RetentionResult | null> {
  const stack = stackName(input.settings);
  const current = [input.release.pkg.artifactKey, ...(input.release.pkg.slimArchive ? [input.release.pkg.slimArchive.key] : [])];
  const keep = [...current, ...artifactKeysIn(input.previousTemplate, stack)];
  try {
    const result = await retireUnusedArtifacts(s3, { settings: input.settings, bucket: input.release.bucket, keep });
    if (result.retired.length > 0) {
      output.info(`Retired ${result.retired.length} artifact(s) of ${stack} no longer deployed: they expire ${input.settings.artifactRetentionDays} days after their upload`);
    }
    return result;
  } catch (error) {
    output.warn(`could not retire the old artifacts of ${stack} in s3://${input.release.bucket}: ${(error as Error).message} (the next deploy tries again)`);
    return null;
  }
}

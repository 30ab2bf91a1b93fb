/**
 * artifactRetentionDays against moto: examples/quote-api deployed, then updated three times.
 * After each step the bucket's objects carry the tag the lifecycle rule filters on: what the
 * stack points at, and what the stack's previous template (a CloudFormation rollback) would
 * reinstall, stay `in-use`; every other artifact of the stage is `retired-<N>d`, and the bucket
 * holds the rule that expires exactly those N days after their upload. An artifact retired
 * once and deployed again goes back to `in-use` at its upload. moto keeps lifecycle rules and
 * object tags but never runs the expiry: what expires is asserted through the rule's filter.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetBucketLifecycleConfigurationCommand, GetObjectTaggingCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithMoto, MOTO_REGION } from '../../../test/support/moto.js';
import { ARTIFACT_TAG } from '../src/deploy/artifact-tags.js';
import { exampleBucket, fastStackPolling, scratchProject, STACK, type ScratchProject } from './support/quote-api-scratch.js';

const BUCKET = exampleBucket();
const RETENTION_DAYS = 14;

describeWithMoto('artifact retention of examples/quote-api (moto)', () => {
  let project: ScratchProject;
  let restorePolling = () => {};
  const s3 = () => new S3Client({ region: MOTO_REGION, forcePathStyle: true });
  /** every object of the stage with its artifact tag */
  const tags = async (): Promise<Record<string, string | null>> => {
    const keys = ((await s3().send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${STACK}-` }))).Contents ?? []).map((o) => o.Key!);
    const entries = await Promise.all(
      keys.map(async (key) => {
        const { TagSet } = await s3().send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: key }));
        return [key, TagSet?.find((t) => t.Key === ARTIFACT_TAG)?.Value ?? null] as const;
      }),
    );
    return Object.fromEntries(entries);
  };
  const quotes = () => join(project.dir, 'src', 'quotes.ts');
  const original = () => readFileSync(join(project.dir, 'src', 'quotes.ts.orig'), 'utf8');
  /** a code change: a different bundle, so a new sha256-named artifact */
  const changeCode = (label: string) => writeFileSync(quotes(), original().replace("'Kent Beck'", `'Kent Beck (${label})'`));
  const update = async (settings: Record<string, unknown>) => {
    project.writeSettings({ artifactRetentionDays: RETENTION_DAYS, ...settings });
    const run = await project.cli('update', 'dev', '--json');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    return JSON.parse(run.stdout) as { kind: string; artifact: { key: string } };
  };

  beforeAll(() => {
    restorePolling = fastStackPolling();
    project = scratchProject('artifact-retention');
    writeFileSync(join(project.dir, 'src', 'quotes.ts.orig'), readFileSync(quotes(), 'utf8'));
    expect(original()).toContain("'Kent Beck'");
  });

  afterAll(() => {
    restorePolling();
    project.remove();
  });

  const keys: string[] = [];

  it('deploy tags its artifact in use and adds the rule that expires only retired artifacts', async () => {
    project.writeSettings({ artifactRetentionDays: RETENTION_DAYS });
    const run = await project.cli('deploy', 'dev', '--json');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    keys.push((JSON.parse(run.stdout) as { artifact: { key: string } }).artifact.key);
    expect(await tags()).toEqual({ [keys[0]!]: 'in-use' });
    const { Rules } = await s3().send(new GetBucketLifecycleConfigurationCommand({ Bucket: BUCKET }));
    expect(Rules).toEqual([
      expect.objectContaining({
        ID: `tsappa-retired-${RETENTION_DAYS}d`,
        Status: 'Enabled',
        Filter: { Tag: { Key: ARTIFACT_TAG, Value: `retired-${RETENTION_DAYS}d` } },
        Expiration: expect.objectContaining({ Days: RETENTION_DAYS }),
        NoncurrentVersionExpiration: expect.objectContaining({ NoncurrentDays: 1 }),
      }),
    ]);
  });

  it('a code-only update keeps the new artifact and the one the stack still points at', async () => {
    changeCode('fast path');
    const result = await update({});
    expect(result.kind).toBe('code');
    keys.push(result.artifact.key);
    expect(await tags()).toEqual({ [keys[0]!]: 'in-use', [keys[1]!]: 'in-use' });
  });

  it('a stack update keeps the new artifact and the previous template one, and retires the fast path one', async () => {
    changeCode('stack update');
    const result = await update({ memorySize: 1024 });
    expect(result.kind).toBe('code+template');
    keys.push(result.artifact.key);
    // the stack's template before this update named keys[0]: a rollback of the next update needs it
    expect(await tags()).toEqual({ [keys[0]!]: 'in-use', [keys[1]!]: `retired-${RETENTION_DAYS}d`, [keys[2]!]: 'in-use' });
  });

  it('the next stack update retires what neither the stack nor its previous template names', async () => {
    changeCode('second stack update');
    const result = await update({ memorySize: 768 });
    keys.push(result.artifact.key);
    expect(await tags()).toEqual({
      [keys[0]!]: `retired-${RETENTION_DAYS}d`,
      [keys[1]!]: `retired-${RETENTION_DAYS}d`,
      [keys[2]!]: 'in-use',
      [keys[3]!]: 'in-use',
    });
    // one rule, however many updates ran
    const { Rules } = await s3().send(new GetBucketLifecycleConfigurationCommand({ Bucket: BUCKET }));
    expect(Rules?.map((r) => r.ID)).toEqual([`tsappa-retired-${RETENTION_DAYS}d`]);
  });

  it('a retired artifact deployed again is back in use before the stack reads it', async () => {
    changeCode('fast path'); // the bytes of keys[1], retired above
    const result = await update({ memorySize: 1024 });
    expect(result.artifact.key).toBe(keys[1]);
    const now = await tags();
    expect(now[keys[1]!]).toBe('in-use');
    expect(now[keys[3]!]).toBe('in-use'); // the previous template's
    expect(now[keys[2]!]).toBe(`retired-${RETENTION_DAYS}d`);
  });
});

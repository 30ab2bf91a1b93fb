/**
 * What retention never touches: another stage's artifacts (even one whose name starts with this
 * stage's), what the stage still runs, and the lifecycle rules of other stages and tools.
 */
import type { LifecycleRule, S3Client, Tag } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { ensureRetentionRule, retentionRule } from '../aws/bucket-lifecycle.js';
import { artifactKeysIn, retireUnusedArtifacts, stageObjectPattern } from './artifact-retention.js';

/** A bucket as S3 answers the calls retention makes: objects with their tags, and a lifecycle configuration. */
function fakeBucket(objects: Record<string, Tag[]>, rules: LifecycleRule[] | null) {
  const writes: string[] = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const name = command.constructor.name.replace(/Command$/, '');
      const input = command.input as { Key?: string; Prefix?: string; Tagging?: { TagSet: Tag[] }; LifecycleConfiguration?: { Rules: LifecycleRule[] } };
      if (name === 'GetBucketLifecycleConfiguration') {
        if (rules === null) throw Object.assign(new Error('The lifecycle configuration does not exist'), { name: 'NoSuchLifecycleConfiguration' });
        return { Rules: rules };
      }
      if (name === 'PutBucketLifecycleConfiguration') {
        rules = input.LifecycleConfiguration!.Rules;
        writes.push(name);
        return {};
      }
      if (name === 'ListObjectsV2') return { Contents: Object.keys(objects).filter((k) => k.startsWith(input.Prefix ?? '')).map((Key) => ({ Key })), IsTruncated: false };
      if (name === 'GetObjectTagging') return { TagSet: objects[input.Key!] ?? [] };
      if (name === 'PutObjectTagging') {
        objects[input.Key!] = input.Tagging!.TagSet;
        writes.push(`${name} ${input.Key}`);
        return {};
      }
      throw new Error(`unexpected ${name}`);
    },
  };
  return { client: client as unknown as S3Client, objects, rules: () => rules, writes };
}

const inUse = [{ Key: 'tsappa-artifact', Value: 'in-use' }];
const SHA = (c: string) => c.repeat(16);

describe('the stage artifacts retention may retire', () => {
  it('matches the stage own artifact, slim archive and template keys only', () => {
    const dev = stageObjectPattern('quote-api-dev');
    expect(dev.test(`quote-api-dev-${SHA('a')}.zip`)).toBe(true);
    expect(dev.test(`quote-api-dev-${SHA('a')}-app.zip`)).toBe(true);
    expect(dev.test(`quote-api-dev-template-${SHA('b')}.json`)).toBe(true);
    expect(dev.test(`quote-api-dev-2-${SHA('a')}.zip`)).toBe(false); // stage "dev-2"
    expect(dev.test(`quote-api-dev-template-${SHA('b')}.zip`)).toBe(false); // stage "dev-template"
    expect(dev.test(`tasks/quote-api-dev-${SHA('a')}.zip`)).toBe(false);
    expect(dev.test(`quote-api-dev-${SHA('a')}.zip.bak`)).toBe(false);
  });

  it('finds the artifact keys a template names, wherever it names them', () => {
    const template = { Resources: { Function: { Properties: { Code: { S3Key: `quote-api-dev-${SHA('a')}.zip` } } }, Role: { x: { 'Fn::Sub': `arn:aws:s3:::b/quote-api-dev-${SHA('c')}-app.zip` } } } };
    expect(artifactKeysIn(template, 'quote-api-dev').sort()).toEqual([`quote-api-dev-${SHA('a')}.zip`, `quote-api-dev-${SHA('c')}-app.zip`]);
    expect(artifactKeysIn(null, 'quote-api-dev')).toEqual([]);
  });

  it('retires only this stage objects that nothing keeps, and leaves other stages alone', async () => {
    const bucket = fakeBucket(
      {
        [`quote-api-dev-${SHA('a')}.zip`]: inUse, // the stack's
        [`quote-api-dev-${SHA('b')}.zip`]: inUse, // the previous template's
        [`quote-api-dev-${SHA('c')}.zip`]: inUse, // neither
        [`quote-api-dev-template-${SHA('d')}.json`]: inUse,
        [`quote-api-dev-2-${SHA('e')}.zip`]: inUse, // another stage
        'notes.txt': [],
      },
      null,
    );
    const result = await retireUnusedArtifacts(bucket.client, {
      settings: { projectName: 'quote-api', stage: 'dev', artifactRetentionDays: 7 },
      bucket: 'b',
      keep: [`quote-api-dev-${SHA('a')}.zip`, `quote-api-dev-${SHA('b')}.zip`],
    });
    expect(result.retired.sort()).toEqual([`quote-api-dev-${SHA('c')}.zip`, `quote-api-dev-template-${SHA('d')}.json`]);
    expect(bucket.objects[`quote-api-dev-${SHA('c')}.zip`]).toEqual([{ Key: 'tsappa-artifact', Value: 'retired-7d' }]);
    expect(bucket.objects[`quote-api-dev-${SHA('a')}.zip`]).toEqual(inUse);
    expect(bucket.objects[`quote-api-dev-2-${SHA('e')}.zip`]).toEqual(inUse);
    expect(bucket.rules()).toEqual([retentionRule(7)]);
  });

  it('with no retention, changes nothing at all', async () => {
    const bucket = fakeBucket({ [`quote-api-dev-${SHA('c')}.zip`]: inUse }, null);
    await retireUnusedArtifacts(bucket.client, { settings: { projectName: 'quote-api', stage: 'dev', artifactRetentionDays: null }, bucket: 'b', keep: [] });
    expect(bucket.writes).toEqual([]);
  });

  it('keeps the other tags of a retired object', async () => {
    const bucket = fakeBucket({ [`quote-api-dev-${SHA('c')}.zip`]: [{ Key: 'team', Value: 'quotes' }, ...inUse] }, [retentionRule(7)]);
    await retireUnusedArtifacts(bucket.client, { settings: { projectName: 'quote-api', stage: 'dev', artifactRetentionDays: 7 }, bucket: 'b', keep: [] });
    expect(bucket.objects[`quote-api-dev-${SHA('c')}.zip`]).toEqual([{ Key: 'team', Value: 'quotes' }, { Key: 'tsappa-artifact', Value: 'retired-7d' }]);
  });
});

describe('the lifecycle rule', () => {
  it('expires only objects tagged retired with that retention, and the versions they leave', () => {
    expect(retentionRule(30)).toEqual({
      ID: 'tsappa-retired-30d',
      Status: 'Enabled',
      Filter: { Tag: { Key: 'tsappa-artifact', Value: 'retired-30d' } },
      Expiration: { Days: 30 },
      NoncurrentVersionExpiration: { NoncurrentDays: 1 },
    });
  });

  it('keeps the bucket other rules, adds one per retention, and writes nothing when the rule is there', async () => {
    const foreign: LifecycleRule = { ID: 'logs-cleanup', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 3 } };
    const bucket = fakeBucket({}, [foreign]);
    expect(await ensureRetentionRule(bucket.client, 'b', 30)).toBe(true);
    expect(await ensureRetentionRule(bucket.client, 'b', 7)).toBe(true); // another stage, another retention
    expect(bucket.rules()).toEqual([foreign, retentionRule(30), retentionRule(7)]);
    expect(await ensureRetentionRule(bucket.client, 'b', 30)).toBe(false);
    expect(bucket.writes).toEqual(['PutBucketLifecycleConfiguration', 'PutBucketLifecycleConfiguration']);
  });

  it('repairs a rule of its name that someone changed', async () => {
    const bucket = fakeBucket({}, [{ ...retentionRule(30), Status: 'Disabled' }]);
    expect(await ensureRetentionRule(bucket.client, 'b', 30)).toBe(true);
    expect(bucket.rules()).toEqual([retentionRule(30)]);
  });
});

/**
 * reservedConcurrency, event-source failure handling, the task topic's key and artifact
 * retention: their defaults, and every value AWS would refuse named by key and file.
 */
import { describe, expect, it } from 'vitest';
import { SettingsError } from './errors.js';
import { FILE, resolveDev } from './__fixtures__/dev-stage.js';

const QUEUE = 'arn:aws:sqs:eu-west-1:123456789012:orders';
const STREAM = 'arn:aws:kinesis:eu-west-1:123456789012:stream/clicks';
const TABLE_STREAM = 'arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/2026-01-01T00:00:00.000';
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:failures';

async function problems(stage: Record<string, unknown>): Promise<string[]> {
  try {
    await resolveDev(stage);
  } catch (error) {
    if (error instanceof SettingsError) {
      for (const p of error.problems) expect(p.file).toBe(FILE);
      return error.problems.map((p) => `${p.path}: ${p.message}`);
    }
    throw error;
  }
  return [];
}

const source = (arn: string, extra: Record<string, unknown> = {}) => ({ events: [{ function: 'src/consumers.ts:run', eventSource: { arn, ...extra } }] });

describe('reservedConcurrency', () => {
  it('is unset by default, and 0 is allowed with a warning that it disables the function', async () => {
    expect((await resolveDev({})).settings.reservedConcurrency).toBeNull();
    const disabled = await resolveDev({ reservedConcurrency: 0 });
    expect(disabled.settings.reservedConcurrency).toBe(0);
    expect(disabled.warnings.map((w) => `${w.path}: ${w.message}`)).toContainEqual(expect.stringMatching(/^reservedConcurrency: 0 disables the function/));
  });

  it('refuses negative and fractional values, and less than provisionedConcurrency', async () => {
    expect((await problems({ reservedConcurrency: -1 }))[0]).toMatch(/^reservedConcurrency: /);
    expect((await problems({ reservedConcurrency: 2.5 }))[0]).toMatch(/^reservedConcurrency: /);
    expect(await problems({ reservedConcurrency: 2, provisionedConcurrency: 5 })).toEqual([
      expect.stringMatching(/^reservedConcurrency: expected at least provisionedConcurrency \(5\).*found 2$/),
    ]);
    expect(await problems({ reservedConcurrency: 5, provisionedConcurrency: 5 })).toEqual([]);
  });
});

describe('event-source failure handling', () => {
  it('streams default to bounded retries, bisection, the stage failure queue and partial batch responses', async () => {
    for (const arn of [STREAM, TABLE_STREAM]) {
      const [event] = (await resolveDev(source(arn))).settings.events;
      expect(event).toMatchObject({
        eventSource: { maximumRetryAttempts: 3, bisectBatchOnFunctionError: true, maximumRecordAgeInSeconds: null, onFailure: 'queue', reportBatchItemFailures: true },
      });
    }
    const [sqs] = (await resolveDev(source(QUEUE))).settings.events;
    expect(sqs).toMatchObject({ eventSource: { maximumRetryAttempts: null, bisectBatchOnFunctionError: false, onFailure: null, reportBatchItemFailures: true } });
  });

  it('takes what the stage sets, null onFailure included (with a warning)', async () => {
    const resolved = await resolveDev(source(STREAM, { maximumRetryAttempts: 0, bisectBatchOnFunctionError: false, maximumRecordAgeInSeconds: 60, onFailure: TOPIC, reportBatchItemFailures: false }));
    expect(resolved.settings.events[0]).toMatchObject({
      eventSource: { maximumRetryAttempts: 0, bisectBatchOnFunctionError: false, maximumRecordAgeInSeconds: 60, onFailure: TOPIC, reportBatchItemFailures: false },
    });
    const lost = await resolveDev(source(STREAM, { onFailure: null }));
    expect(lost.warnings.map((w) => w.path)).toContain('events[0].eventSource.onFailure');
    // without partial batch responses, a function's batchItemFailures would silently count as success
    for (const arn of [STREAM, QUEUE]) {
      const ignored = await resolveDev(source(arn, { reportBatchItemFailures: false }));
      expect(ignored.warnings).toContainEqual(expect.objectContaining({ path: 'events[0].eventSource.reportBatchItemFailures', message: expect.stringMatching(/^false: Lambda ignores a \{ batchItemFailures \} answer/) }));
    }
    expect((await resolveDev(source(QUEUE))).warnings).toEqual([]);
  });

  it('warns that -1 retries block a shard until the records expire', async () => {
    const resolved = await resolveDev(source(STREAM, { maximumRetryAttempts: -1 }));
    expect(resolved.warnings).toContainEqual(expect.objectContaining({ path: 'events[0].eventSource.maximumRetryAttempts', message: expect.stringMatching(/stops its shard/) }));
  });

  it('refuses values outside what Lambda takes', async () => {
    expect((await problems(source(STREAM, { maximumRetryAttempts: 10_001 })))[0]).toMatch(/^events\[0\]\.eventSource\.maximumRetryAttempts: /);
    expect((await problems(source(STREAM, { maximumRecordAgeInSeconds: 59 })))[0]).toMatch(/^events\[0\]\.eventSource\.maximumRecordAgeInSeconds: expected -1 .* or 60-604800 seconds/);
    expect((await problems(source(STREAM, { onFailure: 'arn:aws:lambda:eu-west-1:123456789012:function:f' })))[0]).toMatch(
      /^events\[0\]\.eventSource\.onFailure: expected "queue" .* or an SQS queue or SNS topic ARN/,
    );
  });

  it('refuses the stream-only settings on SQS, SNS and S3, and partial batch responses on SNS and S3', async () => {
    expect(await problems(source(QUEUE, { maximumRetryAttempts: 2, onFailure: 'queue' }))).toEqual([
      expect.stringMatching(/^events\[0\]\.eventSource\.maximumRetryAttempts: expected only on a DynamoDB or Kinesis stream source, found it on an SQS source \(an SQS queue moves failed messages to a dead-letter queue/),
      expect.stringMatching(/^events\[0\]\.eventSource\.onFailure: expected only on a DynamoDB or Kinesis stream source/),
    ]);
    expect(await problems(source(TOPIC, { bisectBatchOnFunctionError: true }))).toEqual([expect.stringMatching(/^events\[0\]\.eventSource\.bisectBatchOnFunctionError: .*found it on an SNS source/)]);
    expect(await problems(source('arn:aws:s3:::uploads', { reportBatchItemFailures: true }))).toEqual([
      expect.stringMatching(/^events\[0\]\.eventSource\.reportBatchItemFailures: expected only on SQS, DynamoDB or Kinesis sources, found it on an S3 source/),
    ]);
  });
});

describe('asyncTopicKmsKey', () => {
  it('defaults to the AWS managed SNS key and takes a key ARN, an alias or a key id', async () => {
    expect((await resolveDev({})).settings.asyncTopicKmsKey).toBe('alias/aws/sns');
    for (const key of ['arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', 'arn:aws:kms:eu-west-1:123456789012:alias/tasks', 'alias/tasks', '1234abcd-12ab-34cd-56ef-1234567890ab']) {
      expect((await resolveDev({ asyncTopicKmsKey: key })).settings.asyncTopicKmsKey).toBe(key);
    }
  });

  it('refuses what is not a KMS key', async () => {
    for (const key of ['tasks', 'arn:aws:sns:eu-west-1:123456789012:t', '']) {
      expect(await problems({ asyncTopicKmsKey: key }), key).toEqual([expect.stringMatching(/^asyncTopicKmsKey: expected a KMS key ARN, an alias ARN, "alias\/<name>" or a key id/)]);
    }
  });
});

describe('artifactRetentionDays', () => {
  it('defaults to 30 days, null keeps artifacts, 1-3650 days otherwise', async () => {
    expect((await resolveDev({})).settings.artifactRetentionDays).toBe(30);
    expect((await resolveDev({ artifactRetentionDays: null })).settings.artifactRetentionDays).toBeNull();
    expect((await resolveDev({ artifactRetentionDays: 7 })).settings.artifactRetentionDays).toBe(7);
    expect((await problems({ artifactRetentionDays: 0 }))[0]).toMatch(/^artifactRetentionDays: /);
  });
});

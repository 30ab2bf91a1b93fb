import type { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { continueAdvice } from './interrupt.js';
import { filterPattern, parseSince } from './logs.js';
import { renderBar } from './progress.js';
import { previousVersion } from './rollback.js';
import { templateSource, uploadIfMissing } from './upload.js';
import { certificatePlan } from './certify.js';
import { testSettings } from '../../test/support/test-settings.js';

describe('uploads', () => {
  const s3 = (exists: boolean) => {
    const sent: string[] = [];
    const client = {
      send: async (command: { constructor: { name: string } }) => {
        sent.push(command.constructor.name);
        if (command.constructor.name === 'HeadObjectCommand' && !exists) throw Object.assign(new Error('NotFound'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } });
        return {};
      },
    };
    return { client: client as unknown as S3Client, sent };
  };

  it('skips an artifact whose sha256-named key exists (tagging it in use again)', async () => {
    const { client, sent } = s3(true);
    expect(await uploadIfMissing(client, 'b', 'k.zip', '/nonexistent')).toEqual({ key: 'k.zip', uploaded: false, bytes: 0 });
    expect(sent).toEqual(['HeadObjectCommand', 'GetObjectTaggingCommand', 'PutObjectTaggingCommand']);
  });

  it('passes a small template as its body and uploads one over 51,200 bytes', async () => {
    const small = s3(false);
    expect(await templateSource(small.client, { bucket: 'b', region: 'eu-west-1', stack: 's', body: '{}', hash: 'h' })).toEqual({ body: '{}', uploaded: false });
    expect(small.sent).toEqual([]);
    const big = s3(false);
    const body = JSON.stringify({ x: 'y'.repeat(51_200) });
    expect(await templateSource(big.client, { bucket: 'b', region: 'eu-west-1', stack: 's', body, hash: 'h' })).toEqual({
      url: 'https://b.s3.eu-west-1.amazonaws.com/s-template-h.json',
      uploaded: true,
    });
    expect(big.sent).toEqual(['PutObjectCommand']);
  });
});

describe('rollback', () => {
  it('picks the Nth version before the live one', () => {
    expect(previousVersion(['1', '2', '3', '4'], '4', 1)).toBe('3');
    expect(previousVersion(['1', '2', '3', '4'], '4', 3)).toBe('1');
    expect(previousVersion(['1', '2', '3', '4'], '3', 1)).toBe('2');
    expect(previousVersion(['1', '2'], '1', 1)).toBeNull();
  });
});

describe('tail', () => {
  it('reads durations and dates', () => {
    expect(parseSince('1h', 10_000_000)).toBe(10_000_000 - 3_600_000);
    expect(parseSince('30s', 100_000)).toBe(70_000);
    expect(parseSince('2026-01-01T00:00:00Z')).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(() => parseSince('soon')).toThrow(/--since/);
  });

  it('quotes plain text filters', () => {
    expect(filterPattern('task failed')).toBe('"task failed"');
    expect(filterPattern('{ $.level = "error" }')).toBe('{ $.level = "error" }');
    expect(filterPattern(undefined)).toBeUndefined();
  });
});

describe('progress and Ctrl-C', () => {
  it('draws a bar', () => {
    expect(renderBar(5, 10, 10)).toBe('[#####.....] 5/10');
  });

  it('says what state the stack is in and how to continue', () => {
    const error = continueAdvice({ stack: 'app-dev', stage: 'dev', status: 'UPDATE_IN_PROGRESS', operation: 'update', why: 'interrupted' });
    expect(error.message).toMatch(/interrupted: the stack app-dev is UPDATE_IN_PROGRESS/);
    expect(error.hint).toMatch(/tsappa status dev/);
    expect(error.hint).toMatch(/cancel-update-stack --stack-name app-dev/);
  });
});

describe('certify', () => {
  const base = testSettings('/tmp/p', { domain: 'api.example.com' });
  it('refuses an EDGE domain whose certificate is not in us-east-1', () => {
    expect(() => certificatePlan({ ...base, certificateArn: 'arn:aws:acm:eu-west-1:1:certificate/x' })).toThrow(/EDGE domain needs its certificate in us-east-1/);
  });
  it('takes a us-east-1 certificate for EDGE and the stage region for REGIONAL', () => {
    expect(certificatePlan({ ...base, certificateArn: 'arn:aws:acm:us-east-1:1:certificate/x' })).toMatchObject({ endpoint: 'EDGE', region: 'us-east-1' });
    expect(() => certificatePlan({ ...base, awsRegion: 'eu-west-1', endpointConfiguration: 'REGIONAL', certificateArn: 'arn:aws:acm:us-east-1:1:certificate/x' })).toThrow(/stage's region \(eu-west-1\)/);
  });
  it('needs a domain', () => {
    expect(() => certificatePlan({ ...base, domain: null })).toThrow(/no "domain"/);
  });
});

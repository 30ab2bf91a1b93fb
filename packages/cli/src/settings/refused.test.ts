/**
 * Settings AWS would reject are refused up front (issue 13, item 6), each with the key, the
 * file and what was expected: schedule expressions through the same AWS-dialect parser `serve`
 * uses, ARNs by service, no prototype keys, and config files that cannot be read named by path.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsError } from './errors.js';
import { readSettingsFile } from './load-file.js';
import { resolveStage } from './resolve.js';

const FILE = '/project/tsappa.json';
const BASE = { app: 'src/app.ts:app', awsRegion: 'eu-west-1', projectName: 'quote-api' };

async function problems(stage: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<string[]> {
  try {
    await resolveStage({ file: FILE, projectDir: '/project', contents: { dev: { ...BASE, ...stage }, ...extra } }, 'dev');
  } catch (error) {
    if (error instanceof SettingsError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

const schedule = (expression: string) => ({ events: [{ function: 'src/jobs.ts:run', expression }] });

describe('schedule expressions AWS would reject', () => {
  for (const expression of ['cron(99 * * * ? *)', 'cron(0 12 * * * *)', 'cron(0 12 ? * ? *)', 'rate(0 minutes)', 'rate(1 minutes)', 'rate(5 minute)', 'rate(30 seconds)']) {
    it(`refuses ${expression}`, async () => {
      expect((await problems(schedule(expression)))[0]).toMatch(/^events\[0\]\.expression: expected "rate\(N minutes\|hours\|days\)"/);
    });
  }

  it('refuses a bad keepWarmExpression the same way', async () => {
    expect(await problems({ keepWarmExpression: 'rate(1 minutes)' })).toEqual([expect.stringMatching(/^keepWarmExpression: .*singular for 1/)]);
  });

  for (const expression of ['cron(0 12 * * ? *)', 'cron(0/15 9-17 ? * MON-FRI *)', 'cron(0 10 L * ? 2030)', 'rate(1 minute)', 'rate(5 minutes)', 'rate(1 day)']) {
    it(`accepts ${expression}`, async () => {
      expect(await problems(schedule(expression))).toEqual([]);
    });
  }
});

describe('ARNs are checked by service', () => {
  it('deadLetterArn: an SQS queue or SNS topic ARN, nothing else', async () => {
    for (const arn of ['arn:aws:sqs:bad', 'arn:aws:sns:eu-west-1:123:topic', 'arn:aws:lambda:eu-west-1:123456789012:function:f', 'arn:aws:sqs:eu-west-1:123456789012:a/b']) {
      expect(await problems({ deadLetterArn: arn }), arn).toEqual([expect.stringMatching(/^deadLetterArn: expected an SQS queue or SNS topic ARN/)]);
    }
    expect(await problems({ deadLetterArn: 'arn:aws:sqs:eu-west-1:123456789012:failed-tasks' })).toEqual([]);
    expect(await problems({ deadLetterArn: 'arn:aws:sns:eu-west-1:123456789012:failed-tasks.fifo' })).toEqual([]);
  });

  it('event sources: each kind in its own shape', async () => {
    const source = (arn: string) => ({ events: [{ function: 'src/jobs.ts:run', eventSource: { arn } }] });
    for (const arn of ['arn:aws:s3:bucket', 'arn:aws:dynamodb:eu-west-1:123456789012:table/Orders', 'arn:aws:kinesis:eu-west-1:123456789012:orders', 'arn:aws:sqs:bad']) {
      expect(await problems(source(arn)), arn).toEqual([expect.stringMatching(/^events\[0\]\.eventSource\.arn: expected the ARN of an S3 bucket/)]);
    }
    for (const arn of [
      'arn:aws:s3:::quote-uploads',
      'arn:aws:sqs:eu-west-1:123456789012:orders',
      'arn:aws:sns:eu-west-1:123456789012:orders',
      'arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/2026-01-01T00:00:00.000',
      'arn:aws:kinesis:eu-west-1:123456789012:stream/orders',
    ]) {
      expect(await problems(source(arn)), arn).toEqual([]);
    }
  });

  it('layers: layer version ARNs', async () => {
    expect(await problems({ layers: ['arn:aws:lambda:eu-west-1:123456789012:layer:tools'] })).toEqual([expect.stringMatching(/^layers\[0\]: expected a Lambda layer version ARN/)]);
    expect(await problems({ layers: ['arn:aws:lambda:eu-west-1:123456789012:layer:tools:3'] })).toEqual([]);
  });

  it("authorizer.arn: a Lambda function in the stage's region", async () => {
    const authorizer = (arn: string) => ({ authorizer: { arn } });
    expect(await problems(authorizer('arn:aws:lambda:us-east-1:123456789012:function:auth'))).toEqual([
      "authorizer.arn: expected a function in the stage's region eu-west-1, found one in us-east-1",
    ]);
    expect((await problems(authorizer('arn:aws:lambda:eu-west-1:123:function:auth')))[0]).toMatch(/^authorizer\.arn: expected a Lambda function ARN/);
    expect(await problems(authorizer('arn:aws:lambda:eu-west-1:123456789012:function:auth'))).toEqual([]);
  });
});

describe('prototype keys', () => {
  for (const parent of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) {
    it(`extends: "${parent}" is not a stage`, async () => {
      expect(await problems({ extends: parent })).toEqual([expect.stringMatching(/^extends: expected the name of a stage in this file \("dev"\), found/)]);
    });
  }

  it('an environment variable named __proto__ is refused, not dropped', async () => {
    const contents = JSON.parse('{ "dev": { "app": "a.js", "awsRegion": "eu-west-1", "environmentVariables": { "__proto__": "x", "OK": "1" } } }') as Record<string, unknown>;
    const error = await resolveStage({ file: FILE, projectDir: '/project', contents }, 'dev').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as SettingsError).message).toMatch(/environmentVariables.*expected an environment variable name/);
  });
});

describe('settings files that cannot be read are named by their own path', () => {
  function project(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'tsappa-settings-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  }

  it('a tsappa.config.ts that throws', async () => {
    const dir = project({ 'tsappa.config.ts': "throw new Error('no STAGE_BUCKET set');\nexport default {};\n" });
    await expect(readSettingsFile({ cwd: dir })).rejects.toThrow(`${join(dir, 'tsappa.config.ts')}: threw while loading: no STAGE_BUCKET set`);
  });

  it('a tsappa.config.mjs with no default export', async () => {
    const dir = project({ 'tsappa.config.mjs': 'export const dev = {};\n' });
    await expect(readSettingsFile({ cwd: dir })).rejects.toThrow(`${join(dir, 'tsappa.config.mjs')}: expected a default export`);
  });

  it('an empty tsappa.json, and one holding null', async () => {
    await expect(readSettingsFile({ cwd: project({ 'tsappa.json': '' }) })).rejects.toThrow(/tsappa\.json: is empty: expected an object of named stages/);
    await expect(readSettingsFile({ cwd: project({ 'tsappa.json': ' \n' }) })).rejects.toThrow(/tsappa\.json: is empty/);
    await expect(readSettingsFile({ cwd: project({ 'tsappa.json': 'null' }) })).rejects.toThrow(/tsappa\.json: expected an object of named stages, found null/);
  });

  it('a tsappa.json with a byte-order mark is read', async () => {
    const dir = project({ 'tsappa.json': '\uFEFF' + JSON.stringify({ dev: { app: 'a.js' } }) });
    expect((await readSettingsFile({ cwd: dir })).contents).toEqual({ dev: { app: 'a.js' } });
  });
});

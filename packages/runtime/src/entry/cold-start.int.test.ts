/**
 * The cold start against moto: remote env from S3 and from Secrets Manager applied before the
 * app loads, and the slimHandler archive downloaded from S3, verified and extracted.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { describeWithMoto } from '../../../../test/support/moto.js';
import { runtimeConfig } from './__fixtures__/config.js';
import { context, restEvent } from './__fixtures__/events.js';
import { writeZip } from './__fixtures__/zip-writer.js';
import { createEntry } from './create-entry.js';

const BUCKET = 'quote-api-config';
const fakeHttp = { createHandler: () => async () => ({ statusCode: 200 }), isHttpEvent: () => true };

describeWithMoto('cold start against moto', (moto) => {
  let secretArn: string;
  const touched = ['QUOTE_DB_URL', 'QUOTE_FEATURE', 'QUOTE_API_KEY', 'QUOTE_RETRIES'];
  const s3 = () => new S3Client({ endpoint: moto().endpoint, forcePathStyle: true });

  beforeAll(async () => {
    await s3().send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'dev/env.json', Body: JSON.stringify({ QUOTE_DB_URL: 'postgres://from-s3', QUOTE_FEATURE: true }) }));
    await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'dev/broken.json', Body: '{"QUOTE_DB_URL": ' }));
    const secrets = new SecretsManagerClient({ endpoint: moto().endpoint });
    secretArn = (await secrets.send(new CreateSecretCommand({ Name: 'quote-api/dev', SecretString: JSON.stringify({ QUOTE_API_KEY: 's3cr3t', QUOTE_RETRIES: 3 }) }))).ARN!;
  });
  afterEach(() => {
    for (const key of touched) delete process.env[key];
  });

  async function seenAtLoad(remoteEnv: string): Promise<Record<string, string | undefined>> {
    let seen: Record<string, string | undefined> = {};
    const handler = createEntry(runtimeConfig({ remoteEnv }), async () => {
      seen = Object.fromEntries(touched.map((k) => [k, process.env[k]]));
      return { app: {}, functions: {} };
    }, { http: fakeHttp });
    await handler(restEvent(), context);
    return seen;
  }

  it('applies an S3 remote env before the app loads', async () => {
    expect(await seenAtLoad(`s3://${BUCKET}/dev/env.json`)).toEqual({
      QUOTE_DB_URL: 'postgres://from-s3',
      QUOTE_FEATURE: 'true',
      QUOTE_API_KEY: undefined,
      QUOTE_RETRIES: undefined,
    });
  });

  it('applies a Secrets Manager remote env before the app loads', async () => {
    expect(secretArn).toMatch(/^arn:aws:secretsmanager:us-east-1:\d{12}:secret:quote-api\/dev-/);
    expect(await seenAtLoad(secretArn)).toMatchObject({ QUOTE_API_KEY: 's3cr3t', QUOTE_RETRIES: '3' });
  });

  it('names the object and the cause when the remote env cannot be used', async () => {
    await expect(seenAtLoad(`s3://${BUCKET}/dev/missing.json`)).rejects.toThrow(`tsappa init failed: remoteEnv s3://${BUCKET}/dev/missing.json: `);
    await expect(seenAtLoad(`s3://${BUCKET}/dev/broken.json`)).rejects.toThrow(`tsappa init failed: remoteEnv s3://${BUCKET}/dev/broken.json: not JSON`);
    const missingSecret = secretArn.replace('quote-api/dev', 'quote-api/nope');
    await expect(seenAtLoad(missingSecret)).rejects.toThrow(`tsappa init failed: remoteEnv ${missingSecret}: `);
  });

  it('downloads, verifies and extracts the slimHandler archive from S3', async () => {
    const archive = writeZip([{ name: 'app.mjs', data: 'export const greeting = "hello from slim";\n' }]);
    const sha256 = createHash('sha256').update(archive).digest('hex');
    await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'slim/app.zip', Body: archive }));
    let greeting: unknown;
    const handler = createEntry(runtimeConfig({ slimArchive: { bucket: BUCKET, key: 'slim/app.zip', sha256 } }), async (ctx) => {
      greeting = ((await import(/* @vite-ignore */ join(ctx!.appDir!, 'app.mjs'))) as { greeting: string }).greeting;
      return { app: {}, functions: {} };
    }, { http: fakeHttp, tmpDir: mkdtempSync(join(tmpdir(), 'tsappa-slim-int-')) });
    await handler(restEvent(), context);
    expect(greeting).toBe('hello from slim');
  });
});

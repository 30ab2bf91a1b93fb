import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ListFunctionsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_EMULATED, startUnemulatedAws, type UnemulatedAws } from './unemulated-aws.js';

let aws: UnemulatedAws;
const lines: string[] = [];
beforeAll(async () => {
  aws = await startUnemulatedAws((line) => lines.push(line));
});
afterAll(() => aws.close());

const config = () => ({ endpoint: aws.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });

describe('the endpoint for AWS calls nothing local plays', () => {
  it('fails each SDK call with NotEmulatedLocally, whatever the protocol (REST XML, query, REST JSON)', async () => {
    const s3 = new S3Client({ ...config(), forcePathStyle: true });
    await expect(s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }))).rejects.toMatchObject({ name: NOT_EMULATED, message: expect.stringContaining('--aws-endpoint') });
    await expect(new STSClient(config()).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: NOT_EMULATED });
    await expect(new LambdaClient(config()).send(new ListFunctionsCommand({}))).rejects.toMatchObject({ name: NOT_EMULATED });
  });

  it('logs one line per service, at the first call, saying what to do', async () => {
    const s3 = new S3Client({ ...config(), forcePathStyle: true });
    await s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'again' })).catch(() => undefined);
    const about = (service: string) => lines.filter((line) => line.startsWith(`the function called ${service}`));
    expect(about('s3')).toHaveLength(1);
    expect(about('sts')[0]).toBe(
      `the function called sts GetCallerIdentity, which is not emulated locally (only the DynamoDB tables declared in "resources" are): run an emulator such as LocalStack or moto and pass --aws-endpoint URL; until then every sts call fails with ${NOT_EMULATED}`,
    );
    expect(about('lambda')).toHaveLength(1);
  });
});

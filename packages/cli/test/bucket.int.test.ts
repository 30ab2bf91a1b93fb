import {
  GetBucketEncryptionCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  CreateBucketCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { describeWithMoto, MOTO_REGION } from '../../../test/support/moto.js';
import { ensureBucket } from '../src/aws/bucket.js';
import { createAwsClients } from '../src/aws/clients.js';

describeWithMoto('deployment bucket (moto)', (moto) => {
  const s3 = () => new S3Client({ region: MOTO_REGION, endpoint: moto().endpoint, forcePathStyle: true });

  it('creates the default tsappa-<accountId>-<region> bucket, versioned, encrypted and private', async () => {
    const clients = createAwsClients({ region: MOTO_REGION, profile: null });
    const result = await ensureBucket(clients, null);
    expect(result).toEqual({ name: `tsappa-123456789012-${MOTO_REGION}`, created: true, changes: ['versioning', 'default encryption', 'public access block'] });
    const client = s3();
    await client.send(new HeadBucketCommand({ Bucket: result.name }));
    expect((await client.send(new GetBucketVersioningCommand({ Bucket: result.name }))).Status).toBe('Enabled');
    const encryption = await client.send(new GetBucketEncryptionCommand({ Bucket: result.name }));
    expect(encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('AES256');
    const block = await client.send(new GetPublicAccessBlockCommand({ Bucket: result.name }));
    expect(block.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
  });

  it('finds an existing bucket, changes nothing the second time, and uses path-style S3', async () => {
    const clients = createAwsClients({ region: MOTO_REGION, profile: null });
    const first = await ensureBucket(clients, 'quote-api-deployments');
    expect(first.created).toBe(true);
    const again = createAwsClients({ region: MOTO_REGION, profile: null });
    const second = await ensureBucket(again, 'quote-api-deployments');
    expect(second).toEqual({ name: 'quote-api-deployments', created: false, changes: [] });
    expect(again.calls.map((c) => c.command)).toEqual(['HeadBucket', 'GetBucketVersioning', 'GetBucketEncryption', 'GetPublicAccessBlock']);
  });

  it('turns on what an existing bucket lacks', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'plain-bucket' }));
    const result = await ensureBucket(createAwsClients({ region: MOTO_REGION, profile: null }), 'plain-bucket');
    expect(result.created).toBe(false);
    expect(result.changes).toContain('versioning');
    expect(result.changes).toContain('public access block');
  });

  it('creates a bucket outside us-east-1 with its location constraint', async () => {
    const clients = createAwsClients({ region: 'eu-west-1', profile: null });
    const result = await ensureBucket(clients, null);
    expect(result.name).toBe('tsappa-123456789012-eu-west-1');
    const create = clients.calls.find((c) => c.command === 'CreateBucket');
    expect(create).toBeDefined();
  });
});

describe('endpoint handling', () => {
  it('reads AWS_ENDPOINT_URL_<SERVICE> before AWS_ENDPOINT_URL', async () => {
    const { endpointOverride } = await import('../src/aws/clients.js');
    expect(endpointOverride('S3', { AWS_ENDPOINT_URL: 'http://a', AWS_ENDPOINT_URL_S3: 'http://b' })).toBe('http://b');
    expect(endpointOverride('S3', { AWS_ENDPOINT_URL: 'http://a' })).toBe('http://a');
    expect(endpointOverride('S3', {})).toBeUndefined();
  });
});

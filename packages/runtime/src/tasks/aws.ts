/**
 * Lazily created AWS SDK v3 clients. The SDK ships with the Lambda Node.js runtime, so the
 * runtime never bundles it: each client package is loaded with a dynamic `import()` the first
 * time it is needed, and an app that uses neither tasks, remote env nor slimHandler never loads
 * it at all.
 *
 * Endpoints: `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL` (LocalStack, moto). S3 uses
 * path-style addressing whenever an endpoint is set. Clients are cached per service, region and
 * endpoint, so a changed endpoint (tests) gets a fresh client.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SNSClient } from '@aws-sdk/client-sns';

export type AwsService = 's3' | 'lambda' | 'sns' | 'dynamodb' | 'secretsmanager';

const ENDPOINT_ENV: Record<AwsService, string> = {
  s3: 'AWS_ENDPOINT_URL_S3',
  lambda: 'AWS_ENDPOINT_URL_LAMBDA',
  sns: 'AWS_ENDPOINT_URL_SNS',
  dynamodb: 'AWS_ENDPOINT_URL_DYNAMODB',
  secretsmanager: 'AWS_ENDPOINT_URL_SECRETS_MANAGER',
};

/** The endpoint override for a service, if any (service-specific first). */
export function endpointFor(service: AwsService, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[ENDPOINT_ENV[service]] || env.AWS_ENDPOINT_URL || undefined;
}

export interface ClientConfig {
  region?: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  followRegionRedirects?: boolean;
}

/** The constructor options the runtime gives a client of `service`. */
export function clientConfig(service: AwsService, region?: string, env: NodeJS.ProcessEnv = process.env): ClientConfig {
  const config: ClientConfig = {};
  if (region) config.region = region;
  const endpoint = endpointFor(service, env);
  if (endpoint) config.endpoint = endpoint;
  if (service === 's3') {
    if (endpoint) config.forcePathStyle = true;
    // a bucket may live in another region than the function (remoteEnv, remote tasks)
    config.followRegionRedirects = true;
  }
  return config;
}

const cache = new Map<string, unknown>();

async function cached<T>(service: AwsService, region: string | undefined, create: (config: ClientConfig) => Promise<T>): Promise<T> {
  const config = clientConfig(service, region);
  const key = `${service}|${config.region ?? ''}|${config.endpoint ?? ''}`;
  let client = cache.get(key) as Promise<T> | undefined;
  if (!client) {
    client = create(config);
    cache.set(key, client);
    // a failed import must not stay cached
    client.catch(() => cache.delete(key));
  }
  return client;
}

export function s3Client(region?: string): Promise<S3Client> {
  return cached('s3', region, async (c) => new (await import('@aws-sdk/client-s3')).S3Client(c));
}
export function lambdaClient(region?: string): Promise<LambdaClient> {
  return cached('lambda', region, async (c) => new (await import('@aws-sdk/client-lambda')).LambdaClient(c));
}
export function snsClient(region?: string): Promise<SNSClient> {
  return cached('sns', region, async (c) => new (await import('@aws-sdk/client-sns')).SNSClient(c));
}
export function dynamoClient(region?: string): Promise<DynamoDBClient> {
  return cached('dynamodb', region, async (c) => new (await import('@aws-sdk/client-dynamodb')).DynamoDBClient(c));
}
export function secretsClient(region?: string): Promise<SecretsManagerClient> {
  return cached('secretsmanager', region, async (c) => new (await import('@aws-sdk/client-secrets-manager')).SecretsManagerClient(c));
}

/** The region part of an ARN (`arn:aws:service:REGION:...`), if any. */
export function regionOfArn(arn: string): string | undefined {
  return arn.split(':')[3] || undefined;
}

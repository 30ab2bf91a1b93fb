/**
 * The few AWS operations the runtime performs, behind one small interface so the dispatch,
 * capture and cold-start logic can be unit tested with a fake. The real implementation loads
 * each SDK client lazily (./aws.ts).
 */
import type { Readable } from 'node:stream';
import { TASK_TABLE } from '../contract.js';
import { dynamoClient, lambdaClient, regionOfArn, s3Client, secretsClient, snsClient } from './aws.js';
import { createLocalAwsOps, localTasksEnabled } from './local-ops.js';
import type { AwsOps, TaskRecord, TaskStatus } from './ops-types.js';

export const realAwsOps: AwsOps = {
  async invokeEvent(target, payload) {
    const client = await lambdaClient(target.region);
    const { InvokeCommand } = await import('@aws-sdk/client-lambda');
    const out = await client.send(
      new InvokeCommand({
        FunctionName: target.functionName,
        Qualifier: target.qualifier,
        InvocationType: 'Event',
        Payload: Buffer.from(payload, 'utf8'),
      }),
    );
    if (out.StatusCode !== undefined && out.StatusCode !== 202) {
      throw new Error(`Event invoke of ${target.functionName} answered status ${out.StatusCode}`);
    }
  },
  async publish(topicArn, message) {
    const client = await snsClient(regionOfArn(topicArn));
    const { PublishCommand } = await import('@aws-sdk/client-sns');
    await client.send(new PublishCommand({ TopicArn: topicArn, Message: message }));
  },
  async putObject(bucket, key, body) {
    const client = await s3Client();
    const { PutObjectCommand } = await import('@aws-sdk/client-s3');
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' }));
  },
  async getObjectText(bucket, key) {
    const client = await s3Client();
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!out.Body) throw new Error('the object has no body');
    return out.Body.transformToString('utf8');
  },
  async getObjectStream(bucket, key) {
    const client = await s3Client();
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!out.Body) throw new Error('the object has no body');
    return out.Body as Readable;
  },
  async deleteObject(bucket, key) {
    const client = await s3Client();
    const { DeleteObjectCommand } = await import('@aws-sdk/client-s3');
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  },
  async getSecretString(secretId) {
    const client = await secretsClient(secretId.startsWith('arn:') ? regionOfArn(secretId) : undefined);
    const { GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (out.SecretString !== undefined) return out.SecretString;
    if (out.SecretBinary) return Buffer.from(out.SecretBinary).toString('utf8');
    throw new Error('the secret has no value');
  },
  async putTaskRecord(table, record) {
    const client = await dynamoClient();
    const { PutItemCommand } = await import('@aws-sdk/client-dynamodb');
    const item: Record<string, { S: string } | { N: string }> = {
      [TASK_TABLE.partitionKey]: { S: record.id },
      name: { S: record.name },
      status: { S: record.status },
      updatedAt: { N: String(record.updatedAt) },
      [TASK_TABLE.ttlAttribute]: { N: String(record.ttl) },
    };
    if (record.value !== undefined) item.value = { S: record.value };
    if (record.error !== undefined) item.error = { S: record.error };
    await client.send(new PutItemCommand({ TableName: table, Item: item }));
  },
  async getTaskRecord(table, id) {
    const client = await dynamoClient();
    const { GetItemCommand } = await import('@aws-sdk/client-dynamodb');
    const out = await client.send(new GetItemCommand({ TableName: table, Key: { [TASK_TABLE.partitionKey]: { S: id } }, ConsistentRead: true }));
    const item = out.Item;
    if (!item) return null;
    const record: TaskRecord = {
      id: item[TASK_TABLE.partitionKey]?.S ?? id,
      name: item.name?.S ?? '',
      status: (item.status?.S ?? 'in progress') as TaskStatus,
      updatedAt: Number(item.updatedAt?.N ?? 0),
      ttl: Number(item[TASK_TABLE.ttlAttribute]?.N ?? 0),
    };
    if (item.value?.S !== undefined) record.value = item.value.S;
    if (item.error?.S !== undefined) record.error = item.error.S;
    return record;
  },
};

let current: AwsOps | null = null;
let local: AwsOps | null = null;

/**
 * The AWS operations in use: those set with `setAwsOps`, else, under `tsappa serve`
 * (`TSAPPA_LOCAL_TASKS=1` and an IPC channel), the local hook (./local-ops.ts: the task
 * operations go to the serve process, the others to AWS), else the real ones.
 */
export function awsOps(): AwsOps {
  if (current) return current;
  if (localTasksEnabled()) return (local ??= createLocalAwsOps(realAwsOps));
  return realAwsOps;
}

/** Replace the AWS operations (tests); `null` restores the default choice. */
export function setAwsOps(ops: AwsOps | null): void {
  current = ops;
}

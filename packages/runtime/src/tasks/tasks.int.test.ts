/**
 * Tasks against moto: SNS publish (delivered by moto to a local HTTP subscriber), DynamoDB
 * capture, payload offload through S3 for both services, and the Lambda path end to end: moto
 * cannot run Node code, so a local HTTP endpoint set as AWS_ENDPOINT_URL_LAMBDA captures the
 * signed Event invoke, and its payload is fed to the entry's handler.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeWithMoto } from '../../../../test/support/moto.js';
import { ENV, TASK_OFFLOAD_PREFIX, TASK_TABLE } from '../contract.js';
import { runtimeConfig } from '../entry/__fixtures__/config.js';
import { createEntry } from '../entry/create-entry.js';
import { snsEvent, context } from '../entry/__fixtures__/events.js';
import { EVENT_INVOKE_PAYLOAD_LIMIT, SNS_MESSAGE_LIMIT } from './dispatch.js';
import { TASK_MESSAGE_KEY, type TaskMessage } from './message.js';
import { getTaskResult } from './results.js';
import { task } from './task.js';

const BUCKET = 'tsappa-int-deployments';
const TABLE = 'quote-api-dev-tasks';

interface Captured {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A local HTTP endpoint that records every request and answers `status` with `body`. */
async function recorder(answer: (req: Captured) => { status: number; body?: string }): Promise<{ server: Server; url: string; requests: Captured[] }> {
  const requests: Captured[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const captured = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(captured);
      const { status, body } = answer(captured);
      res.writeHead(status, { 'content-type': 'application/json' }).end(body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

async function until<T>(probe: () => T | undefined, what: string, ms = 10_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// the tasks of "the app": they record what they received
const received: unknown[][] = [];
const sendReport = task('int.sendReport', (to: string, rows: Array<{ id: number; text: string }>) => {
  received.push([to, rows]);
  return { sent: rows.length };
});
const viaSns = task({ name: 'int.viaSns', service: 'sns', captureResponse: true }, (label: string, blob: string) => {
  received.push([label, blob.length]);
  return label.toUpperCase();
});
const failing = task({ name: 'int.failing', captureResponse: true }, (why: string) => {
  throw new RangeError(why);
});

describeWithMoto('tasks against moto', (moto) => {
  let lambda: Awaited<ReturnType<typeof recorder>>;
  let snsSubscriber: Awaited<ReturnType<typeof recorder>>;
  let topicArn: string;
  const saved: Record<string, string | undefined> = {};
  const setEnv = (key: string, value: string) => {
    if (!(key in saved)) saved[key] = process.env[key];
    process.env[key] = value;
  };
  const handler = createEntry(runtimeConfig(), async () => ({ app: null, functions: {} }), { http: { createHandler: () => async () => null, isHttpEvent: () => false } });
  const s3 = () => new S3Client({ endpoint: moto().endpoint, forcePathStyle: true });

  beforeAll(async () => {
    const endpoint = moto().endpoint;
    await s3().send(new CreateBucketCommand({ Bucket: BUCKET }));
    await new DynamoDBClient({ endpoint }).send(
      new CreateTableCommand({
        TableName: TABLE,
        AttributeDefinitions: [{ AttributeName: TASK_TABLE.partitionKey, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: TASK_TABLE.partitionKey, KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const sns = new SNSClient({ endpoint });
    topicArn = (await sns.send(new CreateTopicCommand({ Name: 'quote-api-dev-async' }))).TopicArn!;
    snsSubscriber = await recorder(() => ({ status: 200 }));
    await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: `${snsSubscriber.url}/sns` }));
    // the Lambda API: accepts Event invokes like Lambda does (202, empty body)
    lambda = await recorder(() => ({ status: 202 }));

    // inside "Lambda", version 7 of quote-api-dev
    setEnv('AWS_LAMBDA_FUNCTION_NAME', 'quote-api-dev');
    setEnv('AWS_LAMBDA_FUNCTION_VERSION', '7');
    setEnv('AWS_ENDPOINT_URL_LAMBDA', lambda.url);
    setEnv(ENV.deploymentBucket, BUCKET);
    setEnv(ENV.taskTable, TABLE);
    setEnv(ENV.asyncTopicArn, topicArn);
  });
  afterAll(async () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    lambda?.server.close();
    snsSubscriber?.server.close();
  });
  beforeEach(() => {
    received.length = 0;
    lambda.requests.length = 0;
    snsSubscriber.requests.length = 0;
  });

  const offloaded = async () =>
    ((await s3().send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: TASK_OFFLOAD_PREFIX }))).Contents ?? []).map((o) => o.Key);

  it('Lambda path end to end: the signed Event invoke of the current version runs the task with the same arguments', async () => {
    const rows = [{ id: 1, text: 'Stay hungry' }, { id: 2, text: 'ünïcödé ✓' }];
    const receipt = await sendReport('ann@example.com', rows);
    expect(receipt).toEqual({ id: expect.any(String), service: 'lambda' });
    expect(received).toEqual([]); // not run by the caller

    expect(lambda.requests).toHaveLength(1);
    const invoke = lambda.requests[0]!;
    expect(invoke.method).toBe('POST');
    expect(invoke.url).toBe('/2015-03-31/functions/quote-api-dev/invocations?Qualifier=7');
    expect(invoke.headers['x-amz-invocation-type']).toBe('Event');
    expect(invoke.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=testing\/\d{8}\/us-east-1\/lambda\/aws4_request/);

    const result = await handler(JSON.parse(invoke.body), context);
    expect(result).toEqual({ tasks: [{ id: receipt.id, name: 'int.sendReport', status: 'complete' }] });
    expect(received).toEqual([['ann@example.com', rows]]);
  });

  it('Lambda path: arguments over 1 MB go through S3 and the receiver fetches and deletes them', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({ id: i, text: 'x'.repeat(100_000) }));
    expect(JSON.stringify(rows).length).toBeGreaterThan(EVENT_INVOKE_PAYLOAD_LIMIT);
    const receipt = await sendReport('big@example.com', rows);
    const payload = lambda.requests[0]!.body;
    expect(Buffer.byteLength(payload)).toBeLessThan(1024);
    const message = JSON.parse(payload) as TaskMessage;
    expect(message[TASK_MESSAGE_KEY].ref).toEqual({ bucket: BUCKET, key: `${TASK_OFFLOAD_PREFIX}${receipt.id}.json` });
    expect(await offloaded()).toEqual([`${TASK_OFFLOAD_PREFIX}${receipt.id}.json`]);

    await handler(message, context);
    expect(received).toEqual([['big@example.com', rows]]);
    expect(await offloaded()).toEqual([]);
  });

  it('SNS: publishes to the async topic; the delivered message runs the task and captures its value', async () => {
    const receipt = await viaSns('hello', 'small');
    expect(receipt).toEqual({ id: expect.any(String), service: 'sns' });
    expect(lambda.requests).toHaveLength(0);
    expect(await getTaskResult(receipt.id)).toMatchObject({ status: 'in progress', name: 'int.viaSns' });

    const delivery = await until(() => snsSubscriber.requests.find((r) => r.url === '/sns' && r.body.includes(receipt.id)), 'the SNS delivery');
    const notification = JSON.parse(delivery.body) as { TopicArn: string; Message: string };
    expect(notification.TopicArn).toBe(topicArn);
    await handler(snsEvent(notification.Message, topicArn), context);
    expect(received).toEqual([['hello', 5]]);
    expect(await getTaskResult(receipt.id)).toMatchObject({ status: 'complete', value: 'HELLO' });
  });

  it('SNS: a message over 256 KiB goes through S3', async () => {
    const blob = 'z'.repeat(SNS_MESSAGE_LIMIT);
    const receipt = await viaSns('big', blob);
    const delivery = await until(() => snsSubscriber.requests.find((r) => r.body.includes(receipt.id)), 'the SNS delivery');
    const { Message } = JSON.parse(delivery.body) as { Message: string };
    expect(Buffer.byteLength(Message)).toBeLessThan(1024);
    expect((JSON.parse(Message) as TaskMessage)[TASK_MESSAGE_KEY].ref?.key).toBe(`${TASK_OFFLOAD_PREFIX}${receipt.id}.json`);
    await handler(snsEvent(Message, topicArn), context);
    expect(received).toEqual([['big', SNS_MESSAGE_LIMIT]]);
    expect(await offloaded()).toEqual([]);
  });

  it('DynamoDB capture: in progress, then failed with the error, with a TTL', async () => {
    const receipt = await failing('out of range');
    const before = await getTaskResult(receipt.id);
    expect(before).toMatchObject({ status: 'in progress' });
    await expect(handler(JSON.parse(lambda.requests[0]!.body), context)).rejects.toThrow(RangeError);
    expect(await getTaskResult(receipt.id)).toMatchObject({ status: 'failed', error: { name: 'RangeError', message: 'out of range' } });

    const item = (await new DynamoDBClient({ endpoint: moto().endpoint }).send(new GetItemCommand({ TableName: TABLE, Key: { [TASK_TABLE.partitionKey]: { S: receipt.id } } }))).Item!;
    const ttl = Number(item[TASK_TABLE.ttlAttribute]!.N);
    expect(ttl).toBeGreaterThan(Date.now() / 1000 + 23 * 3600);
    expect(await getTaskResult('no-such-task')).toBeNull();
  });
});

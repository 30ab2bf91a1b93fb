/**
 * Realistic sample events for `tsappa event <kind>`, to edit and send with
 * `tsappa invoke <stage> --local` (as `sam local generate-event` does, with no Docker). Each
 * shape follows the AWS documentation page cited next to it; the HTTP one is the event serve's
 * own local API Gateway builds (./proxy-event.ts), so it is exactly what the function gets.
 */
import { randomUUID } from 'node:crypto';
import type { ResolvedSettings } from '@tsappa/templates';
import { routeOf, toProxyEvent } from './proxy-event.js';

export const EVENT_KINDS = ['s3', 'sqs', 'sns', 'dynamodb', 'kinesis', 'schedule', 'http'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface SampleOptions {
  region: string;
  accountId: string;
  /** the API stage of an `http` event (default `dev`) */
  stage?: string;
  /** the message (sqs, sns), record data (kinesis), item `message` attribute (dynamodb) or request body (http) */
  body?: string;
  /** S3: bucket and object key */
  bucket?: string;
  key?: string;
  /** HTTP: method and path under the stage (default GET /) */
  method?: string;
  path?: string;
  /** the queue, topic, table or stream name in the source ARN */
  source?: string;
  /** schedule: the function the rule runs (module:export) */
  function?: string;
  now?: Date;
}

const iso = (date: Date) => date.toISOString();

/** S3 event notification: https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html */
function s3Event(o: SampleOptions, now: Date) {
  const bucket = o.bucket ?? o.source ?? 'amzn-s3-demo-bucket';
  const key = o.key ?? 'uploads/HappyFace.jpg';
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: o.region,
        eventTime: iso(now),
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: 'AWS:AIDAINPONIXQXHT3IKHL2' },
        requestParameters: { sourceIPAddress: '203.0.113.10' },
        responseElements: { 'x-amz-request-id': 'C3D13FE58DE4C810', 'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'tsappa-sample',
          bucket: { name: bucket, ownerIdentity: { principalId: 'A3NL1KOZZKExample' }, arn: `arn:aws:s3:::${bucket}` },
          // the key is URL-encoded in S3 events (spaces as +)
          object: { key: encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+'), size: 1024, eTag: 'd41d8cd98f00b204e9800998ecf8427e', sequencer: '0055AED6DCD90281E5' },
        },
      },
    ],
  };
}

/** SQS: https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html (example standard queue message event) */
function sqsEvent(o: SampleOptions, now: Date) {
  const queue = o.source ?? 'my-queue';
  const sent = String(now.getTime());
  return {
    Records: [
      {
        messageId: randomUUID(),
        receiptHandle: 'MessageReceiptHandle',
        body: o.body ?? 'Hello from SQS!',
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: sent, SenderId: 'AIDAIENQZJOLO23YVJ4VO', ApproximateFirstReceiveTimestamp: sent },
        messageAttributes: {},
        md5OfBody: '7b270e59b47ff90a553787216d55d91d',
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:${o.region}:${o.accountId}:${queue}`,
        awsRegion: o.region,
      },
    ],
  };
}

/** SNS: https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html (example SNS message event) */
function snsEvent(o: SampleOptions, now: Date) {
  const topicArn = `arn:aws:sns:${o.region}:${o.accountId}:${o.source ?? 'sns-lambda'}`;
  return {
    Records: [
      {
        EventVersion: '1.0',
        EventSubscriptionArn: `${topicArn}:${randomUUID()}`,
        EventSource: 'aws:sns',
        Sns: {
          SignatureVersion: '1',
          Timestamp: iso(now),
          Signature: 'tcc6faL2yUC6dgZdmrwh1Y4cGa/ebXEkAi6RibDsvpi+tE/1+82j...65r==',
          SigningCertUrl: `https://sns.${o.region}.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem`,
          MessageId: randomUUID(),
          Message: o.body ?? 'Hello from SNS!',
          MessageAttributes: { Test: { Type: 'String', Value: 'TestString' } },
          Type: 'Notification',
          UnsubscribeUrl: `https://sns.${o.region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${topicArn}`,
          TopicArn: topicArn,
          Subject: 'TestInvoke',
        },
      },
    ],
  };
}

/** DynamoDB Streams: https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html (example event) */
function dynamodbEvent(o: SampleOptions, now: Date) {
  const table = o.source ?? 'ExampleTableWithStream';
  const streamArn = `arn:aws:dynamodb:${o.region}:${o.accountId}:table/${table}/stream/2015-06-27T00:48:05.899`;
  const created = Math.floor(now.getTime() / 1000);
  return {
    Records: [
      {
        eventID: 'c4ca4238a0b923820dcc509a6f75849b',
        eventName: 'INSERT',
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: o.region,
        dynamodb: {
          ApproximateCreationDateTime: created,
          Keys: { Id: { N: '101' } },
          NewImage: { Message: { S: o.body ?? 'New item!' }, Id: { N: '101' } },
          SequenceNumber: '4421584500000000017450439091',
          SizeBytes: 26,
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
        eventSourceARN: streamArn,
      },
    ],
  };
}

/** Kinesis: https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html (example event; data is base64) */
function kinesisEvent(o: SampleOptions, now: Date) {
  const sequence = '49590338271490256608559692538361571095921575989136588898';
  return {
    Records: [
      {
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: '1',
          sequenceNumber: sequence,
          data: Buffer.from(o.body ?? 'Hello, this is a test.').toString('base64'),
          approximateArrivalTimestamp: now.getTime() / 1000,
        },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `shardId-000000000006:${sequence}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: `arn:aws:iam::${o.accountId}:role/lambda-role`,
        awsRegion: o.region,
        eventSourceARN: `arn:aws:kinesis:${o.region}:${o.accountId}:stream/${o.source ?? 'lambda-stream'}`,
      },
    ],
  };
}

/**
 * A schedule firing. The stage's rules target the function with a constant `Input`, and "nothing
 * from the event itself is passed to the target" (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Target.html),
 * so the function gets the input tsappa's template gives the rule (packages/templates/src/schedules.ts).
 */
function scheduleEvent(o: SampleOptions) {
  return { 'tsappa:schedule': o.function ?? 'src/jobs.ts:run' };
}

/**
 * API Gateway REST API Lambda proxy event, as serve's local API Gateway builds it:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-input-format
 */
function httpEvent(o: SampleOptions, now: Date) {
  const stage = o.stage ?? 'dev';
  const path = o.path ?? '/';
  const url = `/${stage}${path.startsWith('/') ? path : `/${path}`}`;
  const route = routeOf(url.split('?')[0] as string, stage);
  if (!route) throw new Error(`--path must be a path such as /quote?type=daily, not "${path}"`);
  const host = `a1b2c3d4e5.execute-api.${o.region}.amazonaws.com`;
  const rawHeaders = ['Host', host, 'User-Agent', 'curl/8.5.0', 'Accept', '*/*'];
  if (o.body !== undefined) rawHeaders.push('Content-Type', 'application/json');
  return toProxyEvent(
    { method: (o.method ?? 'GET').toUpperCase(), url, rawHeaders, body: Buffer.from(o.body ?? ''), sourceIp: '203.0.113.10' },
    route,
    { stage, apiId: 'a1b2c3d4e5', accountId: o.accountId, binaryMediaTypes: [] },
    { now },
  );
}

/** A sample event of `kind`, filled in with the options. */
export function sampleEvent(kind: EventKind, options: SampleOptions): unknown {
  const now = options.now ?? new Date();
  switch (kind) {
    case 's3':
      return s3Event(options, now);
    case 'sqs':
      return sqsEvent(options, now);
    case 'sns':
      return snsEvent(options, now);
    case 'dynamodb':
      return dynamodbEvent(options, now);
    case 'kinesis':
      return kinesisEvent(options, now);
    case 'schedule':
      return scheduleEvent(options);
    case 'http':
      return httpEvent(options, now);
  }
}

/**
 * What a stage's settings say about a sample of `kind`: its region, the stage name, the first
 * schedule's function, or the name, region and account in the ARN of the stage's event source of
 * that service (so the sample is one the stage's own source would send).
 */
export function stageSampleOptions(settings: ResolvedSettings, kind: EventKind): Partial<SampleOptions> {
  const options: Partial<SampleOptions> = { region: settings.awsRegion, stage: settings.stage };
  if (kind === 'schedule') {
    const schedule = settings.events.find((e) => e.kind === 'schedule');
    if (schedule) options.function = schedule.function;
  } else if (kind !== 'http') {
    const source = settings.events.find((e) => e.kind === 'source' && e.eventSource.arn.startsWith(`arn:aws:${kind}:`));
    if (source?.kind === 'source') {
      const [, , , region, account, ...rest] = source.eventSource.arn.split(':');
      const resource = rest.join(':');
      if (region) options.region = region;
      if (account) options.accountId = account;
      // table/<name>/stream/<label>, stream/<name>, or the queue, topic or bucket name itself
      options.source = resource.split('/')[resource.startsWith('table/') || resource.startsWith('stream/') ? 1 : 0] ?? resource;
    }
  }
  return options;
}

import { describe, expect, it } from 'vitest';
// what the Lambda entry of a tsappa package does with an event: the samples must be recognised
import { classifyEvent } from '../../../runtime/src/entry/classify.js';
import { detectSource, isHttpEvent } from '../../../runtime/src/http/source.js';
import { EVENT_KINDS, sampleEvent } from './sample-events.js';

const base = { region: 'eu-west-1', accountId: '123456789012', now: new Date('2026-03-01T10:00:00.000Z') };
const records = (event: unknown) => (event as { Records: Array<Record<string, unknown>> }).Records;

describe('sampleEvent', () => {
  it('gives each kind an event the runtime dispatches as that kind', () => {
    for (const kind of ['s3', 'sqs', 'sns', 'dynamodb', 'kinesis'] as const) {
      expect(classifyEvent(sampleEvent(kind, base), isHttpEvent)).toMatchObject({ kind: 'records', service: kind });
    }
    expect(classifyEvent(sampleEvent('schedule', { ...base, function: 'src/jobs.ts:nightly' }), isHttpEvent)).toEqual({ kind: 'schedule', ref: 'src/jobs.ts:nightly' });
    const http = sampleEvent('http', { ...base, stage: 'prod', method: 'post', path: '/orders?x=1', body: '{"a":1}' });
    expect(classifyEvent(http, isHttpEvent)).toEqual({ kind: 'http' });
    expect(detectSource(http)).toBe('rest-v1');
    expect(EVENT_KINDS).toHaveLength(7);
  });

  it('fills in the region, account, names and body given', () => {
    const sqs = records(sampleEvent('sqs', { ...base, body: '{"order":7}', source: 'orders' }))[0];
    expect(sqs).toMatchObject({ body: '{"order":7}', eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:orders', awsRegion: 'eu-west-1', eventSource: 'aws:sqs' });
    expect(records(sampleEvent('s3', { ...base, bucket: 'photos', key: 'in/my photo.jpg' }))[0]).toMatchObject({
      eventTime: '2026-03-01T10:00:00.000Z',
      s3: { bucket: { name: 'photos', arn: 'arn:aws:s3:::photos' }, object: { key: 'in/my+photo.jpg' } },
    });
    const kinesis = records(sampleEvent('kinesis', { ...base, body: 'hi' }))[0] as { kinesis: { data: string } };
    expect(Buffer.from(kinesis.kinesis.data, 'base64').toString()).toBe('hi');
    expect(records(sampleEvent('sns', { ...base, body: 'ping', source: 'alerts' }))[0]?.Sns).toMatchObject({ Message: 'ping', TopicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts' });
    expect(records(sampleEvent('dynamodb', { ...base, source: 'users' }))[0]?.eventSourceARN).toMatch(/^arn:aws:dynamodb:eu-west-1:123456789012:table\/users\/stream\//);
  });

  it('builds the HTTP event as the local API Gateway does: method, path under the stage, query and body', () => {
    const http = sampleEvent('http', { ...base, stage: 'prod', method: 'post', path: '/orders?x=1', body: '{"a":1}' });
    expect(http).toMatchObject({
      httpMethod: 'POST',
      path: '/orders',
      resource: '/{proxy+}',
      pathParameters: { proxy: 'orders' },
      queryStringParameters: { x: '1' },
      body: '{"a":1}',
      isBase64Encoded: false,
    });
    expect(http).toMatchObject({ requestContext: { stage: 'prod', path: '/prod/orders', accountId: '123456789012' }, headers: { 'Content-Type': 'application/json' } });
  });
});

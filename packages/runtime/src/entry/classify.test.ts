import { describe, expect, it } from 'vitest';
import { KEEP_WARM_INPUT } from '../contract.js';
import { isHttpEvent } from '../http/index.js';
import { TASK_MESSAGE_KEY } from '../tasks/message.js';
import {
  BUCKET_ARN,
  KINESIS_ARN,
  QUEUE_ARN,
  STREAM_ARN,
  TOPIC_ARN,
  albEvent,
  dynamoEvent,
  httpApiEvent,
  kinesisEvent,
  requestAuthorizerEvent,
  restEvent,
  s3Event,
  scheduleEvent,
  snsEvent,
  sqsEvent,
  tokenAuthorizerEvent,
} from './__fixtures__/events.js';
import { classifyEvent } from './classify.js';

const task = { [TASK_MESSAGE_KEY]: { v: 1, id: 'i', name: 'n', args: [], sentAt: 0 } };

describe('classifyEvent (with the web adapter isHttpEvent)', () => {
  it.each([
    ['keep-warm', { ...KEEP_WARM_INPUT }, { kind: 'keep-warm' }],
    ['schedule', scheduleEvent('src/a.ts:run'), { kind: 'schedule', ref: 'src/a.ts:run' }],
    ['task (Event invoke)', task, { kind: 'task', messages: [task], via: 'lambda' }],
    ['task (SNS)', snsEvent(JSON.stringify(task)), { kind: 'task', messages: [task], via: 'sns' }],
    ['direct invoke', { 'tsappa:invoke': 'src/a.ts:add', args: [1] }, { kind: 'invoke', ref: 'src/a.ts:add', args: [1] }],
    ['TOKEN authorizer', tokenAuthorizerEvent(), { kind: 'authorizer', type: 'TOKEN' }],
    ['REQUEST authorizer', requestAuthorizerEvent(), { kind: 'authorizer', type: 'REQUEST' }],
    ['HTTP API 2.0 authorizer', { version: '2.0', type: 'REQUEST', routeArn: 'arn:aws:execute-api:us-east-1:1:api/$default/GET/x', headers: {} }, { kind: 'authorizer', type: 'REQUEST' }],
    ['REST request', restEvent(), { kind: 'http' }],
    ['HTTP API request', httpApiEvent(), { kind: 'http' }],
    ['ALB request', albEvent(), { kind: 'http' }],
    ['S3 records', s3Event(), { kind: 'records', service: 's3', arn: BUCKET_ARN }],
    ['SNS records', snsEvent(), { kind: 'records', service: 'sns', arn: TOPIC_ARN }],
    ['SQS records', sqsEvent(), { kind: 'records', service: 'sqs', arn: QUEUE_ARN }],
    ['DynamoDB records', dynamoEvent(), { kind: 'records', service: 'dynamodb', arn: STREAM_ARN }],
    ['Kinesis records', kinesisEvent(), { kind: 'records', service: 'kinesis', arn: KINESIS_ARN }],
    ['an EventBridge event without tsappa input', { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} }, { kind: 'unknown' }],
    ['an unknown record source', { Records: [{ eventSource: 'aws:ses' }] }, { kind: 'unknown' }],
    ['empty Records', { Records: [] }, { kind: 'unknown' }],
    ['a string', 'hello', { kind: 'unknown' }],
  ])('%s', (_label, event, expected) => {
    expect(classifyEvent(event, isHttpEvent)).toEqual(expected);
  });

  it('an S3 record without a bucket ARN uses the bucket name', () => {
    const event = s3Event();
    delete (event.Records[0]!.s3.bucket as { arn?: string }).arn;
    expect(classifyEvent(event, isHttpEvent)).toEqual({ kind: 'records', service: 's3', arn: BUCKET_ARN });
  });
});

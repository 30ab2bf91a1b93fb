import { describe, expect, it } from 'vitest';
import { render, resource, statement } from './__fixtures__/template.js';
import { eventSourceLogicalId } from './eventSources.js';
import { TemplateError } from './model.js';
import type { EventSourceService, SourceEvent } from './settings.js';
import { failureHandlingDefaults } from './sourceFailures.js';

const source = (service: EventSourceService, arn: string, overrides: Partial<SourceEvent['eventSource']> = {}): SourceEvent => ({
  kind: 'source',
  function: `src/consumers.ts:${service}`,
  service,
  eventSource: { arn, events: [], batchSize: null, startingPosition: null, filterPatterns: [], ...failureHandlingDefaults(service), ...overrides },
});

const SQS = 'arn:aws:sqs:us-east-1:123456789012:jobs';
const DDB = 'arn:aws:dynamodb:us-east-1:123456789012:table/quotes/stream/2025-01-01T00:00:00.000';
const KINESIS = 'arn:aws:kinesis:us-east-1:123456789012:stream/clicks';
const SNS = 'arn:aws:sns:eu-west-1:123456789012:events';
const S3 = 'arn:aws:s3:::uploads';

describe('event sources', () => {
  it('maps SQS with partial batch failures, batch size and filters', () => {
    const event = source('sqs', SQS, { batchSize: 5, filterPatterns: [{ body: { kind: ['a'] } }] });
    const t = render({ events: [event] });
    const id = eventSourceLogicalId(event);
    const mapping = resource(t, `${id}Mapping`);
    expect(mapping.Type).toBe('AWS::Lambda::EventSourceMapping');
    expect(mapping.Properties).toMatchObject({
      EventSourceArn: SQS,
      FunctionName: { 'Fn::Sub': '${Function.Arn}:live' },
      BatchSize: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: { Filters: [{ Pattern: '{"body":{"kind":["a"]}}' }] },
    });
    expect(mapping.Properties.StartingPosition).toBeUndefined();
    expect(statement(t, id)).toMatchObject({ Resource: SQS, Action: expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']) });
  });

  it('maps DynamoDB and Kinesis streams from their starting position', () => {
    const ddb = source('dynamodb', DDB, { startingPosition: 'LATEST' });
    const kinesis = source('kinesis', KINESIS);
    const t = render({ events: [ddb, kinesis] });
    expect(resource(t, `${eventSourceLogicalId(ddb)}Mapping`).Properties.StartingPosition).toBe('LATEST');
    expect(resource(t, `${eventSourceLogicalId(kinesis)}Mapping`).Properties.StartingPosition).toBe('TRIM_HORIZON');
    expect(statement(t, eventSourceLogicalId(ddb))!.Action).toContain('dynamodb:GetRecords');
    expect(statement(t, eventSourceLogicalId(kinesis))!.Action).toContain('kinesis:GetRecords');
  });

  it('subscribes to SNS topics with the permission SNS needs', () => {
    const event = source('sns', SNS, { filterPatterns: [{ kind: ['new'] }] });
    const t = render({ events: [event] });
    const id = eventSourceLogicalId(event);
    expect(resource(t, `${id}Subscription`).Properties).toEqual({
      TopicArn: SNS,
      Protocol: 'lambda',
      Endpoint: { 'Fn::Sub': '${Function.Arn}:live' },
      FilterPolicy: { kind: ['new'] },
      Region: 'eu-west-1',
    });
    expect(resource(t, `${id}Permission`).Properties).toMatchObject({ Principal: 'sns.amazonaws.com', SourceArn: SNS });
  });

  it('lets S3 invoke the alias (the bucket notification is wired by the deploy)', () => {
    const event = source('s3', S3, { events: ['s3:ObjectCreated:*'] });
    const t = render({ events: [event] });
    expect(resource(t, `${eventSourceLogicalId(event)}Permission`).Properties).toMatchObject({
      Principal: 's3.amazonaws.com',
      SourceArn: S3,
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
  });

  it('keys sources by ARN and refuses duplicates', () => {
    const a = source('sqs', SQS);
    expect(eventSourceLogicalId(a)).toMatch(/^EventSourceSqs[0-9a-f]{10}$/);
    expect(eventSourceLogicalId(source('sqs', `${SQS}-2`))).not.toBe(eventSourceLogicalId(a));
    expect(() => render({ events: [a, a] })).toThrow(TemplateError);
  });
});

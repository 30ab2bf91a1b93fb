import { describe, expect, it } from 'vitest';
import { ofType, render, resource, roleStatements, statement } from './__fixtures__/template.js';
import { eventSourceLogicalId } from './eventSources.js';
import { TemplateError } from './model.js';
import type { EventSourceService, SourceEvent } from './settings.js';
import { FAILURE_QUEUE_ID, STREAM_FAILURE_DEFAULTS, failureHandlingDefaults } from './sourceFailures.js';

const source = (service: EventSourceService, arn: string, overrides: Partial<SourceEvent['eventSource']> = {}): SourceEvent => ({
  kind: 'source',
  function: `src/consumers.ts:${service}`,
  service,
  eventSource: { arn, events: [], batchSize: null, startingPosition: null, filterPatterns: [], ...failureHandlingDefaults(service), ...overrides },
});

const SQS = 'arn:aws:sqs:us-east-1:123456789012:jobs';
const DDB = 'arn:aws:dynamodb:us-east-1:123456789012:table/quotes/stream/2025-01-01T00:00:00.000';
const KINESIS = 'arn:aws:kinesis:us-east-1:123456789012:stream/clicks';
const FAILURE_TOPIC = 'arn:aws:sns:us-east-1:123456789012:stream-failures';
const FAILURE_QUEUE = 'arn:aws:sqs:us-east-1:123456789012:stream-failures';

const mapping = (event: SourceEvent, events: SourceEvent[] = [event]) => resource(render({ events }), `${eventSourceLogicalId(event)}Mapping`).Properties;

describe('failure handling of polled event sources', () => {
  it('streams never retry forever by default: bisect, 3 retries, then the stage failure queue', () => {
    for (const event of [source('kinesis', KINESIS), source('dynamodb', DDB)]) {
      const t = render({ events: [event] });
      const properties = resource(t, `${eventSourceLogicalId(event)}Mapping`).Properties;
      expect(properties).toMatchObject({
        MaximumRetryAttempts: 3,
        BisectBatchOnFunctionError: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [FAILURE_QUEUE_ID, 'Arn'] } } },
      });
      expect(properties.MaximumRetryAttempts).not.toBe(-1);
      // the record age is left to the stream (-1): lagging is not failing
      expect(properties.MaximumRecordAgeInSeconds).toBe(-1);
      expect(resource(t, FAILURE_QUEUE_ID).Properties).toMatchObject({ QueueName: 'quote-api-dev-source-failures', SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
      expect(statement(t, FAILURE_QUEUE_ID)).toEqual({ Sid: FAILURE_QUEUE_ID, Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [FAILURE_QUEUE_ID, 'Arn'] } });
    }
    expect(STREAM_FAILURE_DEFAULTS.maximumRetryAttempts).toBeGreaterThanOrEqual(0);
  });

  it('one failure queue for all the stage streams that ask for it', () => {
    const t = render({ events: [source('kinesis', KINESIS), source('dynamodb', DDB)] });
    expect(ofType(t, 'AWS::SQS::Queue').map(([id]) => id)).toEqual([FAILURE_QUEUE_ID]);
    expect(roleStatements(t).filter((s) => s.Sid === FAILURE_QUEUE_ID)).toHaveLength(1);
  });

  it('sends discarded records to a given topic or queue, and the role may send there and nowhere else', () => {
    const kinesis = source('kinesis', KINESIS, { onFailure: FAILURE_TOPIC, maximumRecordAgeInSeconds: 3600, maximumRetryAttempts: 0, bisectBatchOnFunctionError: false });
    const ddb = source('dynamodb', DDB, { onFailure: FAILURE_QUEUE });
    const t = render({ events: [kinesis, ddb] });
    const kinesisMapping = resource(t, `${eventSourceLogicalId(kinesis)}Mapping`).Properties;
    expect(kinesisMapping).toMatchObject({ MaximumRetryAttempts: 0, MaximumRecordAgeInSeconds: 3600, DestinationConfig: { OnFailure: { Destination: FAILURE_TOPIC } } });
    // written out at its default too: an update back to the default must reach the mapping
    expect(kinesisMapping.BisectBatchOnFunctionError).toBe(false);
    expect(resource(t, `${eventSourceLogicalId(ddb)}Mapping`).Properties.DestinationConfig).toEqual({ OnFailure: { Destination: FAILURE_QUEUE } });
    const sends = roleStatements(t).filter((s) => String(s.Sid).startsWith('EventSourceFailure'));
    expect(sends.map((s) => [s.Action, s.Resource]).sort()).toEqual([
      ['sns:Publish', FAILURE_TOPIC],
      ['sqs:SendMessage', FAILURE_QUEUE],
    ]);
    expect(ofType(t, 'AWS::SQS::Queue')).toEqual([]);
  });

  it('onFailure null: no destination, no queue, no send permission', () => {
    const event = source('kinesis', KINESIS, { onFailure: null });
    const t = render({ events: [event] });
    expect(resource(t, `${eventSourceLogicalId(event)}Mapping`).Properties.DestinationConfig).toBeUndefined();
    expect(roleStatements(t).filter((s) => String(s.Sid).startsWith('EventSourceFailure'))).toEqual([]);
  });

  it('refuses a failure target that is neither a queue nor a topic', () => {
    const event = source('kinesis', KINESIS, { onFailure: 'arn:aws:lambda:us-east-1:123456789012:function:f' });
    expect(() => render({ events: [event] })).toThrow(/onFailure "arn:aws:lambda[^"]*": expected an SQS queue or SNS topic ARN/);
  });

  it('SQS reports partial batch failures unless turned off, and refuses the stream-only settings', () => {
    expect(mapping(source('sqs', SQS)).FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(mapping(source('sqs', SQS, { reportBatchItemFailures: false })).FunctionResponseTypes).toBeUndefined();
    expect(mapping(source('kinesis', KINESIS, { reportBatchItemFailures: false })).FunctionResponseTypes).toBeUndefined();
    for (const overrides of [{ maximumRetryAttempts: 2 }, { onFailure: FAILURE_QUEUE }, { maximumRecordAgeInSeconds: 60 }, { bisectBatchOnFunctionError: true }]) {
      const key = Object.keys(overrides)[0]!;
      expect(() => render({ events: [source('sqs', SQS, overrides)] })).toThrow(TemplateError);
      expect(() => render({ events: [source('sqs', SQS, overrides)] })).toThrow(`${key} apply to DynamoDB and Kinesis streams`);
    }
  });
});

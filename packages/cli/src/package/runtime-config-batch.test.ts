/** The runtime learns which polled sources take no partial batch response (reportBatchItemFailures: false). */
import { failureHandlingDefaults, type SourceEvent } from '@tsappa/templates';
import { describe, expect, it } from 'vitest';
import { testSettings } from '../../test/support/test-settings.js';
import { toRuntimeConfig } from './runtime-config.js';

const source = (service: SourceEvent['service'], arn: string, reportBatchItemFailures?: boolean): SourceEvent => ({
  kind: 'source',
  function: `src/consumers.ts:${service}`,
  service,
  eventSource: {
    arn,
    events: [],
    batchSize: null,
    startingPosition: null,
    filterPatterns: [],
    ...failureHandlingDefaults(service),
    ...(reportBatchItemFailures === undefined ? {} : { reportBatchItemFailures }),
  },
});

describe('ignoredBatchResponses in the runtime config', () => {
  it('lists the polled sources with reportBatchItemFailures false, and is absent when there are none', () => {
    const QUEUE = 'arn:aws:sqs:us-east-1:123456789012:orders';
    const STREAM = 'arn:aws:kinesis:us-east-1:123456789012:stream/clicks';
    const TOPIC = 'arn:aws:sns:us-east-1:123456789012:events';
    const config = toRuntimeConfig(testSettings('/project', { events: [source('sqs', QUEUE, false), source('kinesis', STREAM), source('sns', TOPIC)] }));
    expect(config.ignoredBatchResponses).toEqual([QUEUE]);
    expect(config.eventSources).toEqual({ [QUEUE]: 'src/consumers.ts:sqs', [STREAM]: 'src/consumers.ts:kinesis', [TOPIC]: 'src/consumers.ts:sns' });
    expect('ignoredBatchResponses' in toRuntimeConfig(testSettings('/project', { events: [source('sqs', QUEUE)] }))).toBe(false);
  });
});

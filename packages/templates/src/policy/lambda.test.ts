/** Lambda rules: concurrency as the settings ask, and failure handling of polled event sources. */
import { describe, expect, it } from 'vitest';
import { render } from '../__fixtures__/template.js';
import type { CloudFormationTemplate } from '../model.js';
import type { SourceEvent } from '../settings.js';
import { partialBatchResponses, reservedConcurrencySet, streamFailureHandling } from './lambda.js';
import type { PolicyInput, PolicyRule } from './rule.js';

const scan = (rule: PolicyRule, template: CloudFormationTemplate, settings?: PolicyInput['settings']) => rule.check({ template, settings }).map((f) => `${f.resource}: ${f.message}`);

const source = (service: SourceEvent['service'], arn: string, extra: Partial<SourceEvent['eventSource']> = {}): SourceEvent => ({
  kind: 'source',
  function: `src/consumers.ts:${service}`,
  service,
  eventSource: {
    arn,
    events: [],
    batchSize: null,
    startingPosition: service === 'sqs' ? null : 'TRIM_HORIZON',
    filterPatterns: [],
    maximumRetryAttempts: service === 'sqs' ? null : 3,
    bisectBatchOnFunctionError: service !== 'sqs',
    maximumRecordAgeInSeconds: null,
    onFailure: service === 'sqs' ? null : 'queue',
    reportBatchItemFailures: true,
    ...extra,
  },
});
const KINESIS = 'arn:aws:kinesis:us-east-1:123456789012:stream/clicks';
const SQS = 'arn:aws:sqs:us-east-1:123456789012:jobs';

describe('lambda-reserved-concurrency', () => {
  it('passes a function with the limit the settings ask for, and any function when none is asked for', () => {
    expect(scan(reservedConcurrencySet, render({ reservedConcurrency: 5 }), { reservedConcurrency: 5 })).toEqual([]);
    expect(scan(reservedConcurrencySet, render(), { reservedConcurrency: null })).toEqual([]);
  });

  it('catches a function that lost the limit the settings ask for', () => {
    const t = render({ reservedConcurrency: 5 });
    delete (t.Resources.Function!.Properties as Record<string, unknown>).ReservedConcurrentExecutions;
    expect(scan(reservedConcurrencySet, t, { reservedConcurrency: 5 })).toEqual(['Function: has ReservedConcurrentExecutions unset, the settings ask for 5']);
  });

  it('catches a limit other than the one asked for (hand-made fragment)', () => {
    const fragment = { Resources: { Worker: { Type: 'AWS::Lambda::Function', Properties: { ReservedConcurrentExecutions: 100 } } } };
    expect(reservedConcurrencySet.check({ template: fragment, settings: { reservedConcurrency: 10 } }).map((f) => f.message)).toEqual(['has ReservedConcurrentExecutions 100, the settings ask for 10']);
  });
});

describe('stream-source-failure-handling', () => {
  it('passes a stream source with the defaults (3 retries, bisect, the stage failure queue)', () => {
    expect(scan(streamFailureHandling, render({ events: [source('kinesis', KINESIS)] }))).toEqual([]);
  });

  it('catches a stream source retried until its records expire, with nowhere to send them', () => {
    const t = render({ events: [source('kinesis', KINESIS, { maximumRetryAttempts: -1, onFailure: null })] });
    const found = scan(streamFailureHandling, t);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/retries a failing batch until its records expire/);
    expect(found[1]).toMatch(/has no DestinationConfig\.OnFailure/);
  });

  it('accepts a record age limit instead of a retry limit (hand-made fragment), and ignores SQS', () => {
    const mapping = (p: Record<string, unknown>) => ({ Resources: { M: { Type: 'AWS::Lambda::EventSourceMapping', Properties: p } } });
    const onFailure = { DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } } };
    expect(streamFailureHandling.check({ template: mapping({ EventSourceArn: KINESIS, MaximumRetryAttempts: -1, MaximumRecordAgeInSeconds: 3600, ...onFailure }) })).toEqual([]);
    expect(streamFailureHandling.check({ template: mapping({ EventSourceArn: SQS }) })).toEqual([]);
  });
});

describe('polled-source-partial-batch', () => {
  it('passes SQS and stream sources with partial batch responses', () => {
    expect(scan(partialBatchResponses, render({ events: [source('sqs', SQS), source('kinesis', KINESIS)] }))).toEqual([]);
  });

  it('catches a source whose function cannot report the items that failed', () => {
    const found = scan(partialBatchResponses, render({ events: [source('sqs', SQS, { reportBatchItemFailures: false })] }));
    expect(found).toEqual([expect.stringMatching(/^EventSourceSqs\w+Mapping: has no FunctionResponseTypes ReportBatchItemFailures/)]);
  });
});

/**
 * Partial batch responses (FunctionResponseTypes: ReportBatchItemFailures, on by default for
 * SQS, Kinesis and DynamoDB sources): the function's `{ batchItemFailures }` goes back to Lambda
 * as it is, with the events AWS's documentation shows (__fixtures__/aws-doc-events.ts), and an
 * answer Lambda would take as a failure of the whole batch is an error that says why.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 * https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html
 * https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html
 */
import type { DynamoDBStreamEvent, KinesisStreamEvent, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { EntryModules } from '../contract.js';
import { runtimeConfig } from './__fixtures__/config.js';
import { DOC_KINESIS_ARN, DOC_QUEUE_ARN, DOC_TABLE_ARN, docDynamoEvent, docKinesisEvent, docSqsEvent } from './__fixtures__/aws-doc-events.js';
import { context } from './__fixtures__/events.js';
import { createEntry } from './create-entry.js';

type Answer = (event: never) => unknown;

/** The entry with one function per documented source, each answering with `answers[service]`. */
function entry(answers: { sqs?: Answer; kinesis?: Answer; dynamodb?: Answer }, exceptionHandler: string | null = null, ignoredBatchResponses?: string[]) {
  const seen: unknown[] = [];
  const fn = (answer: Answer | undefined) => async (event: never) => {
    seen.push(event);
    return answer?.(event);
  };
  const modules: EntryModules = {
    app: {},
    functions: {
      'src/orders.ts:onQueue': fn(answers.sqs),
      'src/clicks.ts:onStream': fn(answers.kinesis),
      'src/table.ts:onChange': fn(answers.dynamodb),
      'src/errors.ts:swallow': () => true,
    },
  };
  const config = runtimeConfig({
    exceptionHandler,
    eventSources: { [DOC_QUEUE_ARN]: 'src/orders.ts:onQueue', [DOC_KINESIS_ARN]: 'src/clicks.ts:onStream', [DOC_TABLE_ARN]: 'src/table.ts:onChange' },
    ...(ignoredBatchResponses ? { ignoredBatchResponses } : {}),
  });
  return { handler: createEntry(config, async () => modules, { http: { isHttpEvent: () => false, createHandler: () => async () => null } }), seen };
}

describe('partial batch responses with the events of AWS documentation', () => {
  it('SQS: the failed message ids go back to Lambda, and the function got the event untouched', async () => {
    const event = docSqsEvent();
    const { handler, seen } = entry({ sqs: (e: SQSEvent) => ({ batchItemFailures: [{ itemIdentifier: e.Records[1]!.messageId }] }) });
    expect(await handler(event, context)).toEqual({ batchItemFailures: [{ itemIdentifier: '2e1424d4-f796-459a-8184-9c92662be6da' }] });
    expect(seen).toEqual([docSqsEvent()]);
  });

  it('Kinesis: the failed sequence number goes back to Lambda (it retries from there)', async () => {
    const { handler } = entry({ kinesis: (e: KinesisStreamEvent) => ({ batchItemFailures: [{ itemIdentifier: e.Records[0]!.kinesis.sequenceNumber }] }) });
    expect(await handler(docKinesisEvent(), context)).toEqual({ batchItemFailures: [{ itemIdentifier: '49590338271490256608559692538361571095921575989136588898' }] });
  });

  it('DynamoDB: the failed sequence number goes back to Lambda', async () => {
    const { handler } = entry({ dynamodb: (e: DynamoDBStreamEvent) => ({ batchItemFailures: [{ itemIdentifier: e.Records[1]!.dynamodb!.SequenceNumber! }] }) });
    expect(await handler(docDynamoEvent(), context)).toEqual({ batchItemFailures: [{ itemIdentifier: '222' }] });
  });

  it('a function that answers nothing, or an empty list: the whole batch succeeded', async () => {
    const { handler } = entry({ sqs: () => undefined, kinesis: () => ({ batchItemFailures: [] }), dynamodb: () => null });
    for (const event of [docSqsEvent(), docKinesisEvent(), docDynamoEvent()]) expect(await handler(event, context)).toEqual({ batchItemFailures: [] });
  });

  it('an identifier that is not in the batch is an error naming it and what identifies a record (Lambda would retry the whole batch silently)', async () => {
    const { handler } = entry({
      sqs: () => ({ batchItemFailures: [{ itemIdentifier: 'not-a-message' }] }),
      kinesis: () => ({ batchItemFailures: [{ itemIdentifier: 'shardId-000000000006:49590338271490256608559692538361571095921575989136588898' }] }),
      dynamodb: () => ({ batchItemFailures: [{ itemIdentifier: '1' }] }), // the eventID, not the sequence number
    });
    await expect(handler(docSqsEvent(), context)).rejects.toThrow('the sqs handler reported a failure for "not-a-message", which is not in the batch: batchItemFailures name records by their messageId');
    await expect(handler(docKinesisEvent(), context)).rejects.toThrow(/the kinesis handler reported a failure for "shardId-000000000006:\d+", which is not in the batch: .* by their kinesis\.sequenceNumber/);
    await expect(handler(docDynamoEvent(), context)).rejects.toThrow('the dynamodb handler reported a failure for "1", which is not in the batch: batchItemFailures name records by their dynamodb.SequenceNumber');
  });

  it('a source that takes no partial batch response (reportBatchItemFailures: false): reported failures fail the whole batch instead of counting as processed', async () => {
    const failing = entry({ sqs: (e: SQSEvent) => ({ batchItemFailures: [{ itemIdentifier: e.Records[0]!.messageId }] }), dynamodb: () => ({ batchItemFailures: [{ itemIdentifier: '111' }] }) }, null, [DOC_QUEUE_ARN, DOC_TABLE_ARN]);
    await expect(failing.handler(docSqsEvent(), context)).rejects.toThrow(
      `the sqs handler reported 1 failed record(s), but the source ${DOC_QUEUE_ARN} takes no partial batch response (reportBatchItemFailures: false)`,
    );
    // a DynamoDB source is configured by its table: the stream's records still match it
    await expect(failing.handler(docDynamoEvent(), context)).rejects.toThrow(/the dynamodb handler reported 1 failed record\(s\), but the source arn:aws:dynamodb:.*\/stream\//);
    const fine = entry({ sqs: () => ({ batchItemFailures: [] }) }, null, [DOC_QUEUE_ARN]);
    expect(await fine.handler(docSqsEvent(), context)).toEqual({ batchItemFailures: [] });
  });

  it('a function that throws fails the whole batch; an exceptionHandler that swallows it answers success for the batch', async () => {
    const failing = () => {
      throw new Error('database down');
    };
    await expect(entry({ sqs: failing }).handler(docSqsEvent(), context)).rejects.toThrow('database down');
    expect(await entry({ sqs: failing }, 'src/errors.ts:swallow').handler(docSqsEvent(), context)).toEqual({ batchItemFailures: [] });
  });
});

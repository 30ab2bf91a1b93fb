/**
 * Event source records (S3, SNS, SQS, DynamoDB, Kinesis): the whole batch goes to the function
 * configured for the source's ARN, called with (event, context).
 *
 * SQS, DynamoDB and Kinesis batches report partial failures: the function returns
 * `{ batchItemFailures: [{ itemIdentifier }] }` (message ids, sequence numbers) and only those
 * records are retried; returning nothing means the whole batch succeeded; throwing retries all.
 * The answer goes back to Lambda as it is (the mapping's FunctionResponseTypes holds
 * ReportBatchItemFailures by default); an identifier that is not in the batch is an error that
 * names it, where Lambda would silently retry the whole batch.
 */
import type { RecordService } from './classify.js';
import { FunctionNotFoundError } from './errors.js';
import { resolveFunction } from './refs.js';
import type { EntryRuntime } from './runtime.js';

export interface BatchItemFailures {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

const BATCH_SERVICES: ReadonlySet<RecordService> = new Set(['sqs', 'dynamodb', 'kinesis']);

export function supportsBatchFailures(service: RecordService): boolean {
  return BATCH_SERVICES.has(service);
}

/**
 * The configured function reference for a source ARN: exact match, else a DynamoDB stream of a
 * configured table (`<table arn>/stream/<label>`).
 */
export function matchEventSource(eventSources: Record<string, string>, arn: string): string | undefined {
  const key = eventSourceKey(eventSources, arn);
  return key === undefined ? undefined : eventSources[key];
}

/** The key of `eventSources` a record's ARN belongs to: itself, or the table of a DynamoDB stream. */
export function eventSourceKey(eventSources: Record<string, string>, arn: string): string | undefined {
  if (eventSources[arn]) return arn;
  const streamAt = arn.indexOf('/stream/');
  const table = streamAt > 0 ? arn.slice(0, streamAt) : undefined;
  return table !== undefined && eventSources[table] ? table : undefined;
}

/**
 * A source whose mapping takes no partial batch response: failures the function reports would be
 * counted as processed by Lambda, so they fail the whole batch here (Lambda retries it).
 */
function refuseIgnoredFailures(answer: BatchItemFailures, service: RecordService, arn: string): BatchItemFailures {
  if (answer.batchItemFailures.length === 0) return answer;
  throw new Error(
    `the ${service} handler reported ${answer.batchItemFailures.length} failed record(s), but the source ${arn} takes no partial batch response ` +
      '(reportBatchItemFailures: false): failing the whole batch so Lambda retries it rather than counting them processed',
  );
}

const ITEM_IDENTIFIER: Partial<Record<RecordService, { name: string; of: (record: Record<string, unknown>) => unknown }>> = {
  sqs: { name: 'messageId', of: (record) => record.messageId },
  kinesis: { name: 'kinesis.sequenceNumber', of: (record) => (record.kinesis as { sequenceNumber?: unknown } | undefined)?.sequenceNumber },
  dynamodb: { name: 'dynamodb.SequenceNumber', of: (record) => (record.dynamodb as { SequenceNumber?: unknown } | undefined)?.SequenceNumber },
};

/**
 * The identifiers a batch response may name: SQS message ids, stream sequence numbers. Lambda
 * treats an identifier that is not in the batch as a failure of the whole batch
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html).
 */
export function batchItemIds(service: RecordService, event: unknown): Set<string> {
  const identifier = ITEM_IDENTIFIER[service];
  const records = (event as { Records?: unknown } | null)?.Records;
  const ids = new Set<string>();
  if (!identifier || !Array.isArray(records)) return ids;
  for (const record of records) {
    const id = typeof record === 'object' && record !== null ? identifier.of(record as Record<string, unknown>) : undefined;
    if (typeof id === 'string') ids.add(id);
  }
  return ids;
}

/** Check a function's answer for a batch: undefined/null means all succeeded. */
export function toBatchResponse(result: unknown, service: RecordService, batchIds?: ReadonlySet<string>): BatchItemFailures {
  if (result === undefined || result === null) return { batchItemFailures: [] };
  const failures = (result as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { batchItemFailures: [] };
  if (!Array.isArray(failures) || !failures.every((f) => typeof (f as { itemIdentifier?: unknown })?.itemIdentifier === 'string' && (f as { itemIdentifier: string }).itemIdentifier !== '')) {
    throw new TypeError(`the ${service} handler returned an invalid batchItemFailures (expected [{ itemIdentifier: string }])`);
  }
  const answer = failures.map((f: { itemIdentifier: string }) => ({ itemIdentifier: f.itemIdentifier }));
  const unknown = batchIds ? answer.find((f) => !batchIds.has(f.itemIdentifier)) : undefined;
  if (unknown) {
    throw new TypeError(
      `the ${service} handler reported a failure for "${unknown.itemIdentifier}", which is not in the batch: batchItemFailures name records by their ${ITEM_IDENTIFIER[service]?.name ?? 'identifier'}`,
    );
  }
  return { batchItemFailures: answer };
}

export async function runRecords(runtime: EntryRuntime, service: RecordService, arn: string, event: unknown, context: unknown): Promise<unknown> {
  const ref = matchEventSource(runtime.config.eventSources, arn);
  if (!ref) {
    const known = Object.keys(runtime.config.eventSources);
    throw new FunctionNotFoundError(
      `received ${service} records from ${arn}, but no function is configured for that source; configured sources: ${known.length ? known.join(', ') : '(none)'}`,
    );
  }
  const fn = resolveFunction(runtime.modules, ref, `event source function for ${arn}`);
  const result = await fn(event, context);
  if (!supportsBatchFailures(service)) return result;
  const answer = toBatchResponse(result, service, batchItemIds(service, event));
  const key = eventSourceKey(runtime.config.eventSources, arn);
  return key !== undefined && runtime.config.ignoredBatchResponses?.includes(key) ? refuseIgnoredFailures(answer, service, arn) : answer;
}

/**
 * Failure handling of the event sources Lambda polls (SQS queues, DynamoDB and Kinesis streams):
 * the defaults, and the event source mapping properties and role statements they become.
 *
 * Why the stream defaults: a stream is read in order, shard by shard. With Lambda's own
 * defaults (retry until the record expires) one record the function cannot handle stops its
 * shard for up to the stream's retention (24 hours to a year). So a failing batch is split in
 * two until the bad record is alone (`bisectBatchOnFunctionError`), retried 3 times
 * (`maximumRetryAttempts`), then sent to the stage's failure queue (`onFailure: "queue"`) and
 * the shard moves on. Record age is left to the stream's retention: an age limit also discards
 * records that never failed when the function merely lags behind.
 *
 * SQS retries a failed message itself until the queue's own redrive policy moves it to a
 * dead-letter queue: the stream-only settings do not apply to it.
 */
import { shortHash } from './canonical.js';
import type { Context } from './context.js';
import { parseArn } from './context.js';
import { getAtt, withTags } from './intrinsics.js';
import { TemplateError, type Fragment } from './model.js';
import type { CloudFormationResource, EventSourceFailureTarget, EventSourceService, PolicyStatement, SourceEvent } from './settings.js';

/** The logical id of the stage's failure queue (created when a stream source uses `onFailure: "queue"`). */
export const FAILURE_QUEUE_ID = 'EventSourceFailureQueue';
/** Lambda's "no limit" for a stream's retries and record age: until the record expires. */
const UNBOUNDED = -1;
/** 14 days, SQS's longest retention. */
const FAILURE_QUEUE_RETENTION_SECONDS = 1_209_600;

export type FailureHandling = Pick<
  SourceEvent['eventSource'],
  'maximumRetryAttempts' | 'bisectBatchOnFunctionError' | 'maximumRecordAgeInSeconds' | 'onFailure' | 'reportBatchItemFailures'
>;

/** Stream sources: bounded retries, bisection, a failure destination; partial batch responses on. */
export const STREAM_FAILURE_DEFAULTS: FailureHandling = {
  maximumRetryAttempts: 3,
  bisectBatchOnFunctionError: true,
  maximumRecordAgeInSeconds: null,
  onFailure: 'queue',
  reportBatchItemFailures: true,
};

/** What a source gets when its settings say nothing. */
export function failureHandlingDefaults(service: EventSourceService): FailureHandling {
  if (isStream(service)) return { ...STREAM_FAILURE_DEFAULTS };
  return {
    maximumRetryAttempts: null,
    bisectBatchOnFunctionError: false,
    maximumRecordAgeInSeconds: null,
    onFailure: null,
    reportBatchItemFailures: service === 'sqs',
  };
}

export function isStream(service: EventSourceService): boolean {
  return service === 'dynamodb' || service === 'kinesis';
}

/** The ARN of a failure target, as the template writes it. */
function targetArn(target: Exclude<EventSourceFailureTarget, null>): unknown {
  return target === 'queue' ? getAtt(FAILURE_QUEUE_ID, 'Arn') : target;
}

function sendAction(target: Exclude<EventSourceFailureTarget, null>, where: string): string {
  if (target === 'queue') return 'sqs:SendMessage';
  const { service } = parseArn(target);
  if (service === 'sqs') return 'sqs:SendMessage';
  if (service === 'sns') return 'sns:Publish';
  throw new TemplateError(`${where}: onFailure "${target}": expected an SQS queue or SNS topic ARN, or "queue"`);
}

/** The failure-handling keys of a source that only a DynamoDB or Kinesis stream takes, in the order the settings list them. */
export function streamOnlySettings(source: SourceEvent['eventSource']): string[] {
  const set = {
    maximumRetryAttempts: source.maximumRetryAttempts !== null,
    bisectBatchOnFunctionError: source.bisectBatchOnFunctionError,
    maximumRecordAgeInSeconds: source.maximumRecordAgeInSeconds !== null,
    onFailure: source.onFailure !== null,
  };
  return Object.entries(set)
    .filter(([, isSet]) => isSet)
    .map(([key]) => key);
}

/** The mapping properties of one polled source's failure handling. */
export function failureMappingProperties(event: SourceEvent): Record<string, unknown> {
  const source = event.eventSource;
  const where = `events: the ${event.service} source ${source.arn}`;
  const properties: Record<string, unknown> = {};
  if (source.reportBatchItemFailures) properties.FunctionResponseTypes = ['ReportBatchItemFailures'];
  if (!isStream(event.service)) {
    const streamOnly = streamOnlySettings(source);
    if (streamOnly.length > 0) {
      throw new TemplateError(`${where}: ${streamOnly.join(', ')} apply to DynamoDB and Kinesis streams; an SQS queue keeps failed messages with its own redrive policy`);
    }
    return properties;
  }
  // Written out even at Lambda's defaults (-1: unbounded, false), so a stack update that turns
  // one back to its default sets it rather than leaving the old value on the mapping.
  properties.MaximumRetryAttempts = source.maximumRetryAttempts ?? UNBOUNDED;
  properties.MaximumRecordAgeInSeconds = source.maximumRecordAgeInSeconds ?? UNBOUNDED;
  properties.BisectBatchOnFunctionError = source.bisectBatchOnFunctionError;
  if (source.onFailure !== null) {
    sendAction(source.onFailure, where);
    properties.DestinationConfig = { OnFailure: { Destination: targetArn(source.onFailure) } };
  }
  return properties;
}

/**
 * The stage's failure queue (when a source asks for it) and the role statements that let Lambda
 * send discarded records to each destination: the exact queue or topic, nothing more.
 */
export function failureDestinationsFragment(ctx: Context): Fragment {
  const resources: Record<string, CloudFormationResource> = {};
  const statements: PolicyStatement[] = [];
  const seen = new Set<string>();
  for (const event of ctx.settings.events) {
    if (event.kind !== 'source' || !isStream(event.service) || event.eventSource.onFailure === null) continue;
    const target = event.eventSource.onFailure;
    if (seen.has(target)) continue;
    seen.add(target);
    const action = sendAction(target, `events: the ${event.service} source ${event.eventSource.arn}`);
    if (target === 'queue') {
      resources[FAILURE_QUEUE_ID] = {
        Type: 'AWS::SQS::Queue',
        // goes with the stage, like the dead-letter queue
        DeletionPolicy: 'Delete',
        UpdateReplacePolicy: 'Delete',
        Properties: withTags(
          { QueueName: `${ctx.names.stack}-source-failures`, MessageRetentionPeriod: FAILURE_QUEUE_RETENTION_SECONDS, SqsManagedSseEnabled: true },
          ctx.settings.tags,
        ),
      };
    }
    statements.push({
      Sid: target === 'queue' ? FAILURE_QUEUE_ID : `EventSourceFailure${shortHash(target, 10)}`,
      Effect: 'Allow',
      Action: action,
      Resource: targetArn(target),
    });
  }
  return { resources, statements };
}

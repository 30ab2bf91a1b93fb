/**
 * Event classification: what kind of invocation a Lambda event is. Checked in an order that
 * keeps look-alikes apart (a REQUEST authorizer event carries headers and a path like an HTTP
 * request, so authorizers are recognised before HTTP).
 */
import { KEEP_WARM_INPUT } from '../contract.js';
import { isTaskMessage, parseTaskMessage, type TaskMessage } from '../tasks/message.js';

export type RecordService = 's3' | 'sns' | 'sqs' | 'dynamodb' | 'kinesis';

export type EventKind =
  | { kind: 'keep-warm' }
  | { kind: 'task'; messages: TaskMessage[]; via: 'lambda' | 'sns' }
  | { kind: 'schedule'; ref: string }
  | { kind: 'invoke'; ref: string; args: unknown }
  | { kind: 'authorizer'; type: 'TOKEN' | 'REQUEST' }
  | { kind: 'records'; service: RecordService; arn: string }
  | { kind: 'http' }
  | { kind: 'unknown' };

const KEEP_WARM_KEY = Object.keys(KEEP_WARM_INPUT)[0] as string;
const SCHEDULE_KEY = 'tsappa:schedule';
const INVOKE_KEY = 'tsappa:invoke';

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isKeepWarm(event: unknown): boolean {
  return isObject(event) && event[KEEP_WARM_KEY] === true;
}

const RECORD_SOURCES: Record<string, RecordService> = {
  'aws:s3': 's3',
  'aws:sns': 'sns',
  'aws:sqs': 'sqs',
  'aws:dynamodb': 'dynamodb',
  'aws:kinesis': 'kinesis',
};

/** The ARN of the resource a record came from. */
export function recordSourceArn(service: RecordService, record: Obj): string | undefined {
  switch (service) {
    case 's3': {
      const bucket = isObject(record.s3) && isObject(record.s3.bucket) ? record.s3.bucket : undefined;
      if (typeof bucket?.arn === 'string') return bucket.arn;
      return typeof bucket?.name === 'string' ? `arn:aws:s3:::${bucket.name}` : undefined;
    }
    case 'sns':
      return isObject(record.Sns) && typeof record.Sns.TopicArn === 'string' ? record.Sns.TopicArn : undefined;
    default:
      return typeof record.eventSourceARN === 'string' ? record.eventSourceARN : undefined;
  }
}

function classifyRecords(records: unknown[]): EventKind {
  const first = records[0];
  if (!isObject(first)) return { kind: 'unknown' };
  const source = first.eventSource ?? first.EventSource;
  const service = typeof source === 'string' ? RECORD_SOURCES[source] : undefined;
  if (!service) return { kind: 'unknown' };
  if (service === 'sns') {
    const messages: TaskMessage[] = [];
    for (const record of records) {
      const text = isObject(record) && isObject(record.Sns) ? record.Sns.Message : undefined;
      const message = typeof text === 'string' ? parseTaskMessage(text) : null;
      if (message) messages.push(message);
    }
    if (messages.length === records.length) return { kind: 'task', messages, via: 'sns' };
  }
  const arn = recordSourceArn(service, first);
  return arn ? { kind: 'records', service, arn } : { kind: 'unknown' };
}

function isAuthorizerEvent(event: Obj): 'TOKEN' | 'REQUEST' | null {
  const arn = typeof event.methodArn === 'string' || typeof event.routeArn === 'string';
  if (!arn) return null;
  if (event.type === 'TOKEN' && typeof event.authorizationToken === 'string') return 'TOKEN';
  if (event.type === 'REQUEST') return 'REQUEST';
  return null;
}

export function classifyEvent(event: unknown, isHttpEvent: (event: unknown) => boolean): EventKind {
  if (!isObject(event)) return { kind: 'unknown' };
  if (event[KEEP_WARM_KEY] === true) return { kind: 'keep-warm' };
  if (isTaskMessage(event)) return { kind: 'task', messages: [event], via: 'lambda' };
  if (typeof event[SCHEDULE_KEY] === 'string') return { kind: 'schedule', ref: event[SCHEDULE_KEY] };
  if (typeof event[INVOKE_KEY] === 'string') {
    return { kind: 'invoke', ref: event[INVOKE_KEY], args: event.args };
  }
  const authorizer = isAuthorizerEvent(event);
  if (authorizer) return { kind: 'authorizer', type: authorizer };
  if (Array.isArray(event.Records) && event.Records.length > 0) return classifyRecords(event.Records);
  if (isHttpEvent(event)) return { kind: 'http' };
  return { kind: 'unknown' };
}

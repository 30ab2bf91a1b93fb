/**
 * Failure handling of event sources, per kind: the stream-only settings on a stream, partial
 * batch responses where Lambda accepts them, and a warning for retries that never end.
 */
import { isStream, streamOnlySettings, type ResolvedSettings } from '@tsappa/templates';
import type { RuleFinding } from './rules.js';

export function eventSourceFindings(s: ResolvedSettings): { errors: RuleFinding[]; warnings: RuleFinding[] } {
  const errors: RuleFinding[] = [];
  const warnings: RuleFinding[] = [];
  for (const [index, event] of s.events.entries()) {
    if (event.kind !== 'source') continue;
    const at = `events[${index}].eventSource`;
    const source = event.eventSource;
    if (!isStream(event.service)) {
      const why = event.service === 'sqs' ? 'an SQS queue moves failed messages to a dead-letter queue with its own redrive policy' : `Lambda does not poll ${event.service.toUpperCase()}`;
      for (const key of streamOnlySettings(source)) {
        errors.push({ path: `${at}.${key}`, message: `expected only on a DynamoDB or Kinesis stream source, found it on an ${event.service.toUpperCase()} source (${why})` });
      }
      if (event.service === 'sqs' && !source.reportBatchItemFailures) {
        warnings.push({
          path: `${at}.reportBatchItemFailures`,
          message: 'false: Lambda ignores a { batchItemFailures } answer; the runtime fails a batch whose answer names failed messages, so the whole batch is retried',
        });
      }
      if (event.service !== 'sqs' && source.reportBatchItemFailures) {
        errors.push({ path: `${at}.reportBatchItemFailures`, message: `expected only on SQS, DynamoDB or Kinesis sources, found it on an ${event.service.toUpperCase()} source` });
      }
      continue;
    }
    if (source.maximumRetryAttempts === -1 && (source.maximumRecordAgeInSeconds === null || source.maximumRecordAgeInSeconds === -1)) {
      warnings.push({
        path: `${at}.maximumRetryAttempts`,
        message: '-1 retries a failing batch until its records expire from the stream: one record the function cannot handle stops its shard until then',
      });
    }
    if (!source.reportBatchItemFailures) {
      warnings.push({
        path: `${at}.reportBatchItemFailures`,
        message: 'false: Lambda ignores a { batchItemFailures } answer; the runtime fails a batch whose answer names failed records, so the whole batch is retried',
      });
    }
    if (source.onFailure === null) {
      warnings.push({ path: `${at}.onFailure`, message: 'null: records discarded after the retries are lost (no queue or topic receives them)' });
    }
  }
  return { errors, warnings };
}

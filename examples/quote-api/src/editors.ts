/**
 * The editors' queue (stage `dev_queue`, an SQS event source): each message
 * `{ "quote": "…", "author": "…" }` becomes today's quote of the day, as the noon schedule's pick
 * does. A message that is not such JSON is reported in `batchItemFailures`: only it goes back to
 * the queue to be retried, the others are done.
 */
import { utcDate } from './quotes.js';
import { saveDailyQuote } from './store.js';

/** The part of an SQS event the handler reads (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html). */
export interface SqsEvent {
  Records: Array<{ messageId: string; body: string }>;
}

export interface BatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

function editorsPick(body: string): { quote: string; author: string } | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  const { quote, author } = (parsed ?? {}) as { quote?: unknown; author?: unknown };
  if (typeof quote !== 'string' || typeof author !== 'string' || quote.trim() === '' || author.trim() === '') return null;
  return { quote: quote.trim(), author: author.trim() };
}

export async function pickQuoteOfTheDay(event: SqsEvent): Promise<BatchResponse> {
  const batchItemFailures: BatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const pick = editorsPick(record.body);
    if (!pick) {
      console.log(`[editors] message ${record.messageId} is not { "quote", "author" }: left for a retry`);
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    await saveDailyQuote({ ...pick, date: utcDate() });
    console.log(`[editors] quote of the day from message ${record.messageId}: "${pick.quote}" (${pick.author})`);
  }
  return { batchItemFailures };
}

import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startLocalAws } from '../test/local-aws.js';
import { dailyQuoteOrFallback } from './daily.js';
import { pickQuoteOfTheDay } from './editors.js';
import { utcDate } from './quotes.js';

let local: Awaited<ReturnType<typeof startLocalAws>>;
beforeAll(async () => {
  local = await startLocalAws();
  vi.spyOn(console, 'log').mockImplementation(() => {});
});
afterAll(async () => {
  vi.restoreAllMocks();
  await local.close();
});

it("an editor's message becomes today's quote of the day; a malformed one alone is left for a retry", async () => {
  const answer = await pickQuoteOfTheDay({
    Records: [
      { messageId: 'm1', body: 'not json' },
      { messageId: 'm2', body: JSON.stringify({ quote: 'Less is more.', author: 'Ludwig Mies van der Rohe' }) },
      { messageId: 'm3', body: JSON.stringify({ quote: '', author: 'nobody' }) },
    ],
  });
  expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }, { itemIdentifier: 'm3' }] });
  expect(await dailyQuoteOrFallback()).toEqual({ quote: 'Less is more.', author: 'Ludwig Mies van der Rohe', date: utcDate() });
});

import { quoteForDay, utcDate } from './quotes.js';
import { dailyQuote, type DailyQuote } from './store.js';

/** The stored quote of the day, or the deterministic one until the noon schedule has run today. */
export async function dailyQuoteOrFallback(now = new Date()): Promise<DailyQuote> {
  const stored = await dailyQuote();
  if (stored && stored.date === utcDate(now)) return stored;
  return { ...quoteForDay(now), date: utcDate(now) };
}

/**
 * The two schedules of the stage (see `events` in tsappa.json):
 * - `cron(0 12 * * ? *)` noon UTC: choose the quote of the day and store it;
 * - `cron(0 2 * * ? *)` 2 am UTC: text it to every subscriber (one sendSms task each, so each
 *   message is retried on its own).
 */
import { dailyQuoteOrFallback } from './daily.js';
import { randomQuote, utcDate } from './quotes.js';
import { sendSms } from './sms.js';
import { saveDailyQuote, subscribers, type DailyQuote } from './store.js';

export async function setQuoteOfTheDay(): Promise<DailyQuote> {
  const quote = { ...randomQuote(), date: utcDate() };
  await saveDailyQuote(quote);
  console.log(`[schedule] quote of the day for ${quote.date}: "${quote.quote}" (${quote.author})`);
  return quote;
}

export async function publishQuoteOfTheDay(): Promise<{ sent: number }> {
  const quote = await dailyQuoteOrFallback();
  const mobiles = await subscribers();
  for (const mobile of mobiles) await sendSms(mobile, `"${quote.quote}" (${quote.author})`);
  console.log(`[schedule] quote of the day queued for ${mobiles.length} subscriber(s)`);
  return { sent: mobiles.length };
}

import { quoteOfTheDay } from './quotes.js';

/** Runs on cron(0 12 * * ? *): logs the quote of the day (stored in DynamoDB in a later step). */
export async function setQuoteOfTheDay(): Promise<void> {
  console.log(JSON.stringify({ quoteOfTheDay: quoteOfTheDay() }));
}

import { describe, expect, it } from 'vitest';
import { QUOTES, quoteForDay, randomQuote, utcDate } from './quotes.js';

describe('quotes', () => {
  it('gives everyone the same quote on the same UTC day, and another the next day', () => {
    const morning = new Date('2026-03-01T00:10:00Z');
    const evening = new Date('2026-03-01T23:50:00Z');
    expect(quoteForDay(morning)).toEqual(quoteForDay(evening));
    expect(quoteForDay(new Date('2026-03-02T00:10:00Z'))).not.toEqual(quoteForDay(morning));
  });

  it('picks random quotes from the list, edges included', () => {
    expect(randomQuote(() => 0)).toEqual(QUOTES[0]);
    expect(randomQuote(() => 0.999999)).toEqual(QUOTES[QUOTES.length - 1]);
  });

  it('formats UTC dates', () => {
    expect(utcDate(new Date('2026-03-01T23:59:59Z'))).toBe('2026-03-01');
  });
});

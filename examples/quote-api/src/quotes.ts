/** The quotes the API serves, and the quote of the day. */
export interface Quote {
  quote: string;
  author: string;
}

export const QUOTES: readonly Quote[] = [
  { quote: 'Simplicity is prerequisite for reliability.', author: 'Edsger W. Dijkstra' },
  { quote: 'Make it work, make it right, make it fast.', author: 'Kent Beck' },
  { quote: 'Premature optimization is the root of all evil.', author: 'Donald Knuth' },
  { quote: 'Programs must be written for people to read.', author: 'Harold Abelson' },
  { quote: 'The best error message is the one that never shows up.', author: 'Thomas Fuchs' },
];

/** Deterministic per day: everyone sees the same quote on the same UTC date. */
export function quoteOfTheDay(date = new Date()): Quote {
  const day = Math.floor(date.getTime() / 86_400_000);
  return QUOTES[day % QUOTES.length] as Quote;
}

export function randomQuote(random = Math.random): Quote {
  return QUOTES[Math.floor(random() * QUOTES.length)] as Quote;
}

/** The quotes the API serves, and how the quote of the day is chosen. */
export interface Quote {
  quote: string;
  author: string;
}

export const QUOTES: readonly Quote[] = [
  { quote: 'Simplicity is prerequisite for reliability.', author: 'Edsger W. Dijkstra' },
  { quote: 'Make it work, make it right, make it fast.', author: 'Kent Beck' },
  { quote: 'Premature optimization is the root of all evil.', author: 'Donald Knuth' },
  { quote: 'Programs must be written for people to read, and only incidentally for machines to execute.', author: 'Harold Abelson' },
  { quote: 'The best error message is the one that never shows up.', author: 'Thomas Fuchs' },
  { quote: 'Talk is cheap. Show me the code.', author: 'Linus Torvalds' },
  { quote: 'First, solve the problem. Then, write the code.', author: 'John Johnson' },
];

/** Deterministic per UTC day: the fallback until the noon schedule has stored one. */
export function quoteForDay(date = new Date()): Quote {
  const day = Math.floor(date.getTime() / 86_400_000);
  return QUOTES[day % QUOTES.length] as Quote;
}

export function randomQuote(random: () => number = Math.random): Quote {
  return QUOTES[Math.floor(random() * QUOTES.length) % QUOTES.length] as Quote;
}

/** `2026-11-21` */
export function utcDate(date = new Date()): string {
  return date.toISOString().slice(0, 10);
}

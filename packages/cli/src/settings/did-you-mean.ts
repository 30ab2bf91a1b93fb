import { closest, distance } from 'fastest-levenshtein';

/** The known key closest to `key`, when it is close enough to be a likely typo. */
export function didYouMean(key: string, known: readonly string[]): string | null {
  if (known.length === 0) return null;
  const lower = key.toLowerCase();
  const sameButCase = known.find((candidate) => candidate.toLowerCase() === lower);
  if (sameButCase) return sameButCase;
  const best = closest(key, [...known]);
  const limit = Math.max(2, Math.floor(best.length / 3));
  return distance(lower, best.toLowerCase()) <= limit ? best : null;
}

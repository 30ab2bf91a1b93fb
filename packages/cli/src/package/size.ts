import { PackageError } from './errors.js';
import type { ArchiveEntry, SizedItem } from './types.js';

/** Lambda's limit on code + layers, unzipped. */
export const LAMBDA_UNZIPPED_LIMIT = 250 * 1024 * 1024;

/** The package an entry belongs to (`node_modules/@scope/name`), else the entry itself. */
export function contributorOf(name: string): string {
  const parts = name.split('/');
  if (parts[0] !== 'node_modules' || parts.length < 3) return name;
  return parts[1]!.startsWith('@') && parts.length > 3 ? parts.slice(0, 3).join('/') : parts.slice(0, 2).join('/');
}

export function biggestEntries(entries: readonly ArchiveEntry[], count: number): SizedItem[] {
  return entries
    .map((e) => ({ name: e.name, bytes: e.size }))
    .sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : 1))
    .slice(0, count);
}

export function biggestContributors(entries: readonly ArchiveEntry[], count: number): SizedItem[] {
  const totals = new Map<string, number>();
  for (const e of entries) {
    const key = contributorOf(e.name);
    totals.set(key, (totals.get(key) ?? 0) + e.size);
  }
  return [...totals]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : 1))
    .slice(0, count);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Throws, before anything is written or uploaded, when the unzipped size is over the limit. */
export function checkUnzippedSize(
  entries: readonly ArchiveEntry[],
  options: { limit: number; slimHandler: boolean; what: string },
): void {
  const total = entries.reduce((sum, e) => sum + e.size, 0);
  if (total <= options.limit) return;
  const top = biggestContributors(entries, 10)
    .map((c) => `  ${formatBytes(c.bytes).padStart(10)}  ${c.name}`)
    .join('\n');
  const hint = options.slimHandler
    ? 'Even with slimHandler the app archive must fit in /tmp and memory: raise ephemeralStorage, trim dependencies or add exclude globs.'
    : 'Set "slimHandler": true to ship a small handler and load the app from S3 at cold start, or add exclude globs / move packages to devDependencies.';
  throw new PackageError(
    `${options.what} is ${formatBytes(total)} unzipped, over the ${formatBytes(options.limit)} Lambda limit.\n` +
      `Biggest contributors:\n${top}\n${hint}`,
    { setting: 'slimHandler' },
  );
}

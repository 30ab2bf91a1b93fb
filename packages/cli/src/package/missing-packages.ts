/**
 * Packages that are required but not installed. Inside node_modules they are optional
 * requires (left to run time, see bundle.ts); in the app's own code they are an error that
 * says what to do.
 */
import { relative, sep } from 'node:path';
import type { Message } from 'esbuild';
import { isBuiltin, packageNameOf } from './packages.js';

export interface MissingPackage {
  name: string;
  /** the file that requires it (absolute) */
  importer: string;
}

const COULD_NOT_RESOLVE = /^Could not resolve "([^"]+)"/;

/** esbuild's "Could not resolve" for a bare package name in the app's code, rewritten with the remedy; else null. */
export function missingPackageError(message: Message): string | null {
  const specifier = COULD_NOT_RESOLVE.exec(message.text)?.[1];
  if (!specifier || isBuiltin(specifier)) return null;
  const name = packageNameOf(specifier);
  if (!name) return null;
  const file = message.location?.file ?? 'the app';
  return (
    `${file} imports "${specifier}", but the package "${name}" is not installed. ` +
    `Install it (npm install ${name}); or, if Lambda provides it at run time (a layer), list "${name}" in "external"; ` +
    `or set "bundle": false to ship node_modules as they are.`
  );
}

const SHOWN_NAMES = 6;

/** One line for the package summary: optional packages left as run-time requires, by who requires them. */
export function describeMissing(missing: readonly MissingPackage[], projectDir: string): string | null {
  if (missing.length === 0) return null;
  const byImporter = new Map<string, string[]>();
  for (const m of missing) {
    const at = m.importer.split(sep).lastIndexOf('node_modules');
    const parts = m.importer.split(sep);
    const owner = at >= 0 ? (parts[at + 1]?.startsWith('@') ? `${parts[at + 1]}/${parts[at + 2]}` : parts[at + 1]) : relative(projectDir, m.importer);
    const list = byImporter.get(owner ?? m.importer) ?? [];
    list.push(m.name);
    byImporter.set(owner ?? m.importer, list);
  }
  const parts = [...byImporter].map(([owner, names]) => {
    const sorted = names.sort();
    const shown = sorted.slice(0, SHOWN_NAMES).join(', ');
    return `${owner} (${sorted.length > SHOWN_NAMES ? `${shown} and ${sorted.length - SHOWN_NAMES} more` : shown})`;
  });
  return `optional packages that are not installed stay run-time requires, an error only if that code runs: ${parts.join('; ')}`;
}

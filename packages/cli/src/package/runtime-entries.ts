/** The zip entries of the files an app needs at run time (runtime-needs.ts), never a secret, with warnings for what is left out. */
import { readFileSync, statSync } from 'node:fs';
import type { UnbundledPackage } from './bundle.js';
import { globMatcher, isSecretFile } from './filters.js';
import { PLATFORM_PACKAGE } from './native.js';
import type { RuntimeNeeds } from './runtime-needs.js';
import type { ArchiveEntry } from './types.js';

export function runtimeFileEntries(needs: RuntimeNeeds, exclude: readonly string[]): { entries: ArchiveEntry[]; warnings: string[] } {
  const isExcluded = globMatcher(exclude);
  const entries: ArchiveEntry[] = [];
  const warnings: string[] = [];
  for (const { file, name, kind } of needs.files) {
    const what = kind === 'asset' ? 'read at run time' : 'loaded at run time';
    if (isSecretFile(name, () => readFileSync(file, 'utf8'))) {
      warnings.push(`${name} is ${what}, but it looks like a secret and is never packaged: the deployed app will not find it`);
      continue;
    }
    if (isExcluded(name)) {
      warnings.push(`${name} is ${what}, but "exclude" leaves it out of the package: the deployed app will not find it`);
      continue;
    }
    entries.push({ name, source: file, size: statSync(file).size });
  }
  return { entries, warnings };
}

/** The packages the trace found, as the packager's unbundled packages (shipped under node_modules). */
export function neededPackages(needs: RuntimeNeeds, relativeTo: (file: string) => string): UnbundledPackage[] {
  // a platform's binary package (`@img/sharp-linux-x64`) traced on this machine is the host's:
  // its native parent is installed for the target, with the target's own binary package
  return needs.packages.filter(({ pkg }) => !PLATFORM_PACKAGE.test(pkg.name)).map(({ pkg, by }) => ({
    ...pkg,
    native: false,
    reason: `required at run time by ${relativeTo(by)}, which the bundle cannot follow`,
  }));
}

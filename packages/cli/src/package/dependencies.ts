import { PackageError } from './errors.js';
import { NODE_MODULES_PRUNE_PATTERNS, globMatcher, isSecretPath } from './filters.js';
import { findInstalledPackage, productionDependencies, type InstalledPackage } from './packages.js';
import type { ArchiveEntry } from './types.js';
import { walkFiles } from './walk.js';

/** Where each package of a production tree goes inside the zip: `node_modules/a/node_modules/b` → package. */
export type Layout = Map<string, InstalledPackage>;

const placementOf = (parent: string, name: string) => `${parent ? `${parent}/` : ''}node_modules/${name}`;

/** The placements Node would look at, nearest first, when code at `placement` requires `name`. */
function lookupChain(placement: string, name: string): string[] {
  const chain: string[] = [];
  let current = placement;
  for (;;) {
    chain.push(placementOf(current, name));
    const cut = current.lastIndexOf('/node_modules/');
    if (cut < 0) break;
    current = current.slice(0, cut);
  }
  if (placement !== '') chain.push(placementOf('', name));
  return [...new Set(chain)];
}

/**
 * The production dependency closure of `roots`, laid out like a hoisted npm install: every
 * package at the top level unless another version holds the name, then nested under its
 * dependent. Dependencies are found from each package's real directory, so npm, yarn and pnpm
 * (symlinked) layouts and workspace links all work.
 */
export function productionLayout(roots: readonly InstalledPackage[]): Layout {
  const layout: Layout = new Map();
  const queue: Array<[string, InstalledPackage]> = [];
  for (const root of roots) {
    const at = placementOf('', root.name);
    const existing = layout.get(at);
    if (existing && existing.dir !== root.dir) continue; // first root wins the top-level name
    if (!existing) {
      layout.set(at, root);
      queue.push([at, root]);
    }
  }
  while (queue.length > 0) {
    const [placement, pkg] = queue.shift()!;
    for (const dep of productionDependencies(pkg.json)) {
      const found = findInstalledPackage(dep.name, pkg.dir);
      if (!found) {
        if (dep.optional) continue;
        throw new PackageError(
          `${pkg.name}@${pkg.version} depends on ${dep.name}, which is not installed (looked from ${pkg.dir}). Run your package manager's install first.`,
          { file: `${pkg.dir}/package.json` },
        );
      }
      const chain = lookupChain(placement, dep.name);
      const nearest = chain.find((p) => layout.has(p));
      if (nearest && layout.get(nearest)!.dir === found.dir) continue;
      const target = nearest ? placementOf(placement, dep.name) : placementOf('', dep.name);
      layout.set(target, found);
      queue.push([target, found]);
    }
  }
  return layout;
}

const prune = globMatcher(NODE_MODULES_PRUNE_PATTERNS);

/** The files of a layout, pruned of tests, docs, TypeScript sources, maps and secrets. */
export function layoutEntries(layout: Layout): ArchiveEntry[] {
  const entries: ArchiveEntry[] = [];
  for (const [placement, pkg] of layout) {
    for (const file of walkFiles(pkg.dir, (_rel, name) => name === 'node_modules' || name === '.git')) {
      if (file.rel !== 'package.json' && prune(file.rel)) continue;
      if (isSecretPath(file.rel)) continue;
      entries.push({ name: `${placement}/${file.rel}`, source: file.abs, size: file.size });
    }
  }
  return entries;
}

/** Production entries of an installed `node_modules` directory (the npm staging install). */
export function nodeModulesEntries(nodeModulesDir: string, prefix = 'node_modules'): ArchiveEntry[] {
  const entries: ArchiveEntry[] = [];
  for (const file of walkFiles(nodeModulesDir, (_rel, name) => name === '.bin' || name === '.git')) {
    if (file.rel === '.package-lock.json') continue;
    const inPackage = file.rel.replace(/^(@[^/]+\/)?[^/]+\//, '');
    if (!inPackage.endsWith('package.json') && prune(inPackage)) continue;
    if (isSecretPath(file.rel)) continue;
    entries.push({ name: `${prefix}/${file.rel}`, source: file.abs, size: file.size });
  }
  return entries;
}

export function resolveRoots(names: readonly string[], fromDir: string, why: string): InstalledPackage[] {
  return names.map((name) => {
    const pkg = findInstalledPackage(name, fromDir);
    if (!pkg) {
      throw new PackageError(`${why}: package "${name}" is not installed (looked from ${fromDir}). Run npm install first.`, {
        file: fromDir,
      });
    }
    return pkg;
  });
}

import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';

/** The subset of package.json the packager reads. */
export interface PackageJson {
  name?: string;
  version?: string;
  type?: string;
  gypfile?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Record<string, string>;
}

export interface InstalledPackage {
  name: string;
  version: string;
  /** real path of the package directory */
  dir: string;
  json: PackageJson;
}

const BUILTINS = new Set(builtinModules);

export function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || BUILTINS.has(specifier) || BUILTINS.has(specifier.split('/')[0]!);
}

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`; null for relative or absolute paths. */
export function packageNameOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.includes(':')) return null;
  const parts = specifier.split('/');
  if (specifier.startsWith('@')) return parts.length >= 2 ? `${parts[0]}/${parts[1]}` : null;
  return parts[0] ?? null;
}

export function readPackageJson(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/**
 * Finds an installed package the way Node does: `node_modules/<name>` in `fromDir` and each of
 * its parents. Works for npm, yarn (node_modules linker) and pnpm (symlinks are followed).
 */
export function findInstalledPackage(name: string, fromDir: string): InstalledPackage | null {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) {
      const real = realpathSync(candidate);
      const json = readPackageJson(real);
      return { name, version: json.version ?? '0.0.0', dir: real, json };
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** The directory holding the nearest package.json at or above `fromDir`. */
export function findPackageRoot(fromDir: string): string | null {
  let dir = fromDir;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && statSync(join(dir, 'package.json')).isFile()) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** Production dependency names of a package: dependencies, optional and non-optional peers. */
export function productionDependencies(json: PackageJson): { name: string; optional: boolean }[] {
  const out = new Map<string, boolean>();
  for (const name of Object.keys(json.dependencies ?? {})) out.set(name, false);
  for (const name of Object.keys(json.optionalDependencies ?? {})) out.set(name, true);
  for (const name of Object.keys(json.peerDependencies ?? {})) {
    if (!out.has(name)) out.set(name, json.peerDependenciesMeta?.[name]?.optional ?? true);
  }
  return [...out].map(([name, optional]) => ({ name, optional }));
}

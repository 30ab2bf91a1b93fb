/**
 * A stand-in for the AWS SDK that Lambda's Node.js runtime provides in /var/runtime/node_modules:
 * a `node_modules` directory holding symbolic links to the `@aws-sdk/*` packages installed for the
 * project (or, for those it lacks, for the CLI) and to their dependency closure, flattened as the
 * runtime's is. Nothing else of the project is in it, so a package the zip lacks fails locally as
 * it would in Lambda.
 */
import { existsSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { mkdir, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const SDK_SCOPE = '@aws-sdk';

interface PackageJson {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** `dir` and each directory above it, nearest first. */
export function ancestors(dir: string): string[] {
  const list = [dir];
  for (let parent = dirname(dir); parent !== list[list.length - 1]; parent = dirname(parent)) list.push(parent);
  return list;
}

/** The directory of package `name` as Node would find it from `fromDir` (its real path), or null. */
export function findPackageDir(name: string, fromDir: string): string | null {
  for (const dir of ancestors(fromDir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
  }
  return null;
}

/** Every `@aws-sdk/*` package Node can find from `fromDir`, by name (the nearest install wins). */
export function installedSdkPackages(fromDir: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const dir of ancestors(fromDir)) {
    const scope = join(dir, 'node_modules', SDK_SCOPE);
    if (!existsSync(scope)) continue;
    for (const entry of readdirSync(scope).sort()) {
      const name = `${SDK_SCOPE}/${entry}`;
      if (found.has(name)) continue;
      const pkg = findPackageDir(name, dir);
      if (pkg) found.set(name, pkg);
    }
  }
  return found;
}

/**
 * The packages `roots` need at run time (dependencies and installed optional dependencies, each
 * found from the package that needs it), roots included. A name keeps the first directory found.
 */
export function dependencyClosure(roots: ReadonlyMap<string, string>): Map<string, string> {
  const closure = new Map(roots);
  const queue = [...roots.values()];
  for (let dir = queue.shift(); dir !== undefined; dir = queue.shift()) {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      if (closure.has(name)) continue;
      const found = findPackageDir(name, dir);
      if (!found) continue; // an optional dependency not installed on this platform
      closure.set(name, found);
      queue.push(found);
    }
  }
  return closure;
}

export interface SdkStandIn {
  /** the `node_modules` directory to put on NODE_PATH */
  nodeModules: string;
  /** the `@aws-sdk/*` packages it provides */
  sdkPackages: string[];
  /** every package it provides (the SDK packages and their dependencies) */
  packageCount: number;
}

/**
 * Creates `<into>/node_modules` with the SDK found from `searchFrom` (in order: the first
 * directory's packages win, later ones only add the names still missing).
 */
export async function createSdkStandIn(into: string, searchFrom: readonly string[]): Promise<SdkStandIn> {
  const roots = new Map<string, string>();
  for (const dir of searchFrom) {
    for (const [name, pkg] of installedSdkPackages(dir)) if (!roots.has(name)) roots.set(name, pkg);
  }
  const closure = dependencyClosure(roots);
  const nodeModules = join(into, 'node_modules');
  await mkdir(nodeModules, { recursive: true });
  for (const [name, target] of closure) {
    const link = join(nodeModules, name);
    await mkdir(dirname(link), { recursive: true });
    // 'junction' matters on Windows only (no privilege needed); elsewhere it is a plain symlink
    await symlink(target, link, 'junction');
  }
  return { nodeModules, sdkPackages: [...roots.keys()].sort(), packageCount: closure.size };
}

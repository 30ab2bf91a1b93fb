/**
 * What the bundle lacks, from the trace (trace.ts) and the set of files esbuild bundled:
 * - files the app reads at run time (views, static folders, templates), shipped at their own
 *   places (zip-paths.ts);
 * - project modules loaded by a computed path (e.g. @fastify/autoload's `plugins/` and
 *   `routes/`), shipped as they are and loaded by Node;
 * - packages that must be on disk under `node_modules`: those required by a computed name
 *   that esbuild could not follow (express's view engine, `pug`), those that modules loaded by
 *   Node (the previous point) require, and those that require their own files by a computed
 *   path (they must not be bundled at all: `forceExternal`).
 */
import { existsSync } from 'node:fs';
import { sep } from 'node:path';
import { readPackageJson, type InstalledPackage } from './packages.js';
import { isRuntimeProvidedPackage, isToolchainPackage } from './toolchain.js';
import type { RuntimeTrace } from './trace.js';
import { zipPathOf } from './zip-paths.js';

/** Files Node loads as code (a module, a JSON module, a native addon). */
const CODE_FILE = /\.(c|m)?js$|\.json$|\.node$/;
const TYPESCRIPT_SOURCE = /\.(c|m)?tsx?$/;

export interface RuntimeFile {
  /** absolute path on this machine */
  file: string;
  /** path inside the zip */
  name: string;
  /** `asset` (read at run time) or `module` (loaded by Node at run time) */
  kind: 'asset' | 'module';
}

export interface NeededPackage {
  pkg: InstalledPackage;
  /** a file of the package the app loads at run time, and which file loads it */
  file: string;
  by: string;
}

export interface RuntimeNeeds {
  files: RuntimeFile[];
  /** packages to ship under node_modules, installed for the target */
  packages: NeededPackage[];
  /** packages whose own code loads their files by a computed path: bundle them not at all */
  forceExternal: string[];
  /** things the package cannot carry: TypeScript loaded by a computed path */
  warnings: string[];
}

/** The package directory (right under the last `node_modules/`) that holds `file`, and its name; null outside node_modules. */
function packageDirOf(file: string): { name: string; dir: string } | null {
  const posix = file.split(sep).join('/');
  const at = posix.lastIndexOf('/node_modules/');
  if (at < 0) return null;
  const parts = posix.slice(at + '/node_modules/'.length).split('/');
  const depth = parts[0]?.startsWith('@') ? 2 : 1;
  if (parts.length <= depth) return null;
  const name = parts.slice(0, depth).join('/');
  return { name, dir: `${posix.slice(0, at)}/node_modules/${name}` };
}

function readInstalled({ name, dir }: { name: string; dir: string }): InstalledPackage | null {
  if (!existsSync(`${dir}/package.json`)) return null;
  const json = readPackageJson(dir);
  return { name, version: json.version ?? '0.0.0', dir, json };
}

/** The installed package that holds a file, reading each package.json once: a trace names hundreds of files of one package. */
function packageLookup(): (file: string) => InstalledPackage | null {
  const byDir = new Map<string, InstalledPackage | null>();
  return (file) => {
    const located = packageDirOf(file);
    if (!located) return null;
    let pkg = byDir.get(located.dir);
    if (pkg === undefined) {
      pkg = readInstalled(located);
      byDir.set(located.dir, pkg);
    }
    return pkg;
  };
}

const isCode = (types: readonly string[]) => types.includes('initial') || types.includes('dependency') || types.includes('sharedlib');

export function runtimeNeeds(trace: RuntimeTrace, bundled: ReadonlySet<string>, projectDir: string): RuntimeNeeds {
  const packageOf = packageLookup();
  const files: RuntimeFile[] = [];
  const packages = new Map<string, NeededPackage>();
  const forceExternal = new Set<string>();
  const warnings: string[] = [];
  const bundledPackages = new Set<string>();
  for (const file of bundled) {
    const pkg = packageOf(file);
    if (pkg) bundledPackages.add(pkg.dir);
  }
  /** loaded by Node from disk at run time (not part of the bundle) */
  const loadedByNode = (file: string) => {
    const traced = trace.get(file);
    return traced !== undefined && isCode(traced.types) && CODE_FILE.test(file) && !bundled.has(file);
  };

  for (const [file, traced] of trace) {
    if (bundled.has(file)) continue;
    const pkg = packageOf(file);
    if (pkg && (isRuntimeProvidedPackage(pkg.name) || isToolchainPackage(pkg.name))) continue;
    if (isCode(traced.types) && CODE_FILE.test(file)) {
      if (!pkg) {
        const name = zipPathOf(file, projectDir);
        if (name !== null) files.push({ file, name, kind: 'module' });
        continue;
      }
      const ownBundledParent = traced.parents.some((p) => bundled.has(p) && packageOf(p)?.dir === pkg.dir);
      if (ownBundledParent && file.endsWith('.json')) {
        // JSON a bundled module requires by a computed path (its own package.json): the file is
        // enough, since each bundled module's __dirname names its original place
        const name = zipPathOf(file, projectDir);
        if (name !== null) files.push({ file, name, kind: 'asset' });
        continue;
      }
      if (ownBundledParent) forceExternal.add(pkg.name);
      // a package partly bundled is otherwise another entry point of the same package (export
      // conditions): the second loop below ships it when code loaded by Node needs it
      if ((ownBundledParent || !bundledPackages.has(pkg.dir)) && !packages.has(pkg.dir)) {
        packages.set(pkg.dir, { pkg, file, by: traced.parents[0] ?? file });
      }
      continue;
    }
    if (isCode(traced.types) && TYPESCRIPT_SOURCE.test(file) && !pkg) {
      warnings.push(
        `${zipPathOf(file, projectDir) ?? file} is TypeScript loaded at run time by a computed path; the bundle cannot include it. Set "bundle": false, or import it statically.`,
      );
      continue;
    }
    if (traced.types.includes('asset')) {
      const name = zipPathOf(file, projectDir);
      if (name !== null) files.push({ file, name, kind: 'asset' });
    }
  }
  // bundled packages that code loaded by Node requires must be on disk too
  for (const [file, traced] of trace) {
    const pkg = packageOf(file);
    if (!pkg || packages.has(pkg.dir) || !bundledPackages.has(pkg.dir) || !CODE_FILE.test(file)) continue;
    if (isRuntimeProvidedPackage(pkg.name) || isToolchainPackage(pkg.name)) continue;
    const by = traced.parents.find((p) => loadedByNode(p) && packageOf(p)?.dir !== pkg.dir);
    if (by) packages.set(pkg.dir, { pkg, file, by });
  }
  return { files, packages: [...packages.values()], forceExternal: [...forceExternal].sort(), warnings };
}

/**
 * Packages that cannot work bundled, whatever the app does with them, and so are always shipped
 * as files under node_modules:
 * - `@nestjs/observe` (which `nest new` adds to every new app) starts a worker thread from its
 *   own functions' source text (`new Worker(fn.toString(), { eval: true })`); once bundled,
 *   that text names the bundle's helpers (`__require`, `__name`), which the worker does not
 *   have, and it fails and restarts forever.
 *
 * A package left out of the bundle takes its peer dependencies with it (`withPeers`): peers are
 * meant to be one shared instance (Nest's DI container, a framework's plugin registry), and a
 * bundled copy beside a node_modules copy would be two. For `@nestjs/observe` that is all of
 * Nest, loaded file by file at every cold start (690 ms of init against 385 ms bundled, a new
 * Nest app on Node 22). So where the files whose functions it stringifies are known (VERBATIM_FILES,
 * modules that import nothing), only they ship as written and the rest of the package is bundled;
 * for any other version of the package, the whole package stays out as before.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findInstalledPackage } from './packages.js';

const NEVER_BUNDLED: Readonly<Record<string, string>> = {
  '@nestjs/observe': "it runs its own functions' source in a worker thread, which bundling breaks",
};

/** Per package: the files whose functions' source text it runs elsewhere (relative to the package directory). */
export type VerbatimTable = Readonly<Record<string, readonly string[]>>;

const VERBATIM_FILES: VerbatimTable = {
  // detachedWorkerSource() in dist/agent/detached-observe-worker.assembly.js stringifies these three
  '@nestjs/observe': ['dist/agent/detached-observe-worker.js', 'dist/agent/telemetry-wire-contract.js', 'dist/utils/ingest-refusal.util.js'],
};

/**
 * What a verbatim file must not have: an import or re-export at the start of a line (`import x
 * from`, `import 'x'`, `import(`, `export * from`), or a require or import() of a relative path. It would load
 * a module the zip does not ship beside it (a builtin required inside a stringified function is fine).
 */
const IMPORTS_A_MODULE = /^\s*(?:import\b\s*[\w*{"'(]|export\s*(?:\*|\{[^}]*\})\s*from\b)|\b(?:require|import)\s*\(\s*["'`]\.{1,2}\//m;

/** A package of the table whose listed files are all installed and import nothing: they can ship as written. */
export interface VerbatimPackage {
  name: string;
  /** the installed package directory */
  dir: string;
  /** absolute path → its path in the zip (`node_modules/<name>/<file>`) */
  files: Map<string, string>;
}

/** The packages of `table` whose listed files are all installed, and import nothing. */
export function verbatimPackages(projectDir: string, table: VerbatimTable = VERBATIM_FILES): VerbatimPackage[] {
  const out: VerbatimPackage[] = [];
  for (const [name, listed] of Object.entries(table)) {
    const pkg = findInstalledPackage(name, projectDir);
    if (!pkg) continue;
    const files = new Map<string, string>();
    for (const file of listed) {
      const path = join(pkg.dir, file);
      if (!existsSync(path) || IMPORTS_A_MODULE.test(readFileSync(path, 'utf8'))) break;
      files.set(path, `node_modules/${name}/${file}`);
    }
    if (files.size === listed.length) out.push({ name, dir: pkg.dir, files });
  }
  return out;
}

/** Why a package is never bundled, or null. */
export function neverBundledReason(name: string): string | null {
  return NEVER_BUNDLED[name] ?? null;
}

/** `names` and, transitively, the installed peer dependencies of each (looked up from `projectDir`). */
export function withPeers(names: readonly string[], projectDir: string): string[] {
  const out = new Set<string>();
  const queue = [...names];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (out.has(name)) continue;
    out.add(name);
    const pkg = findInstalledPackage(name, projectDir);
    for (const peer of Object.keys(pkg?.json.peerDependencies ?? {})) {
      if (!out.has(peer) && findInstalledPackage(peer, pkg!.dir)) queue.push(peer);
    }
  }
  return [...out].sort();
}

/**
 * The installed packages of the project that are never bundled, with their peers; `bundled`
 * names those bundled after all, their verbatim files shipped as written (verbatimPackages).
 */
export function alwaysExternal(projectDir: string, bundled: readonly VerbatimPackage[] = []): string[] {
  const installed = Object.keys(NEVER_BUNDLED).filter((name) => !bundled.some((p) => p.name === name) && findInstalledPackage(name, projectDir) !== null);
  return installed.length === 0 ? [] : withPeers(installed, projectDir);
}

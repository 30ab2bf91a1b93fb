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
 * Nest, loaded file by file at every cold start (a new Nest app on Node 22: 808 ms of init CPU,
 * 362 ms bundled). So where the files whose functions it stringifies are known
 * (verbatim-files.ts), only they ship as written and the rest of the package is bundled; for any
 * other version of the package, the whole package stays out as before.
 */
import { findInstalledPackage } from './packages.js';
import type { VerbatimPackage } from './verbatim-files.js';

const NEVER_BUNDLED: Readonly<Record<string, string>> = {
  '@nestjs/observe': "it runs its own functions' source in a worker thread, which bundling breaks",
};

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

/**
 * Packages that cannot work bundled, whatever the app does with them, and so are always shipped
 * as files under node_modules:
 * - `@nestjs/observe` (which `nest new` adds to every new app) starts a worker thread from its
 *   own functions' source text (`new Worker(fn.toString(), { eval: true })`); once bundled,
 *   that text names the bundle's renamed helpers, and the worker fails and restarts forever.
 *
 * A package left out of the bundle takes its peer dependencies with it (`withPeers`): peers are
 * meant to be one shared instance (Nest's DI container, a framework's plugin registry), and a
 * bundled copy beside a node_modules copy would be two.
 */
import { findInstalledPackage } from './packages.js';

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

/** The installed packages of the project that are never bundled, with their peers. */
export function alwaysExternal(projectDir: string): string[] {
  const installed = Object.keys(NEVER_BUNDLED).filter((name) => findInstalledPackage(name, projectDir) !== null);
  return installed.length === 0 ? [] : withPeers(installed, projectDir);
}

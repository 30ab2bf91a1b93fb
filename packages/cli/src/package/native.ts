import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { InstalledPackage } from './packages.js';

/** Dependencies that only native addons have. */
const NATIVE_HELPERS = new Set([
  'bindings',
  'node-gyp-build',
  'node-gyp-build-optional-packages',
  'prebuild-install',
  'node-pre-gyp',
  '@mapbox/node-pre-gyp',
  'cmake-js',
  'napi-build-utils',
]);

/** Optional dependencies named after a platform (`@node-rs/argon2-linux-x64-gnu`, `@img/sharp-linux-arm64`). */
export const PLATFORM_PACKAGE = /(^|[-/])(linux|darwin|win32|freebsd|android)-(x64|arm64|ia32|arm)\b/;

/** Looks for `.node` files or `binding.gyp` a few levels deep (not inside nested node_modules). */
function findNativeFile(dir: string, depth: number): string | null {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return null;
  }
  for (const entry of entries) {
    if (entry.isFile() && (entry.name.endsWith('.node') || entry.name === 'binding.gyp')) return entry.name;
  }
  if (depth === 0) return null;
  for (const entry of entries) {
    if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) {
      const found = findNativeFile(join(dir, entry.name), depth - 1);
      if (found) return `${entry.name}/${found}`;
    }
  }
  return null;
}

/** Why a package is a native addon that esbuild cannot bundle, or null when it is plain JavaScript. */
export function nativeReason(pkg: InstalledPackage): string | null {
  const { json } = pkg;
  if (json.gypfile) return 'package.json "gypfile"';
  if (existsSync(join(pkg.dir, 'binding.gyp'))) return 'binding.gyp';
  const deps = { ...json.dependencies, ...json.optionalDependencies };
  const helper = Object.keys(deps).find((d) => NATIVE_HELPERS.has(d));
  if (helper) return `depends on ${helper}`;
  const platform = Object.keys(json.optionalDependencies ?? {}).find((d) => PLATFORM_PACKAGE.test(d));
  if (platform) return `platform-specific binary package ${platform}`;
  const file = findNativeFile(pkg.dir, 4);
  if (file) return `contains ${file}`;
  return null;
}

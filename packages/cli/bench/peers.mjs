/**
 * The cold-start benchmark's packages of one app, each zipped and extracted into its own task
 * root as Lambda would: the one-line floor (`async () => ({ statusCode: 200 })`), tsappa's
 * package (`buildPackage`, as `tsappa package` builds it), and naive zips of the app with
 * serverless-http and with @codegenie/serverless-express. Next to every task root, a
 * node_modules link to the repository's stands in for the AWS SDK Lambda provides.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stageNaivePackage } from './naive-zip.mjs';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function run(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')}: exit ${code}\n${err}`))));
  });
}

/** Zips `staging`, extracts the zip into `<dir>/task`; returns the task root and the zip's size. */
async function zipAndExtract(staging, dir) {
  const zip = join(dir, 'package.zip');
  await mkdir(dir, { recursive: true });
  await run('zip', ['-r', '-q', '-X', zip, '.'], { cwd: staging });
  return extract(zip, dir);
}

async function extract(zip, dir) {
  const taskRoot = join(dir, 'task');
  await mkdir(taskRoot, { recursive: true });
  await run('unzip', ['-q', zip, '-d', taskRoot]);
  await symlink(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return { taskRoot, zipBytes: (await stat(zip)).size };
}

/**
 * `{ work, peers }`: each peer is `{ label, taskRoot, handler, env, zipBytes, keepWarm }` (keepWarm:
 * whether it answers tsappa's keep-warm ping). `remove()` deletes everything. `sourceMaps: 'all'`
 * maps the libraries and the runtime in tsappa's package too (the profiler's time by package).
 */
export async function buildPeers(lib, settings, { only = null, sourceMaps = 'app' } = {}) {
  const work = await mkdtemp(join(tmpdir(), 'tsappa-bench-cold-'));
  const peers = [];
  const production = { NODE_ENV: 'production' };
  const wanted = (label) => only === null || only.includes(label);

  if (wanted('one-line floor')) {
    const floorStaging = join(work, 'floor-staging');
    await mkdir(floorStaging);
    await writeFile(join(floorStaging, 'index.mjs'), 'export const handler = async () => ({ statusCode: 200 });\n');
    peers.push({ label: 'one-line floor', handler: 'index.handler', env: production, keepWarm: true, ...(await zipAndExtract(floorStaging, join(work, 'floor'))) });
  }

  if (wanted('tsappa')) {
    const result = await lib.buildPackage(settings, { outFile: join(work, 'tsappa.zip'), install: 'copy', sourceMaps });
    await mkdir(join(work, 'tsappa'));
    peers.push({ label: 'tsappa', handler: result.handler, env: production, keepWarm: true, ...(await extract(result.path, join(work, 'tsappa'))) });
  }

  for (const [label, adapter] of [['naive serverless-http', 'serverless-http'], ['naive serverless-express', '@codegenie/serverless-express']]) {
    if (!wanted(label)) continue;
    const staging = await stageNaivePackage(lib, settings, adapter, 'handler.mjs');
    const dir = join(work, adapter.replace(/\W+/g, '-'));
    peers.push({ label, handler: 'handler.handler', env: production, keepWarm: false, ...(await zipAndExtract(staging, dir)) });
    await rm(staging, { recursive: true, force: true });
  }
  return { work, peers, remove: () => rm(work, { recursive: true, force: true }) };
}

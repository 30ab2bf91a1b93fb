#!/usr/bin/env node
/**
 * A CPU profile of one cold start (`node --cpu-prof`) of tsappa's package of a benchmark app,
 * run through the Lambda Runtime API loader on Node 22 exactly as the cold-start benchmark runs
 * it: spawn, init, one HTTP request, exit. Prints where the time went: self time by script
 * (Node's own module loader, the entry, each chunk, the runtime client) and the top functions.
 *
 *   node bench/profile-cold-start.mjs [trivial|express|quote]   (default express)
 *   BENCH_PROFILE_PEER="naive serverless-http" profiles another peer of the benchmark
 *   BENCH_PROFILE_KEEP=1 keeps the .cpuprofile (open it in Chrome DevTools)
 *
 * For tsappa's package it also prints the time by npm package: each sample goes to the innermost
 * frame of the bundle whose source (the package is built with `sourceMaps: 'all'`; maps are read
 * only here, after the run) lies in a package, Node's own work that frame caused included.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { nodeBinary } from '../../../scripts/node-binary.mjs';
import { APPS, httpEvent } from './cold-start.mjs';
import { startContainer } from './lambda/container.mjs';
import { loadLibrary } from './library.mjs';
import { buildPeers } from './peers.mjs';

const which = process.argv[2] ?? 'express';
const label = process.env.BENCH_PROFILE_PEER ?? 'tsappa';
const app = APPS.find((a) => a.name.startsWith(which));
if (!app) throw new Error(`no app "${which}"; expected trivial, express or quote`);

/** Self time (ms) of each node of a .cpuprofile, keyed by `key(callFrame)`. */
function selfTimes(profile, key) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const k = key(node.callFrame);
    totals.set(k, (totals.get(k) ?? 0) + profile.timeDeltas[i] / 1000);
  }
  return [...totals.entries()].sort((a, b) => b[1] - a[1]);
}

function scriptOf({ url, functionName }) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:internal/modules') || url.startsWith('node:internal/vm')) return 'node:internal/modules (module loader)';
  if (url.startsWith('node:')) return url.replace(/^node:internal\/([^/]+).*/, 'node:internal/$1');
  return basename(url);
}

/** `url:line:column` of a bundle's frame → the npm package (or `tsappa runtime`, `app`) its source lies in. */
function packageOf() {
  const maps = new Map();
  const mapOf = (url) => {
    if (!maps.has(url)) {
      let map = null;
      try {
        map = new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(url)}.map`, 'utf8')));
      } catch {
        // a chunk without a map
      }
      maps.set(url, map);
    }
    return maps.get(url);
  };
  return ({ url, lineNumber, columnNumber }) => {
    if (!url.startsWith('file:') || !basename(url).startsWith('tsappa-')) return null;
    const source = mapOf(url)?.findEntry(lineNumber, columnNumber)?.originalSource;
    if (!source) return null;
    const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
    if (inPackage) return inPackage[1];
    return /runtime\/(dist|src)\//.test(source) ? 'tsappa runtime' : 'app';
  };
}

/** Milliseconds by package: each sample to the innermost bundle frame with a package (see packageOf). */
function timeByPackage(profile) {
  const of = packageOf();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const memo = new Map();
  const packageOfNode = (id) => {
    if (!memo.has(id)) {
      let found = null;
      for (let n = byId.get(id); n && !found; n = byId.get(parent.get(n.id))) found = of(n.callFrame);
      memo.set(id, found ?? '(not in the bundle)');
    }
    return memo.get(id);
  };
  const totals = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const k = packageOfNode(profile.samples[i]);
    totals.set(k, (totals.get(k) ?? 0) + profile.timeDeltas[i] / 1000);
  }
  return [...totals.entries()].sort((a, b) => b[1] - a[1]);
}

const lib = await loadLibrary();
const { settings } = await lib.loadStage({ cwd: app.dir, stage: app.stage });
const { peers, remove } = await buildPeers(lib, settings, { only: [label], sourceMaps: 'all' });
const dir = await mkdtemp(join(tmpdir(), 'tsappa-cpu-prof-'));
try {
  const peer = peers.find((p) => p.label === label);
  const { bin } = nodeBinary('22');
  const container = await startContainer({
    node: bin,
    taskRoot: peer.taskRoot,
    handler: peer.handler,
    env: { ...peer.env, BENCH_INVOCATIONS: '1' },
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=100'],
  });
  const first = await container.invoke(httpEvent(app));
  const init = await container.init;
  await container.exited;
  await container.stop();
  const file = join(dir, (await readdir(dir)).find((f) => f.endsWith('.cpuprofile')));
  const profile = JSON.parse(await readFile(file, 'utf8'));
  const total = (profile.endTime - profile.startTime) / 1000;
  console.log(`${app.name}, ${label}, node 22 --cpu-prof: init ${init.toFixed(1)} ms, first response ${first.answeredMs.toFixed(1)} ms (profiling slows both), profile ${total.toFixed(1)} ms\n`);
  console.log('self time by script:');
  for (const [k, ms] of selfTimes(profile, scriptOf).slice(0, 20)) console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${k}`);
  console.log('\ntop functions (self time):');
  const fn = (c) => `${c.functionName || '(anonymous)'}  ${c.url ? `${basename(c.url)}:${c.lineNumber + 1}` : ''}`;
  for (const [k, ms] of selfTimes(profile, fn).slice(0, 25)) console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${k}`);
  if (label === 'tsappa') {
    console.log('\ntime by package (what each package\'s code ran or made Node do):');
    for (const [k, ms] of timeByPackage(profile).slice(0, 20)) console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${k}`);
  }
  if (process.env.BENCH_PROFILE_KEEP) console.log(`\nprofile: ${file}`);
} finally {
  await remove();
  if (!process.env.BENCH_PROFILE_KEEP) await rm(dir, { recursive: true, force: true });
}

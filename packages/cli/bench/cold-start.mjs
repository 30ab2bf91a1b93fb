#!/usr/bin/env node
/**
 * The cold-start benchmark (issue 18): every package runs in a Lambda-like execution environment
 * on Node 22 (fetched as the test matrix fetches it), through a loader that speaks the Lambda
 * Runtime API (./lambda), side by side in one run: the one-line floor, tsappa, a naive zip with
 * serverless-http and one with @codegenie/serverless-express, for a trivial app, an Express app
 * with five dependencies and examples/quote-api.
 *
 *   node bench/cold-start.mjs       (BENCH_RUNS=7 by default; part of `npm run bench`)
 *   BENCH_APPS=express,quote        only those apps (names by prefix)
 *   BENCH_MEMORY_MB=512             the function's memory (default 1024): node's heap flags
 *   BENCH_CPU=lambda|machine        each container gets Lambda's CPU share for that memory (a
 *                                   cgroup CPU quota, ./lambda/cpu-share.mjs; needs root; the
 *                                   default where the machine allows it) or the machine's CPUs
 *
 * Each run, for every peer in turn (interleaved, so a busy machine slows all of them alike):
 * - a cold container answers one HTTP request: init (spawn to the runtime's first
 *   /invocation/next), first response (spawn to the answer), then WARM_REQUESTS more requests;
 * - another cold container gets a keep-warm ping, then one HTTP request, timed alone.
 * Medians over the runs; ratios against the naive serverless-http zip. "init CPU" is the CPU time
 * (user + system) the process had used when the handler was loaded, which a busy machine
 * disturbs less than wall time.
 * Needs the Debian `zip` and `unzip` tools.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBinary } from '../../../scripts/node-binary.mjs';
import { containerHeading, startContainer } from './lambda/container.mjs';
import { loadLibrary } from './library.mjs';
import { buildPeers } from './peers.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = join(HERE, '..', '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const WARM_REQUESTS = Number(process.env.BENCH_WARM_REQUESTS ?? 20);
const NODE_MAJOR = process.env.BENCH_NODE_MAJOR ?? '22';
const KEEP_WARM = { 'tsappa:keepWarm': true };

export const APPS = [
  { name: 'trivial app', dir: join(HERE, 'fixtures', 'trivial-app'), stage: 'bench', path: '/hello', query: 'name=bench' },
  { name: 'express + 5 deps', dir: join(HERE, 'fixtures', 'express-app'), stage: 'bench', path: '/hello', query: 'name=bench', install: true },
  { name: 'quote-api', dir: join(REPO, 'examples', 'quote-api'), stage: 'dev', path: '/quote', query: 'type=random', headers: { 'x-api-key': 'bench' } },
];

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export function httpEvent({ path, query, headers = {} }) {
  return {
    version: '2.0', routeKey: '$default', rawPath: path, rawQueryString: query,
    headers: { host: 'abc.execute-api.us-east-1.amazonaws.com', 'accept-encoding': 'identity', ...headers },
    requestContext: { http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.1', userAgent: 'bench' }, requestId: 'r', routeKey: '$default', stage: '$default', domainName: 'abc.execute-api.us-east-1.amazonaws.com', apiId: 'abc', accountId: '123456789012', time: '', timeEpoch: 0 },
    isBase64Encoded: false,
  };
}

function checkAnswer(peer, result) {
  if (result?.statusCode !== 200) throw new Error(`${peer.label}: the handler answered ${JSON.stringify(result)?.slice(0, 300)}`);
}

/** A cold container answers one request, then WARM_REQUESTS more (real-apps.mjs uses it too). */
export async function coldRun(node, peer, event) {
  const container = await startContainer({ node, taskRoot: peer.taskRoot, handler: peer.handler, env: { ...peer.env, BENCH_TRACE: '1' } });
  try {
    const first = await container.invoke(event);
    checkAnswer(peer, first.result);
    const init = await container.init;
    const trace = JSON.parse(/bench-trace (.*)/.exec(container.stderr())?.[1] ?? '{}');
    const warm = [];
    for (let i = 0; i < WARM_REQUESTS; i++) {
      const r = await container.invoke(event);
      checkAnswer(peer, r.result);
      warm.push(r.ms);
    }
    return { init, initCpu: trace.cpuMs ?? NaN, firstResponse: first.answeredMs, firstInvoke: first.ms, warm: median(warm) };
  } catch (error) {
    throw new Error(`${peer.label}: ${error.message}\n${container.stderr()}`);
  } finally {
    await container.stop();
  }
}

/** A cold container gets a keep-warm ping, then one request. */
async function keepWarmRun(node, peer, event) {
  const container = await startContainer({ node, taskRoot: peer.taskRoot, handler: peer.handler, env: peer.env });
  try {
    await container.invoke(KEEP_WARM);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const r = await container.invoke(event);
    checkAnswer(peer, r.result);
    return r.ms;
  } finally {
    await container.stop();
  }
}

async function benchApp(lib, node, app) {
  if (app.install && !existsSync(join(app.dir, 'node_modules'))) {
    console.error(`bench: installing ${app.name} (npm ci)...`);
    const r = spawnSync('npm', ['ci', '--no-workspaces', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: app.dir, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`npm ci failed in ${app.dir}`);
  }
  const { settings } = await lib.loadStage({ cwd: app.dir, stage: app.stage });
  const { peers, remove } = await buildPeers(lib, { ...settings, runtime: `nodejs${NODE_MAJOR}.x` });
  const event = httpEvent(app);
  const samples = new Map(peers.map((p) => [p.label, { cold: [], afterKeepWarm: [] }]));
  try {
    for (let i = 0; i < RUNS; i++) {
      for (const peer of peers) samples.get(peer.label).cold.push(await coldRun(node, peer, event));
      for (const peer of peers) if (peer.keepWarm) samples.get(peer.label).afterKeepWarm.push(await keepWarmRun(node, peer, event));
    }
  } finally {
    await remove();
  }
  const rows = peers.map((peer) => {
    const s = samples.get(peer.label);
    const of = (key) => median(s.cold.map((c) => c[key]));
    return {
      peer: peer.label,
      zipBytes: peer.zipBytes,
      initMs: of('init'),
      initCpuMs: of('initCpu'),
      firstResponseMs: of('firstResponse'),
      firstInvokeMs: of('firstInvoke'),
      afterKeepWarmMs: peer.keepWarm ? median(s.afterKeepWarm) : null,
      warmP50Ms: of('warm'),
    };
  });
  const floor = rows[0];
  for (const row of rows) {
    row.aboveFloorMs = row.firstResponseMs - floor.firstResponseMs;
    row.initCpuAboveFloorMs = row.initCpuMs - floor.initCpuMs;
  }
  return { app: app.name, rows };
}

const f1 = (n) => (n === null || Number.isNaN(n) ? '—' : n.toFixed(1));
const ratio = (a, b) => (a === null || b === null || !(b > 0) ? '' : ` (${(a / b).toFixed(2)}×)`);
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;

export function coldStartTable(results) {
  const lines = [
    '| app | package | init ms | first response ms | above the floor ms | init CPU above the floor ms | first invocation ms | first request after keep-warm ms | warm p50 ms | zip size |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { app, rows } of results) {
    const naive = rows.find((r) => r.peer === 'naive serverless-http');
    for (const r of rows) {
      const vs = (key) => (r === naive || r.peer === 'one-line floor' ? '' : ratio(r[key], naive[key]));
      lines.push(
        `| ${app} | ${r.peer} | ${f1(r.initMs)}${vs('initMs')} | ${f1(r.firstResponseMs)}${vs('firstResponseMs')} | ${r.peer === 'one-line floor' ? '0' : f1(r.aboveFloorMs)}${vs('aboveFloorMs')} | ${r.peer === 'one-line floor' ? '0' : f1(r.initCpuAboveFloorMs)}${vs('initCpuAboveFloorMs')} | ${f1(r.firstInvokeMs)} | ${f1(r.afterKeepWarmMs)} | ${r.warmP50Ms.toFixed(2)}${vs('warmP50Ms')} | ${kb(r.zipBytes)}${vs('zipBytes')} |`,
      );
    }
  }
  return lines.join('\n');
}

/** The targets, for the Express app. */
export function coldStartVerdicts(results) {
  const express = results.find((r) => r.app.startsWith('express'));
  if (!express) return [];
  const t = express.rows.find((r) => r.peer === 'tsappa');
  const n = express.rows.find((r) => r.peer === 'naive serverless-http');
  const above = t.aboveFloorMs / n.aboveFloorMs;
  return [
    `${express.app}: tsappa above the floor ${f1(t.aboveFloorMs)} ms = ${above.toFixed(2)}× the naive zip's ${f1(n.aboveFloorMs)} ms (target ≤ 0.5×: ${above <= 0.5 ? 'met' : 'NOT met'}); in CPU time of the init, ${(t.initCpuAboveFloorMs / n.initCpuAboveFloorMs).toFixed(2)}×`,
    `${express.app}: first request after a keep-warm ping ${f1(t.afterKeepWarmMs)} ms (target ≤ 10 ms: ${t.afterKeepWarmMs <= 10 ? 'met' : 'NOT met'})`,
    `${express.app}: warm p50 ${t.warmP50Ms.toFixed(2)} ms against the naive zip's ${n.warmP50Ms.toFixed(2)} ms`,
  ];
}

export async function benchColdStarts() {
  const node = nodeBinary(NODE_MAJOR);
  if (node.error) throw new Error(`bench: no Node ${NODE_MAJOR}: ${node.error}`);
  const lib = await loadLibrary();
  const results = [];
  const only = process.env.BENCH_APPS?.split(',');
  for (const app of APPS) {
    if (!existsSync(app.dir) || (only && !only.some((name) => app.name.startsWith(name)))) continue;
    console.error(`bench: cold starts of ${app.name}...`);
    results.push(await benchApp(lib, node.bin, app));
  }
  return results;
}

/** What the table was measured with. */
export function coldStartHeading() {
  const { bin } = nodeBinary(NODE_MAJOR);
  const version = bin ? execFileSync(bin, ['--version']).toString().trim() : `Node ${NODE_MAJOR}`;
  return `node ${version}, ${containerHeading()}, medians of ${RUNS} interleaved runs, ${WARM_REQUESTS} warm requests per container; ratios against the naive serverless-http zip`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // run as a script (run.mjs and profile-cold-start.mjs import it)
  const results = await benchColdStarts();
  console.log(`cold starts through a Lambda Runtime API loader: ${coldStartHeading()}\n`);
  console.log(coldStartTable(results));
  console.log(`\n${coldStartVerdicts(results).join('\n')}`);
  if (process.env.BENCH_JSON) await writeFile(process.env.BENCH_JSON, JSON.stringify(results, null, 2));
}

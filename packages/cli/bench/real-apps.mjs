/**
 * The real-apps part of `npm run bench`: for each app of test/fixtures/apps (see its README),
 * tsappa's zip (what `tsappa init --yes` then `tsappa package` make, through the built CLI) beside
 * a naive zip: the app's files, its production node_modules (`npm prune --omit=dev`) and
 * serverless-http with the handler its README shows. Reports both zip sizes and both cold
 * starts above the one-line floor, in wall and init CPU time, measured as cold-start.mjs measures
 * them (a Lambda-like container on Node 22, through the Runtime API loader, one API Gateway HTTP
 * API request).
 *
 * The apps are installed once with `npm ci` by test/support/fixture-apps.ts (cached under
 * ~/.cache/tsappa/fixtures). A naive handler exists only where serverless-http can wrap what
 * the app's module exports; for the others (an app that only calls listen(), a fastify-cli
 * plugin, a NestJS main.ts) the naive zip's size is shown and its cold start is "n/a".
 */
import { cp, mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { nodeBinary } from '../../../scripts/node-binary.mjs';
import { coldRun, coldStartHeading, median } from './cold-start.mjs';
import { httpEvent } from './http-event.mjs';
import { run } from './run-command.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const CLI = join(HERE, '..');
const REPO = join(CLI, '..', '..');
const BIN = join(CLI, 'bin', 'tsappa.js');
const NODE_MAJOR = process.env.BENCH_NODE_MAJOR ?? '22';

/** Each app: where tsappa runs, the request of its cold start, and the naive handler (null: none possible). */
const APPS = [
  { name: 'express-pug', path: '/', naive: { file: 'handler.cjs', source: "module.exports.handler = require('serverless-http')(require('./app'));\n" } },
  { name: 'koa2', path: '/json', naive: { file: 'handler.cjs', source: "module.exports.handler = require('serverless-http')(require('./app'));\n" } },
  { name: 'fastify-cli', path: '/', naive: null },
  { name: 'nest', path: '/', naive: null },
  { name: 'hono-node', path: '/', naive: null },
  { name: 'plain-http', path: '/api/hello', naive: null },
  {
    name: 'monorepo',
    workspace: 'packages/api',
    path: '/api/products',
    naive: { file: 'handler.mjs', source: "import serverless from 'serverless-http';\nimport { app } from './src/app.js';\nexport const handler = serverless(app);\n" },
  },
  { name: 'sharp', path: '/api/photo', naive: { file: 'handler.cjs', source: "module.exports.handler = require('serverless-http')(require('./app'));\n" } },
];

/** test/support/fixture-apps.ts, compiled on the fly (its import.meta.url kept, to find the apps). */
async function loadFixtureInstaller() {
  const source = join(CLI, 'test', 'support', 'fixture-apps.ts');
  const outfile = join(HERE, '.cache', 'fixture-apps.mjs');
  await build({
    entryPoints: [source],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(source).href) },
    outfile,
    logLevel: 'error',
  });
  return import(pathToFileURL(outfile).href);
}

/** A zip's cold start, as cold-start.mjs measures it: a Lambda-like container on Node 22 through the Runtime API loader. */
const coldStart = (node, label, taskRoot, handler, path) =>
  coldRun(node, { label, taskRoot, handler, env: { NODE_ENV: 'production' } }, httpEvent(path));

/** The one-line floor's task root (Node and the runtime client alone). */
async function floorRoot(work) {
  const root = join(work, 'floor', 'task');
  await mkdir(root, { recursive: true });
  await writeFile(join(root, 'index.mjs'), 'export const handler = async () => ({ statusCode: 200 });\n');
  return root;
}

async function extract(zip, root) {
  await mkdir(root, { recursive: true });
  await run('unzip', ['-q', zip, '-d', root]);
  // the AWS SDK Lambda provides outside the task root: the repo's, one directory above
  await symlink(join(REPO, 'node_modules'), join(root, '..', 'node_modules'), 'dir');
}

async function benchApp(installer, node, app, runs, median) {
  const work = await mkdtemp(join(tmpdir(), `tsappa-bench-${app.name}-`));
  // tsappa: init --yes, package
  const project = await installer.installFixtureApp(app.name, app.workspace);
  await run(process.execPath, [BIN, 'init', '--yes'], { cwd: project.appDir });
  const result = JSON.parse(await run(process.execPath, [BIN, 'package', 'dev', '-o', join(work, 'tsappa.zip'), '--json'], { cwd: project.appDir }));
  // naive: the app, its production node_modules and serverless-http
  const naive = await installer.installFixtureApp(app.name, app.workspace);
  await run('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund'], { cwd: naive.root });
  await run('npm', ['install', '--no-save', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', 'serverless-http@4'], { cwd: naive.appDir });
  if (app.naive) await writeFile(join(naive.appDir, app.naive.file), app.naive.source);
  const naiveZip = join(work, 'naive.zip');
  await run('zip', ['-r', '-q', '-y', naiveZip, '.'], { cwd: naive.root });

  const tsappaRoot = join(work, 'tsappa', 'root');
  await extract(result.path, tsappaRoot);
  const naiveRoot = join(work, 'naive', 'root');
  await extract(naiveZip, naiveRoot);
  const naiveAppRoot = join(naiveRoot, app.workspace ?? '');
  const floor = await floorRoot(work);
  const cold = { floor: [], tsappa: [], naive: [] };
  for (let i = 0; i < runs; i++) {
    cold.floor.push(await coldStart(node, 'one-line floor', floor, 'index.handler', app.path));
    cold.tsappa.push(await coldStart(node, 'tsappa', tsappaRoot, result.handler, app.path));
    if (app.naive) cold.naive.push(await coldStart(node, 'naive serverless-http', naiveAppRoot, 'handler.handler', app.path));
  }
  const of = (samples, key) => median(samples.map((s) => s[key]));
  const above = (samples, key) => of(samples, key) - of(cold.floor, key);
  const row = {
    app: app.name,
    tsappaZipBytes: result.zippedBytes,
    naiveZipBytes: (await stat(naiveZip)).size,
    tsappaColdMs: above(cold.tsappa, 'firstResponse'),
    naiveColdMs: app.naive ? above(cold.naive, 'firstResponse') : null,
    tsappaCpuMs: above(cold.tsappa, 'initCpu'),
    naiveCpuMs: app.naive ? above(cold.naive, 'initCpu') : null,
  };
  await rm(work, { recursive: true, force: true });
  await rm(dirname(project.root), { recursive: true, force: true });
  await rm(dirname(naive.root), { recursive: true, force: true });
  return row;
}

/** Benchmarks every real app; an app that fails is reported with its error, the others still run. */
export async function benchRealApps({ runs, median }) {
  const installer = await loadFixtureInstaller();
  const node = nodeBinary(NODE_MAJOR);
  if (node.error) throw new Error(`bench: no Node ${NODE_MAJOR}: ${node.error}`);
  const only = process.env.BENCH_REAL_APPS?.split(',');
  const rows = [];
  for (const app of APPS.filter((a) => !only || only.includes(a.name))) {
    try {
      rows.push(await benchApp(installer, node.bin, app, runs, median));
    } catch (error) {
      rows.push({ app: app.name, error: String(error.message ?? error).split('\n').slice(0, 3).join(' ') });
    }
  }
  return rows;
}

export function realAppsTable(rows) {
  const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
  const ms = (m) => (m === null ? 'n/a (no exported app to wrap)' : `${m.toFixed(1)} ms`);
  const ratio = (a, b) => (b === null ? 'n/a' : `${(a / b).toFixed(2)}×`);
  const lines = [
    '| app | tsappa zip | naive zip | zip ratio | tsappa above the floor | naive above the floor | ratio | init CPU above the floor, tsappa / naive |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    if (r.error) {
      lines.push(`| ${r.app} | failed: ${r.error.replaceAll('|', '\\|')} | | | | | | |`);
      continue;
    }
    lines.push(
      `| ${r.app} | ${kb(r.tsappaZipBytes)} | ${kb(r.naiveZipBytes)} | ${(r.tsappaZipBytes / r.naiveZipBytes).toFixed(3)}× | ${ms(r.tsappaColdMs)} | ${ms(r.naiveColdMs)} | ${ratio(r.tsappaColdMs, r.naiveColdMs)} | ${r.tsappaCpuMs.toFixed(1)} / ${r.naiveCpuMs === null ? 'n/a' : `${r.naiveCpuMs.toFixed(1)} ms (${ratio(r.tsappaCpuMs, r.naiveCpuMs)})`} |`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // run as a script: `node bench/real-apps.mjs` (BENCH_RUNS, default 7; BENCH_REAL_APPS=koa2,nest); run.mjs imports it
  console.log(`real apps' cold starts through the Lambda Runtime API loader: ${coldStartHeading()}\n`);
  const rows = await benchRealApps({ runs: Number(process.env.BENCH_RUNS ?? 7), median });
  console.log(realAppsTable(rows));
}

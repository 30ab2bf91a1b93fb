#!/usr/bin/env node
/**
 * The benchmarks of `npm run bench -w tsappa`: first the cold starts (./cold-start.mjs: tsappa beside
 * the one-line floor and naive zips, through a Lambda Runtime API loader on Node 22), then
 * the packager benchmark: `tsappa package` side by side with a plain `zip -r` of the app plus its
 * production node_modules, in the same run, on examples/quote-api and on a larger fixture app
 * (Express and about 30 common dependencies). Reports package time, zip size and cold start
 * (a fresh Node process that imports the handler and answers one request), as medians and
 * ratios against the issue's targets. Then the real apps of test/fixtures/apps beside a naive
 * zip of each (./real-apps.mjs).
 *
 *   npm run bench -w tsappa            (BENCH_RUNS=7 by default)
 *
 * Needs the Debian `zip` and `unzip` tools (apt-get install -y zip unzip).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { httpEvent } from './http-event.mjs';
import { run } from './run-command.mjs';
import { fileURLToPath } from 'node:url';
import { benchRealApps, realAppsTable } from './real-apps.mjs';
import { stageNaivePackage } from './naive-zip.mjs';
import { loadLibrary } from './library.mjs';
import { benchColdStarts, coldStartHeading, coldStartTable, coldStartVerdicts } from './cold-start.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const CLI = join(HERE, '..');
const REPO = join(CLI, '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function need(tool) {
  if (spawnSync(tool, ['-v'], { stdio: 'ignore' }).error) {
    console.error(`bench: "${tool}" is missing; install it with: apt-get install -y zip unzip`);
    process.exit(1);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** The fixture's own dependencies, from its lockfile. */
async function ensureInstalled(dir) {
  if (existsSync(join(dir, 'node_modules'))) return;
  console.error(`bench: installing ${relative(REPO, dir)} dependencies (npm ci)...`);
  await run('npm', ['ci', '--no-workspaces', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir });
}

/** The plain package: the app, its production node_modules and a handler using the runtime's createHandler. */
const plainStaging = (lib, settings) => stageNaivePackage(lib, settings, '@tsappa/runtime');

const BOOTSTRAP = `
const t0 = performance.now();
const [file, exportName] = [process.env.BENCH_FILE, process.env.BENCH_EXPORT];
const mod = await import(new URL(file, 'file://' + process.cwd() + '/').href);
const res = await mod[exportName](JSON.parse(process.env.BENCH_EVENT), { awsRequestId: 'bench', getRemainingTimeInMillis: () => 30000, invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:bench' });
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ ms, status: res.statusCode }));
`;

/**
 * One cold start: a fresh Node process imports the handler and answers one request. Returns the
 * in-process time (import + first response) and the whole process time.
 */
async function coldStartOnce(root, file, exportName, event) {
  const bootstrap = join(root, '..', 'bench-bootstrap.mjs');
  if (!existsSync(bootstrap)) await writeFile(bootstrap, BOOTSTRAP);
  const started = performance.now();
  const out = await run(process.execPath, [bootstrap], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      BENCH_FILE: file,
      BENCH_EXPORT: exportName,
      BENCH_EVENT: JSON.stringify(event),
      TSAPPA_STAGE: 'bench',
      AWS_REGION: 'us-east-1',
    },
  });
  const wall = performance.now() - started;
  const { ms, status } = JSON.parse(out);
  if (status !== 200) throw new Error(`${root}: the handler answered ${status}`);
  return { inProcess: ms, wall };
}

/**
 * Every measurement is interleaved (plain, then each tsappa variant, RUNS times) so that a busy
 * machine slows all of them alike; medians are reported.
 */
async function benchApp(lib, name, projectDir, stage, event, variants) {
  const { settings } = await lib.loadStage({ cwd: projectDir, stage });
  const work = await mkdtemp(join(tmpdir(), `tsappa-bench-${name.replace(/\W+/g, '-')}-`));
  const staging = await plainStaging(lib, settings);
  const plainZip = join(work, 'plain.zip');
  const times = { plain: [], ...Object.fromEntries(variants.map(([label]) => [label, []])) };
  const results = {};
  for (let i = 0; i < RUNS; i++) {
    await rm(plainZip, { force: true });
    let t = performance.now();
    await run('zip', ['-r', '-q', plainZip, '.'], { cwd: staging });
    times.plain.push(performance.now() - t);
    for (const [label, options] of variants) {
      t = performance.now();
      results[label] = await lib.buildPackage(settings, { outFile: join(work, `${label}.zip`), install: 'copy', ...options });
      times[label].push(performance.now() - t);
    }
  }

  // cold starts, each zip extracted to its own empty directory
  const roots = { plain: join(work, 'plain', 'root') };
  await mkdir(roots.plain, { recursive: true });
  await run('unzip', ['-q', plainZip, '-d', roots.plain]);
  for (const [label] of variants) {
    roots[label] = join(work, label.replace(/\W+/g, '-'), 'root');
    await mkdir(roots[label], { recursive: true });
    await run('unzip', ['-q', results[label].path, '-d', roots[label]]);
    // The AWS SDK that the Lambda runtime provides outside the task root (/var/runtime/node_modules):
    // the repo's copy, one directory above, where Node's own resolution finds it at full speed.
    await symlink(join(REPO, 'node_modules'), join(roots[label], '..', 'node_modules'), 'dir');
  }
  const cold = { plain: [] };
  for (const [label] of variants) cold[label] = [];
  for (let i = 0; i < RUNS; i++) {
    cold.plain.push(await coldStartOnce(roots.plain, 'plain-handler.mjs', 'handler', event));
    for (const [label] of variants) {
      const result = results[label];
      const [file, exportName] = result.handler.split('.');
      cold[label].push(await coldStartOnce(roots[label], `${file}.mjs`, exportName, event));
    }
  }
  const med = (xs, key) => median(xs.map((x) => x[key]));
  const plain = {
    packageMs: median(times.plain),
    zipBytes: (await stat(plainZip)).size,
    coldMs: med(cold.plain, 'inProcess'),
    coldWallMs: med(cold.plain, 'wall'),
  };
  const tsappa = variants.map(([label]) => ({
    label,
    packageMs: median(times[label]),
    zipBytes: results[label].zippedBytes,
    unzippedBytes: results[label].unzippedBytes,
    entries: results[label].entryCount,
    coldMs: med(cold[label], 'inProcess'),
    coldWallMs: med(cold[label], 'wall'),
  }));
  await rm(work, { recursive: true, force: true });
  await rm(staging, { recursive: true, force: true });
  return { app: name, plain, tsappa };
}

const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const msf = (m) => `${m.toFixed(1)} ms`;
const ratio = (a, b) => `${(a / b).toFixed(3)}×`;

async function main() {
  need('zip');
  need('unzip');
  const coldStarts = await benchColdStarts();
  console.log(`cold starts through a Lambda Runtime API loader (bench/cold-start.mjs): ${coldStartHeading()}\n`);
  console.log(coldStartTable(coldStarts));
  console.log(`\n${coldStartVerdicts(coldStarts).join('\n')}\n`);

  const lib = await loadLibrary();
  const quote = join(REPO, 'examples', 'quote-api');
  const big = join(CLI, 'test', 'fixtures', 'bench-express-app');
  await ensureInstalled(big);
  const apps = [];
  const sdkVariants = [
    ['tsappa', {}],
    ['tsappa --bundle-aws-sdk', { bundleAwsSdk: true }],
  ];
  if (existsSync(join(quote, 'src', 'app.ts'))) apps.push(['quote-api', quote, 'dev', httpEvent('/quote', 'type=random'), sdkVariants]);
  else console.error('bench: examples/quote-api has no app yet; benchmarking the fixture app only');
  apps.push(['express + 31 deps', big, 'bench', httpEvent('/hello', 'name=bench'), [['tsappa', {}]]]);

  console.log(`tsappa package vs plain zip -r: medians of ${RUNS} runs, node ${process.version}, ${process.platform}-${process.arch}`);
  console.log('cold start = a fresh node process: import the handler + answer one HTTP API request (in-process time; whole process in brackets)\n');
  const rows = [];
  for (const [name, dir, stage, event, variants] of apps) rows.push(await benchApp(lib, name, dir, stage, event, variants));

  const lines = [
    '| app | package | package time | zip size | cold start |',
    '|---|---|---|---|---|',
  ];
  const verdicts = [];
  for (const r of rows) {
    const p = r.plain;
    lines.push(`| ${r.app} | plain zip -r | ${msf(p.packageMs)} | ${kb(p.zipBytes)} | ${msf(p.coldMs)} (${msf(p.coldWallMs)}) |`);
    for (const t of r.tsappa) {
      lines.push(
        `| ${r.app} | ${t.label} | ${msf(t.packageMs)} (${ratio(t.packageMs, p.packageMs)}) | ${kb(t.zipBytes)} (${ratio(t.zipBytes, p.zipBytes)}) | ${msf(t.coldMs)} (${msf(t.coldWallMs)}) (${ratio(t.coldMs, p.coldMs)}) |`,
      );
      const example = r.app === 'quote-api';
      verdicts.push(
        `${r.app}, ${t.label}: package time ${ratio(t.packageMs, p.packageMs)} (target ≤ 2×: ${t.packageMs <= 2 * p.packageMs ? 'met' : 'NOT met'}); ` +
          `zip ${ratio(t.zipBytes, p.zipBytes)}${example ? ` (target ≤ 0.1×: ${t.zipBytes <= 0.1 * p.zipBytes ? 'met' : 'NOT met'})` : ''}; ` +
          `cold start ${ratio(t.coldMs, p.coldMs)} (target ≤ 0.6×: ${t.coldMs <= 0.6 * p.coldMs ? 'met' : 'NOT met'})`,
      );
    }
  }
  console.log(lines.join('\n'));
  console.log(`\n${verdicts.join('\n')}`);

  console.log(`\nreal apps (test/fixtures/apps): tsappa init --yes + package beside a naive zip (the app, its production node_modules, serverless-http); cold starts above the one-line floor through the Lambda Runtime API loader, as above, medians of ${RUNS} runs\n`);
  const realApps = await benchRealApps({ runs: RUNS, median });
  console.log(realAppsTable(realApps));
  if (process.env.BENCH_JSON) await writeFile(process.env.BENCH_JSON, JSON.stringify({ coldStarts, packager: rows, realApps }, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

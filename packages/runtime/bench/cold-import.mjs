#!/usr/bin/env node
/* global console, process */
/**
 * Cold import of the runtime entry: fresh Node processes each import a generated-style entry
 * (createEntry from the built @tsappa/runtime with a trivial (req, res) app), then serve one
 * API Gateway request. Reports the median import time, time to the first response, and checks
 * that no AWS SDK module was loaded (an app without tasks or remoteEnv pays nothing for it).
 *
 *   npm run build && node bench/cold-import.mjs [runs=15]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist', 'index.js');
if (!existsSync(dist)) {
  console.error('dist/index.js is missing: run `npm run build` first');
  process.exit(1);
}
const runs = Number(process.argv[2] ?? 15);
const dir = mkdtempSync(join(tmpdir(), 'tsappa-cold-'));

// what the packager generates, with a trivial app
writeFileSync(
  join(dir, 'entry.mjs'),
  `import { createEntry } from ${JSON.stringify(dist)};
const config = { stage: 'dev', projectName: 'bench', remoteEnv: null, slimArchive: null, exceptionHandler: null,
  authorizer: null, eventSources: {}, asyncSource: 'lambda', http: { basePath: '', binarySupport: true, responseStreaming: false } };
const app = (req, res) => { res.setHeader('content-type', 'text/plain'); res.end('ok'); };
export const handler = createEntry(config, async () => ({ app, functions: {} }));
`,
);

// records every module specifier resolved in the child (to spot @aws-sdk)
writeFileSync(
  join(dir, 'hooks.mjs'),
  `let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) { port.postMessage(specifier); return next(specifier, context); }
`,
);

writeFileSync(
  join(dir, 'child.mjs'),
  `const resolved = [];
if (process.env.TRACE_MODULES) {
  // resolve hooks run on a separate thread and slow every import: only for the SDK check
  const { register } = await import('node:module');
  const { MessageChannel } = await import('node:worker_threads');
  const { port1, port2 } = new MessageChannel();
  port1.on('message', (s) => resolved.push(s));
  port1.unref();
  register(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)}, { data: { port: port2 }, transferList: [port2] });
}
const t0 = performance.now();
const { handler } = await import(process.env.ENTRY_URL);
const imported = performance.now() - t0;
const event = { resource: '/{proxy+}', path: '/', httpMethod: 'GET', headers: { Host: 'x' }, multiValueHeaders: { Host: ['x'] },
  queryStringParameters: null, multiValueQueryStringParameters: null, pathParameters: null, stageVariables: null,
  requestContext: { stage: 'dev', requestId: 'r', identity: { sourceIp: '127.0.0.1' }, httpMethod: 'GET', path: '/dev/' }, body: null, isBase64Encoded: false };
const result = await handler(event, { awsRequestId: 'r', getRemainingTimeInMillis: () => 30000 });
const firstResponse = performance.now() - t0;
await new Promise((r) => setTimeout(r, 50)); // let the hook thread flush
console.log(JSON.stringify({ imported, firstResponse, status: result.statusCode, resolvedCount: resolved.length, sdk: resolved.filter((s) => s.includes('@aws-sdk')) }));
`,
);

// the packager bundles the entry with esbuild (the SDK stays external): measure that too
let bundled = null;
try {
  const { build } = await import('esbuild');
  await build({ entryPoints: [join(dir, 'entry.mjs')], outfile: join(dir, 'bundle.mjs'), bundle: true, platform: 'node', format: 'esm', target: 'node20', external: ['@aws-sdk/*'], logLevel: 'silent' });
  bundled = join(dir, 'bundle.mjs');
} catch (error) {
  console.error(`(no bundled measurement: ${error.message})`);
}

const runChild = (env = {}) => {
  const out = execFileSync(process.execPath, [join(dir, 'child.mjs')], {
    encoding: 'utf8',
    env: { ...process.env, ENTRY_URL: pathToFileURL(join(dir, 'entry.mjs')).href, ...env },
  });
  return JSON.parse(out.trim().split('\n').pop());
};
runChild(); // warm the OS file cache; not counted
const samples = [];
for (let i = 0; i < runs; i++) samples.push(runChild());
const traced = runChild({ TRACE_MODULES: '1' });
const bundledSamples = [];
if (bundled) for (let i = 0; i < runs; i++) bundledSamples.push(runChild({ ENTRY_URL: pathToFileURL(bundled).href }));
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const bad = samples.find((s) => s.status !== 200);
if (bad) throw new Error(`the first response was not 200: ${JSON.stringify(bad)}`);
const sdk = traced.sdk;
console.log(
  JSON.stringify(
    {
      node: process.version,
      runs,
      importMsMedian: Number(median(samples.map((s) => s.imported)).toFixed(1)),
      importMsMin: Number(Math.min(...samples.map((s) => s.imported)).toFixed(1)),
      firstResponseMsMedian: Number(median(samples.map((s) => s.firstResponse)).toFixed(1)),
      modulesResolved: traced.resolvedCount,
      bundledImportMsMedian: bundled ? Number(median(bundledSamples.map((s) => s.imported)).toFixed(1)) : null,
      bundledFirstResponseMsMedian: bundled ? Number(median(bundledSamples.map((s) => s.firstResponse)).toFixed(1)) : null,
      awsSdkModulesLoaded: sdk,
    },
    null,
    2,
  ),
);

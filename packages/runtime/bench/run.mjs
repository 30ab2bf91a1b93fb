// Warm per-request overhead of the web adapter, side by side with serverless-http,
// @codegenie/serverless-express and a direct function call, in one run.
//   npm run bench -w @tsappa/runtime      (node --expose-gc bench/run.mjs; build first)
// Every implementation runs the same event in interleaved batches; the figure is the median of
// the per-batch mean time per request. Overhead = median - median of the direct call.
// `--quick` runs fewer batches. Exit code 1 when a target is missed.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { createHandler } from '../dist/http/index.js';
import { httpApiEvent, restEventMultiValue, lambdaContext } from './events.mjs';

const require = createRequire(import.meta.url);
const serverlessHttp = require('serverless-http');
const serverlessExpress = require('@codegenie/serverless-express');
const express = require('express');

const quick = process.argv.includes('--quick');
const gc = typeof globalThis.gc === 'function' ? globalThis.gc : () => {};

/** Runs `fn` `perBatch` times per batch; returns the median µs per call and the spread. */
async function measureAll(impls, { batches, perBatch, warmup }) {
  for (const impl of impls) for (let i = 0; i < warmup; i++) await impl.fn();
  const samples = impls.map(() => []);
  for (let b = 0; b < batches; b++) {
    // rotate the order so no implementation always runs right after another one's garbage
    for (let k = 0; k < impls.length; k++) {
      const idx = (b + k) % impls.length;
      const fn = impls[idx].fn;
      const t0 = performance.now();
      for (let i = 0; i < perBatch; i++) await fn();
      samples[idx].push(((performance.now() - t0) * 1000) / perBatch);
      // Let the event loop turn (as it does between Lambda invocations): work an adapter
      // deferred to setImmediate or timers runs here, untimed, not inside the next batch.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return impls.map((impl, i) => {
    const s = samples[i].sort((a, b) => a - b);
    const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
    return { name: impl.name, median: at(0.5), p10: at(0.1), p90: at(0.9) };
  });
}

const fmt = (n, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : String(n));
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

function table(title, rows, baseline) {
  console.log(`\n${title}`);
  console.log(`  ${pad('implementation', 34)}${lpad('median µs', 12)}${lpad('p10', 10)}${lpad('p90', 10)}${lpad('overhead µs', 14)}`);
  for (const r of rows) {
    const overhead = baseline ? r.median - baseline.median : NaN;
    console.log(
      `  ${pad(r.name, 34)}${lpad(fmt(r.median), 12)}${lpad(fmt(r.p10), 10)}${lpad(fmt(r.p90), 10)}${lpad(baseline && r !== baseline ? fmt(overhead) : '-', 14)}`,
    );
  }
}

/** Checks every implementation answers correctly before timing it. */
async function check(validate) {
  for (const [name, fn] of Object.entries(validate)) {
    if (!(await fn())) throw new Error(`bench: ${name} returned a wrong result`);
  }
}

const context = lambdaContext();
console.log(`tsappa web adapter benchmark: Node ${process.version}, ${process.platform}/${process.arch}${quick ? ' (quick)' : ''}`);
const opts = quick ? { batches: 40, perBatch: 100, warmup: 1000 } : { batches: 300, perBatch: 100, warmup: 5000 };
/**
 * One request shape, side by side: checks each peer answers correctly, measures the direct
 * call, tsappa, serverless-http and serverless-express, prints the table and the overhead
 * ratios, and returns tsappa's overhead relative to serverless-http's.
 */
async function comparePeers(title, { event, direct, tsappa, shttp, sexpress, ok }) {
  await check({
    tsappa: async () => ok(await tsappa(event, context)),
    'serverless-http': async () => ok(await shttp(event, context)),
    'serverless-express': async () => ok(await sexpress(event, context)),
  });
  gc();
  const rows = await measureAll(
    [
      { name: 'direct function call', fn: () => direct(event, context) },
      { name: 'tsappa createHandler', fn: () => tsappa(event, context) },
      { name: 'serverless-http', fn: () => shttp(event, context) },
      { name: '@codegenie/serverless-express', fn: () => sexpress(event, context) },
    ],
    opts,
  );
  table(title, rows, rows[0]);
  const [d, t, s, e] = rows;
  const ratio = (t.median - d.median) / (s.median - d.median);
  console.log(`  overhead ratio tsappa / serverless-http: ${fmt(ratio)}   tsappa / serverless-express: ${fmt((t.median - d.median) / (e.median - d.median))}`);
  return ratio;
}

const targets = [];

// ---------------------------------------------------------------------------------------------
// 1. Plain (req, res) listener, HTTP API 2.0 event
{
  const listener = (req, res) => {
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end('hello world');
  };
  const event = httpApiEvent();
  const tsappa = createHandler(listener);
  const shttp = serverlessHttp(listener);
  const sexpress = serverlessExpress({ app: { handler: listener }, logSettings: { level: 'error' } });
  const direct = async () => ({
    statusCode: 200,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: 'hello world',
    isBase64Encoded: false,
  });
  const ok = (r) => r.statusCode === 200 && r.body === 'hello world';
  const ratio = await comparePeers('plain listener, HTTP API 2.0 GET (µs per request)', { event, direct, tsappa, shttp, sexpress, ok });
  targets.push({ name: 'plain-listener overhead ≤ 0.80 × serverless-http', value: ratio, limit: 0.8 });
}

// ---------------------------------------------------------------------------------------------
// 2. Express 5, REST API v1 event with multi-value headers
{
  const app = express();
  app.disable('x-powered-by');
  app.get('/users/:id', (req, res) => {
    res.json({ id: req.params.id, q: req.query.q ?? null });
  });
  const event = restEventMultiValue();
  const tsappa = createHandler(app);
  const shttp = serverlessHttp(app);
  const sexpress = serverlessExpress({ app, logSettings: { level: 'error' } });
  const body = JSON.stringify({ id: '42', q: 'a b' });
  const direct = async () => ({
    statusCode: 200,
    multiValueHeaders: { 'content-type': ['application/json; charset=utf-8'], 'content-length': [String(body.length)] },
    body,
    isBase64Encoded: false,
  });
  const ok = (r) => r.statusCode === 200 && JSON.parse(r.body).q === 'a b';
  await comparePeers('Express 5, REST API v1 GET with multi-value headers (µs per request, Express itself included)', { event, direct, tsappa, shttp, sexpress, ok });
}

// ---------------------------------------------------------------------------------------------
// 3. 1 MiB binary response
{
  const payload = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < payload.length; i++) payload[i] = (i * 2654435761) >>> 24;
  const listener = (req, res) => {
    res.setHeader('content-type', 'application/octet-stream');
    res.end(payload);
  };
  const event = httpApiEvent({ path: '/file.bin' });
  const tsappa = createHandler(listener);
  const shttp = serverlessHttp(listener, { binary: ['application/octet-stream'] });
  const sexpress = serverlessExpress({
    app: { handler: listener },
    logSettings: { level: 'error' },
    binarySettings: { contentTypes: ['application/octet-stream'] },
  });
  const expected = payload.toString('base64');
  const ok = (r) => r.statusCode === 200 && r.isBase64Encoded === true && r.body === expected;
  await check({
    tsappa: async () => ok(await tsappa(event, context)),
    'serverless-http': async () => ok(await shttp(event, context)),
    'serverless-express': async () => ok(await sexpress(event, context)),
  });
  gc();
  // One call per sample, each adapter interleaved with the bare encoding of the same bytes in
  // its own phase: batching 1 MiB strings, or mixing adapters, would mostly measure whose
  // garbage the collector happens to clean up.
  const small = quick ? { batches: 300, perBatch: 1, warmup: 30 } : { batches: 1500, perBatch: 1, warmup: 100 };
  const bare = { name: "bare Buffer.toString('base64')", fn: async () => payload.toString('base64') };
  const rows = [];
  for (const impl of [
    { name: 'tsappa createHandler', fn: () => tsappa(event, context) },
    { name: 'serverless-http', fn: () => shttp(event, context) },
    { name: '@codegenie/serverless-express', fn: () => sexpress(event, context) },
  ]) {
    gc();
    const [b, r] = await measureAll([bare, impl], small);
    if (rows.length === 0) rows.push(b);
    rows.push({ ...r, bare: b.median });
  }
  table('1 MiB binary response, HTTP API 2.0 (µs per request)', rows, rows[0]);
  const [, t, s, e] = rows;
  const ratio = t.median / t.bare;
  console.log(
    `  time / bare base64 (same phase): tsappa ${fmt(ratio)}×   serverless-http ${fmt(s.median / s.bare)}×   serverless-express ${fmt(e.median / e.bare)}×`,
  );
  targets.push({ name: '1 MiB binary within 2.00 × bare base64', value: ratio, limit: 2 });
}

console.log('\nTargets');
let allMet = true;
for (const t of targets) {
  const met = t.value <= t.limit;
  allMet &&= met;
  console.log(`  ${met ? 'MET    ' : 'MISSED '} ${t.name}: ${fmt(t.value)}`);
}
console.log(allMet ? '\nAll targets met.' : '\nSome targets were missed.');
process.exitCode = allMet ? 0 : 1;

/**
 * A minimal Lambda runtime client, run as Lambda's Node.js runtime runs the handler: it loads
 * `_HANDLER` ("file.export") from LAMBDA_TASK_ROOT (an .mjs file, or a .js file in a
 * `"type": "module"` package, with import() and its top-level await; a .cjs or CommonJS .js
 * file with require), reports a failed load to /init/error, then loops: GET the next event,
 * call the handler with (event, context), POST its result or error. Only node:http is loaded
 * (no fetch, whose undici costs milliseconds; required, not imported, see below), so the floor
 * measures Node and this client alone.
 * With BENCH_INVOCATIONS=N it exits after N invocations (profiles are written at exit).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

// node:http through require: an ES module import of it would build its ESM facade, which reads
// http's lazy WebSocket getter and loads undici (with http2 and tls), a cost the floor must not hide
const { request, Agent } = createRequire(import.meta.url)('node:http');
const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const BASE = '/2018-06-01/runtime';

function call(method, path, body) {
  return new Promise((resolve, reject) => {
    const req = request({ host, port: Number(port), method, path, agent, headers: body === undefined ? {} : { 'content-type': 'application/json' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function isModulePackage(dir) {
  for (let d = dir; ; d = dirname(d)) {
    const manifest = join(d, 'package.json');
    if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')).type === 'module';
    if (dirname(d) === d) return false;
  }
}

async function loadHandler() {
  const root = process.env.LAMBDA_TASK_ROOT;
  const spec = process.env._HANDLER;
  const dot = spec.lastIndexOf('.');
  const base = join(root, spec.slice(0, dot));
  const name = spec.slice(dot + 1);
  let mod;
  if (existsSync(`${base}.mjs`)) mod = await import(pathToFileURL(`${base}.mjs`).href);
  else if (existsSync(`${base}.cjs`)) mod = createRequire(`${base}.cjs`)(`${base}.cjs`);
  else if (existsSync(`${base}.js`)) mod = isModulePackage(dirname(`${base}.js`)) ? await import(pathToFileURL(`${base}.js`).href) : createRequire(`${base}.js`)(`${base}.js`);
  else throw Object.assign(new Error(`Cannot find module '${spec.slice(0, dot)}'`), { name: 'Runtime.ImportModuleError' });
  const fn = mod[name] ?? mod.default?.[name];
  if (typeof fn !== 'function') throw Object.assign(new Error(`${spec} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
  return fn;
}

const errorBody = (error) => JSON.stringify({ errorType: error?.name ?? 'Error', errorMessage: String(error?.message ?? error), trace: String(error?.stack ?? '').split('\n') });

let handler;
const loadStart = performance.now();
try {
  handler = await loadHandler();
  // BENCH_TRACE=1: when (ms since the process started) the client began and finished loading the
  // handler, and the CPU time (user + system, all threads) spent by then: steadier than wall time
  // on a busy machine
  if (process.env.BENCH_TRACE) {
    const cpu = process.cpuUsage();
    process.stderr.write(`bench-trace ${JSON.stringify({ clientReady: loadStart, handlerLoaded: performance.now(), cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
  }
} catch (error) {
  await call('POST', `${BASE}/init/error`, errorBody(error));
  process.exit(1);
}

// BENCH_INVOCATIONS=N: exit after N invocations (a --cpu-prof profile is written at exit)
let left = Number(process.env.BENCH_INVOCATIONS ?? Infinity);
while (left-- > 0) {
  const next = await call('GET', `${BASE}/invocation/next`);
  const id = next.headers['lambda-runtime-aws-request-id'];
  const deadline = Number(next.headers['lambda-runtime-deadline-ms']);
  const context = {
    awsRequestId: id,
    invokedFunctionArn: next.headers['lambda-runtime-invoked-function-arn'],
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: `/aws/lambda/${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  let path;
  let body;
  try {
    const result = await handler(JSON.parse(next.body), context);
    path = `${BASE}/invocation/${id}/response`;
    body = result === undefined ? '' : JSON.stringify(result);
  } catch (error) {
    path = `${BASE}/invocation/${id}/error`;
    body = errorBody(error);
  }
  await call('POST', path, body);
}
process.exit(0);

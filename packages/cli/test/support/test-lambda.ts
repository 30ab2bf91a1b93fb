/**
 * Test support: runs a packaged handler in a fresh Node process the way the Node.js Lambda
 * runtime does: resolve `<file>.<export>` against the task root (`.js`, `.mjs`, `.cjs`), import
 * the file, take the export, call it with each event and a Lambda-like context. Bare imports
 * that the task root cannot resolve are searched in NODE_PATH, as Lambda's runtime does (that is
 * where it provides the AWS SDK); `options.node` runs it on another Node binary (Lambda's
 * version, see scripts/node-binary.mjs).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Lambda's Node.js 18+ runtimes also search NODE_PATH for ES modules (plain Node does not). */
const NODE_PATH_HOOK = `
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
const dirs = (process.env.NODE_PATH ?? '').split(':').filter(Boolean);
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || /^[./]|^[a-z]+:/i.test(specifier)) throw error;
    for (const dir of dirs) {
      try {
        return await next(specifier, { ...context, parentURL: pathToFileURL(join(dir, 'noop.js')).href });
      } catch {}
    }
    throw error;
  }
}
`;

const BOOTSTRAP = `
import { register } from 'node:module';
if (process.env.NODE_PATH) register(process.env.TSAPPA_NODE_PATH_HOOK);
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
const root = process.env.LAMBDA_TASK_ROOT;
const handlerString = process.env._HANDLER;
const dot = handlerString.lastIndexOf('.');
const modulePath = handlerString.slice(0, dot);
const exportName = handlerString.slice(dot + 1);
const file = ['.js', '.mjs', '.cjs'].map((ext) => join(root, modulePath + ext)).find((f) => existsSync(f));
if (!file) throw new Error('Runtime.ImportModuleError: cannot find module ' + modulePath);
const started = performance.now();
const mod = await import(pathToFileURL(file).href);
const handler = mod[exportName];
if (typeof handler !== 'function') throw new Error('Runtime.HandlerNotFound: ' + handlerString);
const events = JSON.parse(process.env.TSAPPA_TEST_EVENTS);
const results = [];
let coldStartMs;
for (const [i, event] of events.entries()) {
  const context = {
    awsRequestId: 'request-' + i,
    functionName: 'fixture-app-dev',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fixture-app-dev:live',
    memoryLimitInMB: '512',
    logGroupName: '/aws/lambda/fixture-app-dev',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 30000,
  };
  try {
    results.push({ ok: true, value: await handler(event, context) });
  } catch (error) {
    results.push({ ok: false, error: String(error && error.stack || error) });
  }
  coldStartMs ??= performance.now() - started;
}
// TSAPPA_TEST_SETTLE_MS: stay up a while, for work the app started in the background to report
await new Promise((resolve) => setTimeout(resolve, Number(process.env.TSAPPA_TEST_SETTLE_MS ?? 0)));
// results go to a file: the app's own console.log output goes to stdout, as to Lambda's log.
// Lambda freezes the process once the handler answered: a server left listening must not keep it alive
const { writeFileSync } = await import('node:fs');
writeFileSync(process.env.TSAPPA_TEST_RESULTS, JSON.stringify({ results, coldStartMs }));
process.exit(0);
`;

export interface LambdaRun {
  results: Array<{ ok: true; value: unknown } | { ok: false; error: string }>;
  /** from importing the handler's module to the first event's result, in the child */
  coldStartMs: number;
  /** what the process printed on stdout and stderr (the function's log) */
  stderr: string;
}

export interface InvokeOptions {
  /** the Node binary to run the handler on (default: this process's) */
  node?: string;
  /** kill the process after this long (default 60 s) */
  timeoutMs?: number;
  /** ms to stay up after the last event, for the app's background work to report (default 0) */
  settleMs?: number;
}

/** `env` replaces the environment (PATH is kept); no NODE_PATH unless given. */
export async function invokeLikeLambda(
  taskRoot: string,
  handler: string,
  events: unknown[],
  env: Record<string, string> = {},
  options: InvokeOptions = {},
): Promise<LambdaRun> {
  const dir = await mkdtemp(join(tmpdir(), 'tsappa-bootstrap-'));
  const bootstrap = join(dir, 'bootstrap.mjs');
  await writeFile(bootstrap, BOOTSTRAP);
  await writeFile(join(dir, 'node-path-hook.mjs'), NODE_PATH_HOOK);
  return new Promise((resolve, reject) => {
    const child = spawn(options.node ?? process.execPath, [bootstrap], {
      cwd: taskRoot,
      env: {
        PATH: process.env.PATH ?? '',
        LAMBDA_TASK_ROOT: taskRoot,
        _HANDLER: handler,
        AWS_LAMBDA_FUNCTION_NAME: 'fixture-app-dev',
        AWS_REGION: 'us-east-1',
        TSAPPA_STAGE: 'dev',
        TSAPPA_TEST_EVENTS: JSON.stringify(events),
        TSAPPA_TEST_RESULTS: join(dir, 'results.json'),
        TSAPPA_TEST_SETTLE_MS: String(options.settleMs ?? 0),
        TSAPPA_NODE_PATH_HOOK: pathToFileURL(join(dir, 'node-path-hook.mjs')).href,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') return reject(new Error(`the handler process did not finish within ${options.timeoutMs ?? 60_000} ms\n${stderr}`));
      if (code !== 0) return reject(new Error(`the handler process exited with ${code}\n${stderr}`));
      readFile(join(dir, 'results.json'), 'utf8')
        .then((text) => ({ ...(JSON.parse(text) as Omit<LambdaRun, 'stderr'>), stderr }))
        .then(resolve, (error: Error) => reject(new Error(`the handler process left no results (${error.message})\n${stderr}`)));
    });
  });
}

/** An API Gateway HTTP API (payload 2.0) request. */
export function httpApiEvent(method: string, path: string, query = ''): Record<string, unknown> {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: query,
    headers: { host: 'abc123.execute-api.us-east-1.amazonaws.com', accept: 'application/json' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'vitest' },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '21/Nov/2026:16:00:00 +0000',
      timeEpoch: 1795276800000,
    },
    isBase64Encoded: false,
  };
}

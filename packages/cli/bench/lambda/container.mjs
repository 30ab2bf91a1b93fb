/**
 * One Lambda execution environment on this machine: a Runtime API (runtime-api.mjs) and a Node
 * process running the runtime client (bootstrap.mjs) on a task root, with the environment
 * Lambda's Node.js runtime sets. Times are milliseconds since the process was spawned.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lambdaCpuShare } from './cpu-share.mjs';
import { startRuntimeApi } from './runtime-api.mjs';

const BOOTSTRAP = join(dirname(fileURLToPath(import.meta.url)), 'bootstrap.mjs');
/** The function's memory (`BENCH_MEMORY_MB`, default 1024): node's heap flags and the CPU share. */
export const MEMORY_MB = Number(process.env.BENCH_MEMORY_MB ?? 1024);
if (!(Number.isInteger(MEMORY_MB) && MEMORY_MB >= 128 && MEMORY_MB <= 10240)) {
  throw new Error(`BENCH_MEMORY_MB: expected Lambda's memory size, a whole number of MB from 128 to 10240, got "${process.env.BENCH_MEMORY_MB}"`);
}
/**
 * Every container gets Lambda's CPU share for MEMORY_MB (./cpu-share.mjs) where this machine lets
 * the benchmark set a CPU quota; BENCH_CPU=lambda insists on it, BENCH_CPU=machine gives them the
 * machine's CPUs.
 */
function cpuShare(mode) {
  if (mode === 'machine') return null;
  if (mode === 'lambda') return lambdaCpuShare(MEMORY_MB);
  if (mode !== undefined) throw new Error(`BENCH_CPU: expected "lambda" (Lambda's CPU share for the memory) or "machine" (the machine's CPUs), got "${mode}"`);
  try {
    return lambdaCpuShare(MEMORY_MB);
  } catch {
    return null; // no writable cgroup here: the heading says so
  }
}
const CPU_SHARE = cpuShare(process.env.BENCH_CPU);

/** What the containers run on, for the benchmark's heading. */
export function containerHeading() {
  if (CPU_SHARE) return `${MEMORY_MB} MB with Lambda's CPU share for it (${CPU_SHARE.vcpus.toFixed(2)} vCPU, a CFS quota)`;
  const why = process.env.BENCH_CPU === 'machine' ? 'BENCH_CPU=machine' : 'no writable cgroup for a CPU quota here';
  return `${MEMORY_MB} MB on the machine's CPUs (${why}), not Lambda's CPU share`;
}

/**
 * The flags Lambda's Node.js runtime starts node with (the `bootstrap` script of its base images):
 * the heap sized from the function's memory, a tenth of it for the young generation.
 */
function lambdaNodeFlags(memoryMb) {
  const newSpace = Math.floor(memoryMb / 10);
  return [
    '--expose-gc',
    '--max-http-header-size=81920',
    `--max-semi-space-size=${Math.floor(newSpace / 2)}`,
    `--max-old-space-size=${memoryMb - newSpace}`,
  ];
}

/**
 * @param {{ node: string, taskRoot: string, handler: string, env?: Record<string, string>, nodeArgs?: string[] }} options
 */
export async function startContainer({ node, taskRoot, handler, env = {}, nodeArgs = [] }) {
  const api = await startRuntimeApi();
  let stderr = '';
  const spawnedAt = performance.now();
  const argv = [node, ...lambdaNodeFlags(MEMORY_MB), ...nodeArgs, BOOTSTRAP];
  const [command, ...args] = CPU_SHARE ? CPU_SHARE.wrap(argv) : argv;
  const child = spawn(command, args, {
    cwd: taskRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      PATH: process.env.PATH,
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      LAMBDA_TASK_ROOT: taskRoot,
      LAMBDA_RUNTIME_DIR: dirname(BOOTSTRAP),
      _HANDLER: handler,
      AWS_LAMBDA_RUNTIME_API: api.address,
      AWS_LAMBDA_FUNCTION_NAME: 'bench',
      AWS_LAMBDA_FUNCTION_VERSION: '1',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(MEMORY_MB),
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand', // provisioned-concurrency environments run the init ahead
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      ...env,
    },
  });
  child.stderr.on('data', (c) => (stderr += c));
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const failure = Promise.race([
    api.initError.then((body) => new Error(`init error: ${body}\n${stderr}`)),
    exited.then((code) => new Error(`the runtime exited (${code}):\n${stderr}`)),
  ]);
  const since = (t) => t - spawnedAt;
  return {
    /** ms from spawn to the runtime's first GET /next: Lambda's init phase */
    init: Promise.race([api.firstNext.then(since), failure.then((e) => Promise.reject(e))]),
    /** `{ result, ms, answeredMs }`: the invocation's duration and when its answer came (since spawn) */
    async invoke(event) {
      const outcome = await Promise.race([api.invoke(event), failure.then((e) => Promise.reject(e))]);
      if (!outcome.ok) throw new Error(`the handler failed: ${outcome.body}`);
      return { result: outcome.body === '' ? undefined : JSON.parse(outcome.body), ms: outcome.answeredAt - outcome.sentAt, answeredMs: since(outcome.answeredAt) };
    },
    /** the process's exit code, once it exits */
    exited,
    stderr: () => stderr,
    async stop() {
      child.kill('SIGKILL');
      await exited;
      await api.close();
    },
  };
}

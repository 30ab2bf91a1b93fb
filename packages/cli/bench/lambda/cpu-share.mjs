/**
 * Lambda's CPU share, the benchmark's default where a CPU quota can be set (`BENCH_CPU=lambda`
 * insists on it). "Lambda allocates CPU power in proportion to the amount of memory configured ...
 * At 1,769 MB, a function has the equivalent of one vCPU (one vCPU-second of credits per second)"
 * (Lambda developer guide, "Configure Lambda function memory",
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html). Under 3,009 MB the
 * environment shows two vCPUs that share those credits. On an unconstrained 2-core machine, a cold
 * start that compiles and collects on V8's background threads gets the second core for free; on
 * Lambda below 3,538 MB (two vCPUs' worth of credits) those threads are paid from the same share
 * as the main thread. The naive zips spend about 50 ms of CPU on them.
 *
 * Modelled with a Linux CFS quota on a cgroup of its own (v2 `cpu.max`, or v1 `cpu.cfs_quota_us`)
 * that holds each container's process and its threads: memory / 1769 of one CPU in every period of
 * 10 ms (finer than the kernel's default 100 ms, so that a cold start of a few hundred ms is not
 * quantised into a few periods; Lambda's own accounting is not documented). Needs a writable cgroup
 * file system (root).
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const MB_PER_VCPU = 1769;
const PERIOD_US = 10_000;
/** The kernel's smallest CFS quota: below 177 MB the period grows so that the share fits it. */
const MIN_QUOTA_US = 1_000;

/** Which cgroup interface this machine has for the CPU controller, or null. */
function cpuController() {
  const v2 = '/sys/fs/cgroup';
  if (existsSync(join(v2, 'cgroup.controllers')) && readFileSync(join(v2, 'cgroup.controllers'), 'utf8').split(/\s+/).includes('cpu')) {
    return { version: 2, root: v2 };
  }
  const v1 = '/sys/fs/cgroup/cpu';
  if (existsSync(join(v1, 'cpu.cfs_quota_us'))) return { version: 1, root: v1 };
  return null;
}

/**
 * Creates the cgroup for a function of `memoryMb` and returns how to start a process in it:
 * `wrap(argv)` gives the command line that moves the shell into the cgroup, then execs argv.
 * Removed when this process exits.
 */
export function lambdaCpuShare(memoryMb) {
  const controller = cpuController();
  if (!controller) throw new Error('BENCH_CPU=lambda needs the cgroup CPU controller (/sys/fs/cgroup, v1 or v2); this machine has none');
  const period = Math.max(PERIOD_US, Math.ceil((MIN_QUOTA_US * MB_PER_VCPU) / memoryMb));
  const quota = Math.round((period * memoryMb) / MB_PER_VCPU);
  const dir = join(controller.root, `tsappa-bench-${process.pid}`);
  try {
    mkdirSync(dir, { recursive: true });
    process.once('exit', () => {
      try {
        rmdirSync(dir);
      } catch {
        // a container still running keeps it; the kernel frees an empty cgroup only on rmdir
      }
    });
    if (controller.version === 2) {
      writeFileSync(join(controller.root, 'cgroup.subtree_control'), '+cpu');
      writeFileSync(join(dir, 'cpu.max'), `${quota} ${period}`);
    } else {
      writeFileSync(join(dir, 'cpu.cfs_period_us'), String(period));
      writeFileSync(join(dir, 'cpu.cfs_quota_us'), String(quota));
    }
  } catch (error) {
    throw new Error(`BENCH_CPU=lambda could not set a CPU quota in ${dir} (${error.code ?? error.message}): it needs root`);
  }
  return {
    vcpus: quota / period,
    wrap: (argv) => ['/bin/sh', '-c', `echo $$ > ${dir}/cgroup.procs && exec "$@"`, 'sh', ...argv],
  };
}

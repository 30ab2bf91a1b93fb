/**
 * Where `tsappa serve` runs the package: a Lambda-like layout outside the project.
 *
 * In Lambda the code sits in /var/task (LAMBDA_TASK_ROOT, the working directory) with no
 * node_modules above it, and NODE_PATH names the runtime's own node_modules, which hold the AWS
 * SDK, and last the task root itself (`require('lib/db')` finds /var/task/lib/db.js). Locally each serve session gets one directory under the OS temp directory,
 * `tsappa-serve-<project>-<stage>-<random>/`, holding:
 * - `runtime/node_modules`: the stand-in for the runtime-provided SDK (./sdk-stand-in.ts);
 * - `build-<n>/`: each build's extracted zip, the task root of the containers serving it;
 * - `owner.json`: the serving process, so a later session can remove what a crashed one left.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ancestors, createSdkStandIn, type SdkStandIn } from './sdk-stand-in.js';

const PREFIX = 'tsappa-serve-';
const OWNER_FILE = 'owner.json';

export interface LambdaLayoutOptions {
  projectName: string;
  stage: string;
  /** directories whose installed `@aws-sdk/*` packages stand in for the runtime's, in order */
  sdkSearchFrom: readonly string[];
  /** default: the OS temp directory */
  tempDir?: string;
}

export interface LambdaLayout {
  /** the session's directory */
  readonly root: string;
  readonly sdk: SdkStandIn;
  /** a fresh task root for build `n` (not created) */
  taskRoot(n: number): string;
  /** LAMBDA_TASK_ROOT and NODE_PATH for containers running the build in `taskRoot` */
  environment(taskRoot: string): Record<string, string>;
  /** removes the session's directory */
  remove(): Promise<void>;
}

/** The first `node_modules` in `dir` or above it, which a build there could resolve from. */
export function nodeModulesAbove(dir: string): string | null {
  for (const parent of ancestors(dir)) {
    const candidate = join(parent, 'node_modules');
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

function slug(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 40);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the session directories whose serving process is gone (a crashed or killed CLI). */
export async function removeStaleSessions(tempDir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of readdirSync(tempDir).filter((n) => n.startsWith(PREFIX))) {
    const dir = join(tempDir, name);
    let pid: number;
    try {
      pid = (JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8')) as { pid: number }).pid;
    } catch {
      continue; // not a session directory, or not ours to judge
    }
    if (Number.isInteger(pid) && !isRunning(pid)) {
      await rm(dir, { recursive: true, force: true }).then(() => removed.push(dir), () => undefined);
    }
  }
  return removed;
}

/** Creates the session's directory and its SDK stand-in. */
export async function createLambdaLayout(options: LambdaLayoutOptions): Promise<LambdaLayout> {
  const tempDir = options.tempDir ?? tmpdir();
  const above = nodeModulesAbove(tempDir);
  if (above) {
    throw new Error(
      `serve extracts builds under the temp directory ${tempDir}, which has ${above} above it: the local function could load ` +
        'packages from there that Lambda cannot. Expected a temp directory with no node_modules above it; set TMPDIR to one or remove that node_modules.',
    );
  }
  await removeStaleSessions(tempDir);
  const root = await mkdtemp(join(tempDir, `${PREFIX}${slug(options.projectName)}-${slug(options.stage)}-`));
  try {
    await writeFile(join(root, OWNER_FILE), JSON.stringify({ pid: process.pid, project: options.projectName, stage: options.stage }));
    const sdk = await createSdkStandIn(join(root, 'runtime'), options.sdkSearchFrom);
    return {
      root,
      sdk,
      taskRoot: (n) => join(root, `build-${n}`),
      // Lambda's order: the runtime's directories, then the task root
      environment: (taskRoot) => ({ LAMBDA_TASK_ROOT: taskRoot, NODE_PATH: [sdk.nodeModules, taskRoot].join(delimiter) }),
      remove: () => rm(root, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}

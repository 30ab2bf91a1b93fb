/**
 * examples/quote-api copied to a scratch directory, for the deploy tests against moto: the
 * tests change its code and settings there, never in the example itself.
 *
 * Importing this module puts ./moto-bin first on PATH, so describeWithMoto starts moto with
 * moto_patches.py (the `live` alias through CloudFormation, a failed create rolled back the way
 * AWS does it, Node functions invoked without Docker by this very Node).
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MOTO_REGION } from '../../../../test/support/moto.js';
import { runCli, type CliRun } from '../run-cli.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const EXAMPLE = resolve(HERE, '../../../../examples/quote-api');
process.env.PATH = `${join(HERE, 'moto-bin')}:${process.env.PATH ?? ''}`;
process.env.TSAPPA_TEST_NODE = process.execPath;

/** The example's stack name for stage dev. */
export const STACK = 'quote-api-dev';

type StageSettings = Record<string, unknown>;

function exampleDev(): StageSettings {
  return (JSON.parse(readFileSync(join(EXAMPLE, 'tsappa.json'), 'utf8')) as { dev: StageSettings }).dev;
}

/**
 * The example's dev stage in moto's region, without the custom domain (a test that wants one
 * sets it: the stack creates it, moto_patches.py section 73), with `overrides` on top.
 */
export function motoSettings(overrides: StageSettings = {}): { dev: StageSettings } {
  const dev: StageSettings = { ...exampleDev(), awsRegion: MOTO_REGION };
  delete dev.domain;
  delete dev.certificateArn;
  return { dev: { ...dev, ...overrides } };
}

/** keep-warm plus the example's schedules */
export function exampleScheduleCount(): number {
  return 1 + ((exampleDev().events as { expression?: string }[] | undefined) ?? []).filter((e) => e.expression).length;
}

export function exampleTimeout(): number {
  return (exampleDev().timeoutSeconds as number | undefined) ?? 30;
}

/** The example's s3Bucket, or the default tsappa-<accountId>-<region> (moto's account). */
export function exampleBucket(): string {
  return (exampleDev().s3Bucket as string | undefined) ?? `tsappa-123456789012-${MOTO_REGION}`;
}

export interface ScratchProject {
  dir: string;
  cli(...args: string[]): Promise<CliRun>;
  writeSettings(overrides?: StageSettings): void;
  remove(): void;
}

/** A fresh copy of the example's sources and package.json, with motoSettings() written. */
export function scratchProject(name: string): ScratchProject {
  const dir = join(HERE, '..', '.tsappa', `${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(EXAMPLE, 'src'), join(dir, 'src'), { recursive: true });
  cpSync(join(EXAMPLE, 'package.json'), join(dir, 'package.json'));
  const writeSettings = (overrides: StageSettings = {}) => writeFileSync(join(dir, 'tsappa.json'), JSON.stringify(motoSettings(overrides), null, 2));
  writeSettings();
  return {
    dir,
    cli: (...args) => runCli(args, dir),
    writeSettings,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Fast stack polling for a test file (200 ms polls, a 60 s deadline): call in beforeAll, and
 * call what it returns in afterAll to restore the environment.
 */
export function fastStackPolling(): () => void {
  const saved = { poll: process.env.TSAPPA_STACK_POLL_MS, deadline: process.env.TSAPPA_STACK_DEADLINE_SECONDS };
  process.env.TSAPPA_STACK_POLL_MS = '200';
  process.env.TSAPPA_STACK_DEADLINE_SECONDS = '60';
  return () => {
    if (saved.poll === undefined) delete process.env.TSAPPA_STACK_POLL_MS;
    else process.env.TSAPPA_STACK_POLL_MS = saved.poll;
    if (saved.deadline === undefined) delete process.env.TSAPPA_STACK_DEADLINE_SECONDS;
    else process.env.TSAPPA_STACK_DEADLINE_SECONDS = saved.deadline;
  };
}

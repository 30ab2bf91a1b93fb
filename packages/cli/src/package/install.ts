import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Architecture } from '@tsappa/templates';
import { PackageError } from './errors.js';
import { nodeModulesEntries, productionLayout, layoutEntries } from './dependencies.js';
import type { InstalledPackage } from './packages.js';
import type { ArchiveEntry, InstallStrategy } from './types.js';

/** npm's name for the Lambda architecture. */
export function npmCpu(architecture: Architecture): 'x64' | 'arm64' {
  return architecture === 'arm64' ? 'arm64' : 'x64';
}

/** True when packages installed on this machine run unchanged on Lambda with this architecture. */
export function hostMatchesTarget(architecture: Architecture, host = { platform: process.platform, arch: process.arch }): boolean {
  return host.platform === 'linux' && host.arch === npmCpu(architecture);
}

export function chooseStrategy(strategy: InstallStrategy, architecture: Architecture): 'npm' | 'copy' {
  if (strategy !== 'auto') return strategy;
  return hostMatchesTarget(architecture) ? 'copy' : 'npm';
}

/** The npm command line that installs production packages for Lambda (linux, glibc, the architecture). */
export function npmInstallArgs(architecture: Architecture): string[] {
  return [
    'install',
    '--omit=dev',
    '--os=linux',
    `--cpu=${npmCpu(architecture)}`,
    '--libc=glibc',
    '--no-package-lock',
    '--no-audit',
    '--no-fund',
    '--no-save',
    '--install-links',
    '--loglevel=error',
  ];
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}\n${stderr.trim()}`)),
    );
  });
}

/**
 * Installs `packages` (at their installed versions) for linux + the architecture into a staging
 * directory with npm, production dependencies only; returns the zip entries and a cleanup.
 */
export async function npmInstallForTarget(
  packages: readonly InstalledPackage[],
  architecture: Architecture,
): Promise<{ entries: ArchiveEntry[]; cleanup: () => Promise<void> }> {
  const staging = await mkdtemp(join(tmpdir(), 'tsappa-install-'));
  const dependencies = Object.fromEntries(packages.map((p) => [p.name, p.version]));
  await writeFile(join(staging, 'package.json'), JSON.stringify({ name: 'tsappa-staging', private: true, dependencies }));
  const cpu = npmCpu(architecture);
  const env = {
    ...process.env,
    // prebuild-install / node-pre-gyp pick their binary from these
    npm_config_platform: 'linux',
    npm_config_arch: cpu,
    npm_config_target_arch: cpu,
    npm_config_libc: 'glibc',
  };
  try {
    await run(process.platform === 'win32' ? 'npm.cmd' : 'npm', npmInstallArgs(architecture), staging, env);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new PackageError(
      `installing ${packages.map((p) => `${p.name}@${p.version}`).join(', ')} for linux-${cpu} failed: ${(error as Error).message}`,
      { setting: 'external', cause: error },
    );
  }
  return {
    entries: nodeModulesEntries(join(staging, 'node_modules')),
    cleanup: () => rm(staging, { recursive: true, force: true }),
  };
}

/** The zip entries of `packages` and their production dependencies, installed for the target. */
export async function installForTarget(
  packages: readonly InstalledPackage[],
  architecture: Architecture,
  strategy: InstallStrategy,
): Promise<{ entries: ArchiveEntry[]; cleanup: () => Promise<void>; strategy: 'npm' | 'copy' }> {
  const chosen = chooseStrategy(strategy, architecture);
  if (packages.length === 0) return { entries: [], cleanup: async () => {}, strategy: chosen };
  if (chosen === 'copy') {
    return { entries: layoutEntries(productionLayout(packages)), cleanup: async () => {}, strategy: chosen };
  }
  return { ...(await npmInstallForTarget(packages, architecture)), strategy: chosen };
}

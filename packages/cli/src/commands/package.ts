import { relative, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import { loadStageFor } from '../cli/stage.js';
import { PackageError, buildPackage, formatBytes, type InstallStrategy, type PackageResult } from '../package/index.js';
import type { MakeContext } from './types.js';

interface PackageArgs extends GlobalOptions {
  stage?: string;
  output?: string;
  analyze: boolean;
  'bundle-aws-sdk': boolean;
  install: InstallStrategy;
}

/** The human summary: path, sizes, sha256, entry count, native modules; `analyze` adds the biggest entries. */
export function describePackage(result: PackageResult, cwd: string, analyze: boolean): string {
  const lines = [
    `package   ${relative(cwd, result.path) || result.path}`,
    `handler   ${result.handler}`,
    `size      ${formatBytes(result.zippedBytes)} zipped, ${formatBytes(result.unzippedBytes)} unzipped, ${result.entryCount} entries`,
    `sha256    ${result.sha256}`,
    `artifact  ${result.artifactKey}`,
  ];
  if (result.nativeModules.length > 0) {
    lines.push(`native    ${result.nativeModules.map((m) => `${m.name}@${m.version} (${m.reason})`).join(', ')}`);
  }
  if (result.installedPackages.length > 0) lines.push(`installed ${result.installedPackages.join(', ')}`);
  if (result.slimArchive) {
    const a = result.slimArchive;
    lines.push(`app       ${relative(cwd, a.path) || a.path} (${formatBytes(a.zippedBytes)} zipped, ${formatBytes(a.unzippedBytes)} unzipped, sha256 ${a.sha256})`);
  }
  if (analyze) {
    lines.push('', 'biggest entries:');
    for (const e of result.biggestEntries) lines.push(`  ${formatBytes(e.bytes).padStart(10)}  ${e.name}`);
    lines.push('', 'biggest contributors:');
    for (const e of result.biggestContributors) lines.push(`  ${formatBytes(e.bytes).padStart(10)}  ${e.name}`);
  }
  return lines.join('\n');
}

export function packageCommand(makeContext: MakeContext): CommandModule<GlobalOptions, PackageArgs> {
  return {
    command: 'package [stage]',
    describe: "Build the stage's deployment zip: prints its path, sizes and sha256",
    builder: (yargs: Argv<GlobalOptions>) =>
      yargs
        .positional('stage', { type: 'string', describe: 'the stage (optional when the settings hold exactly one)' })
        .option('output', { alias: 'o', type: 'string', requiresArg: true, describe: 'write the zip here (default .tsappa/<artifact>.zip)' })
        .option('analyze', { type: 'boolean', default: false, describe: 'also list the biggest entries and contributors' })
        .option('bundle-aws-sdk', { type: 'boolean', default: false, describe: "bundle the project's pinned AWS SDK instead of the runtime's" })
        .option('install', {
          choices: ['auto', 'npm', 'copy'] as const,
          default: 'auto' as const,
          describe: 'how unbundled packages are installed for Lambda (auto: copy when this machine matches the target)',
        })
        .example('$0 package dev', 'build the dev zip')
        .example('$0 package prod -o build/prod.zip --analyze', 'write it elsewhere and show what takes the space') as Argv<PackageArgs>,
    handler: async (argv) => {
      const ctx = makeContext(argv);
      const settings = await loadStageFor(ctx, argv.stage);
      let result: PackageResult;
      try {
        result = await buildPackage(settings, {
          ...(argv.output ? { outFile: resolve(ctx.cwd, argv.output) } : {}),
          bundleAwsSdk: argv['bundle-aws-sdk'],
          install: argv.install,
          onProgress: (message) => ctx.output.info(`  ${message}`),
        });
      } catch (error) {
        if (error instanceof PackageError) throw new CliError(error.message, 1);
        throw error;
      }
      for (const warning of result.warnings) ctx.output.warn(warning);
      for (const m of result.nativeModules) ctx.output.info(`  native addon ${m.name}@${m.version}: ${m.reason}; installed for linux-${settings.architecture}`);
      ctx.output.success(`packaged ${settings.stage}`);
      ctx.output.result(result, () => describePackage(result, ctx.cwd, argv.analyze));
    },
  };
}

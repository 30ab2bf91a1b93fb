/**
 * `tsappa package`: the stage's deployment artifact. Generates the Lambda entry, bundles it with
 * esbuild (or ships the app's files with `bundle: false`), installs what cannot be bundled for
 * the target platform, leaves secrets out, checks sizes and writes a deterministic zip.
 */
import type { ResolvedSettings } from '@tsappa/templates';
import { artifactKey, finalEntries, installedNames, nativeModules, writeArtifact } from './artifact.js';
import { buildBundled } from './build-bundled.js';
import { buildSlim } from './build-slim.js';
import { buildUnbundled } from './build-unbundled.js';
import { HANDLER } from './entry-source.js';
import { PackageError } from './errors.js';
import { collectEntryImports } from './function-ref.js';
import { includedFiles } from './project-files.js';
import { detectTasks } from './task-usage.js';
import { staticFolderGlobs } from './static-folders.js';
import { toRuntimeConfig } from './runtime-config.js';
import { LAMBDA_UNZIPPED_LIMIT, biggestContributors, biggestEntries, checkUnzippedSize } from './size.js';
import type { PackageOptions, PackageResult } from './types.js';

export { PackageError } from './errors.js';
export { HANDLER } from './entry-source.js';
export { artifactKey } from './artifact.js';
export { formatBytes, LAMBDA_UNZIPPED_LIMIT } from './size.js';
export { SECRET_PATTERNS } from './filters.js';
export type * from './types.js';

/**
 * Builds the stage's deployment zip (and, with `slimHandler`, the app archive). Throws a
 * {@link PackageError} naming the setting and file for anything the user must fix.
 */
export async function buildPackage(settings: ResolvedSettings, options: PackageOptions = {}): Promise<PackageResult> {
  const progress = options.onProgress ?? (() => {});
  const imports = collectEntryImports(settings);

  if (settings.slimHandler) {
    if (!settings.bundle) {
      throw new PackageError('slimHandler needs "bundle": true (the app archive is the bundled app)', { setting: 'slimHandler' });
    }
    return { ...(await buildSlim(settings, imports, options)), tasks: await detectTasks(settings, imports) };
  }

  const config = toRuntimeConfig(settings);
  progress(settings.bundle ? 'bundling with esbuild' : 'collecting app files and production node_modules');
  const built = settings.bundle
    ? { ...(await buildBundled(settings, imports, config, options)), extra: includedFiles(settings.projectDir, [...settings.include, ...staticFolderGlobs(settings.projectDir)]) }
    : await buildUnbundled(settings, imports, config, options);
  try {
    const entries = finalEntries(built.entries, built.extra, settings.exclude);
    checkUnzippedSize(entries, { limit: options.maxUnzippedBytes ?? LAMBDA_UNZIPPED_LIMIT, slimHandler: false, what: 'The package' });
    progress('writing the zip');
    const zip = await writeArtifact(entries, settings, { outFile: options.outFile });
    const count = options.biggestCount ?? 10;
    return {
      ...zip,
      artifactKey: artifactKey(settings, zip.sha256),
      handler: HANDLER,
      biggestEntries: biggestEntries(entries, count),
      biggestContributors: biggestContributors(entries, count),
      nativeModules: nativeModules(built.unbundled),
      installedPackages: installedNames(built.unbundled),
      slimArchive: null,
      runtimeConfig: config,
      warnings: built.warnings,
      tasks: await detectTasks(settings, imports),
    };
  } finally {
    await built.cleanup();
  }
}

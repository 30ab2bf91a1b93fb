/**
 * slimHandler: the app (modules, chunks, node_modules) goes into an archive for S3; the Lambda
 * zip holds the runtime and the loader, with the archive's key and sha256 in its config.
 */
import type { ResolvedSettings } from '@tsappa/templates';
import { artifactKey, finalEntries, installedNames, nativeModules, writeArtifact } from './artifact.js';
import { buildSlimApp, buildSlimEntry } from './build-bundled.js';
import { HANDLER } from './entry-source.js';
import type { EntryImports } from './function-ref.js';
import { includedFiles } from './project-files.js';
import { staticFolderGlobs } from './static-folders.js';
import { toRuntimeConfig } from './runtime-config.js';
import { LAMBDA_UNZIPPED_LIMIT, biggestContributors, biggestEntries, checkUnzippedSize } from './size.js';
import type { PackageOptions, PackageResult } from './types.js';

export async function buildSlim(
  settings: ResolvedSettings,
  imports: EntryImports,
  options: PackageOptions,
): Promise<Omit<PackageResult, 'tasks'>> {
  const progress = options.onProgress ?? (() => {});
  const count = options.biggestCount ?? 10;
  progress('bundling the app archive with esbuild');
  const app = await buildSlimApp(settings, imports, options);
  try {
    const appEntries = finalEntries(app.entries, includedFiles(settings.projectDir, [...settings.include, ...staticFolderGlobs(settings.projectDir)]), settings.exclude);
    // the archive is unpacked into /tmp: it must fit in the function's ephemeral storage
    checkUnzippedSize(appEntries, { limit: settings.ephemeralStorage * 1024 * 1024, slimHandler: true, what: 'The app archive' });
    progress('writing the app archive');
    const archive = await writeArtifact(appEntries, settings, { suffix: '-app' });
    const key = artifactKey(settings, archive.sha256, '-app');
    const config = toRuntimeConfig(settings, { bucket: settings.s3Bucket, key, sha256: archive.sha256 });

    progress('bundling the slim handler');
    const entries = await buildSlimEntry(settings, config, options);
    checkUnzippedSize(entries, { limit: options.maxUnzippedBytes ?? LAMBDA_UNZIPPED_LIMIT, slimHandler: true, what: 'The slim handler' });
    progress('writing the zip');
    const zip = await writeArtifact(entries, settings, { outFile: options.outFile });
    return {
      ...zip,
      artifactKey: artifactKey(settings, zip.sha256),
      handler: HANDLER,
      biggestEntries: biggestEntries(appEntries, count),
      biggestContributors: biggestContributors(appEntries, count),
      nativeModules: nativeModules(app.unbundled),
      installedPackages: installedNames(app.unbundled),
      slimArchive: { ...archive, key },
      runtimeConfig: config,
      warnings: app.warnings,
    };
  } finally {
    await app.cleanup();
  }
}

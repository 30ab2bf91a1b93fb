/** The packager library for the benchmarks: compiled from src on the fly (no tsc build needed). */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The packager and the settings loader. */
export async function loadLibrary() {
  const outfile = join(HERE, '.cache', 'lib.mjs');
  await build({
    stdin: {
      contents: [
        `export * from '../src/package/index.ts';`,
        `export { productionLayout, resolveRoots } from '../src/package/dependencies.ts';`,
        `export { productionDependencies, readPackageJson, findInstalledPackage } from '../src/package/packages.ts';`,
        `export { loadStage } from '../src/settings/index.ts';`,
      ].join('\n'),
      resolveDir: HERE,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'error',
  });
  // the packager finds its own files (and @tsappa/runtime) relative to src/package
  return import(pathToFileURL(outfile).href);
}


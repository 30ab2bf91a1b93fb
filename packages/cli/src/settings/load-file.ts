/**
 * Finding and reading the settings file with cosmiconfig: `tsappa.json`,
 * `tsappa.config.{ts,mts,mjs,js,cjs}`, or the `tsappa` key of package.json; `--config PATH`
 * picks a file explicitly. TypeScript configs are compiled with esbuild (already a tsappa
 * dependency), so no TypeScript install is needed at run time.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cosmiconfig, type Loader } from 'cosmiconfig';
import { SettingsError } from './errors.js';

export const SEARCH_PLACES = [
  'tsappa.json',
  'tsappa.config.ts',
  'tsappa.config.mts',
  'tsappa.config.mjs',
  'tsappa.config.js',
  'tsappa.config.cjs',
  'package.json',
];

export interface SettingsFile {
  /** absolute path of the file */
  file: string;
  /** the file's directory: the project */
  projectDir: string;
  /** the raw contents: stage name -> stage object (not validated yet) */
  contents: unknown;
}

const loadTypeScript: Loader = async (filepath) => {
  const { build } = await import('esbuild');
  const dir = join(dirname(filepath), '.tsappa');
  await mkdir(dir, { recursive: true });
  const out = join(dir, `${basename(filepath)}.${process.pid}.${Date.now()}.mjs`);
  try {
    await build({
      entryPoints: [filepath],
      outfile: out,
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
    });
    const mod = (await import(pathToFileURL(out).href)) as { default?: unknown };
    return mod.default;
  } finally {
    await rm(out, { force: true });
  }
};

const loadModule: Loader = async (filepath) => {
  const mod = (await import(`${pathToFileURL(filepath).href}?t=${Date.now()}`)) as { default?: unknown };
  return mod.default;
};

function explorer() {
  return cosmiconfig('tsappa', {
    searchPlaces: SEARCH_PLACES,
    searchStrategy: 'project',
    packageProp: 'tsappa',
    cache: false,
    loaders: {
      '.ts': loadTypeScript,
      '.mts': loadTypeScript,
      '.mjs': loadModule,
      '.js': loadModule,
      '.cjs': loadModule,
    },
  });
}

function fileProblem(file: string, message: string): SettingsError {
  return new SettingsError([{ file, stage: null, path: '', message }]);
}

/** Reads the settings file, from `configPath` or found from `cwd` upwards to the project root. */
export async function readSettingsFile(options: { cwd: string; configPath?: string | undefined }): Promise<SettingsFile> {
  const ex = explorer();
  let result: { filepath: string; config: unknown; isEmpty?: boolean } | null;
  const target = options.configPath ? resolve(options.cwd, options.configPath) : null;
  try {
    if (target) {
      if (!existsSync(target)) throw fileProblem(target, 'expected a settings file here, found nothing (check --config)');
      result = await ex.load(target);
    } else {
      result = await ex.search(options.cwd);
    }
  } catch (error) {
    if (error instanceof SettingsError) throw error;
    const message = (error as Error).message.replace(/\s+/g, ' ').trim();
    throw fileProblem(target ?? join(options.cwd, 'tsappa.json'), `could not be read: ${message}`);
  }
  if (!result) {
    throw fileProblem(
      join(options.cwd, 'tsappa.json'),
      `expected a settings file (${SEARCH_PLACES.slice(0, -1).join(', ')} or a "tsappa" key in package.json), found none: run "tsappa init"`,
    );
  }
  return { file: result.filepath, projectDir: dirname(result.filepath), contents: result.isEmpty ? {} : result.config };
}

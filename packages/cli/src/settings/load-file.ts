/**
 * Finding and reading the settings file with cosmiconfig: `tsappa.json`,
 * `tsappa.config.{ts,mts,mjs,js,cjs}`, or the `tsappa` key of package.json; `--config PATH`
 * picks a file explicitly. TypeScript configs are compiled with esbuild (already a tsappa
 * dependency), so no TypeScript install is needed at run time.
 */
import { existsSync, readFileSync } from 'node:fs';
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

/** The problem with a file of settings, named by its own path. */
function fileProblem(file: string, message: string): SettingsError {
  return new SettingsError([{ file, stage: null, path: '', message }]);
}

const oneLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();

/** A config module's default export, or a problem naming the file when it throws or exports nothing. */
async function defaultExport(filepath: string, load: () => Promise<{ default?: unknown }>): Promise<unknown> {
  let mod: { default?: unknown };
  try {
    mod = await load();
  } catch (error) {
    throw fileProblem(filepath, `threw while loading: ${oneLine(error)}`);
  }
  if (mod.default === undefined) throw fileProblem(filepath, 'expected a default export of the stages (export default defineConfig({ dev: { ... } })), found none');
  return mod.default;
}

const EMPTY = 'is empty: expected an object of named stages, such as { "dev": { "app": "src/app.ts:app" } }';

/** JSON settings: a byte-order mark is allowed; an empty file or `null` is a clear problem, not "no settings". */
const loadJson: Loader = async (filepath, content) => {
  const text = content.replace(/^\uFEFF/, '');
  const isPackageJson = basename(filepath) === 'package.json';
  if (text.trim() === '') {
    if (isPackageJson) return null;
    throw fileProblem(filepath, EMPTY);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw fileProblem(filepath, `expected JSON, found a syntax error: ${oneLine(error)}`);
  }
  if (parsed === null && !isPackageJson) throw fileProblem(filepath, 'expected an object of named stages, found null');
  return parsed;
};

const loadTypeScript: Loader = async (filepath) => {
  const { build } = await import('esbuild');
  const dir = join(dirname(filepath), '.tsappa');
  await mkdir(dir, { recursive: true });
  const out = join(dir, `${basename(filepath)}.${process.pid}.${Date.now()}.mjs`);
  try {
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
    } catch (error) {
      throw fileProblem(filepath, `could not be compiled: ${oneLine(error)}`);
    }
    return await defaultExport(filepath, () => import(pathToFileURL(out).href) as Promise<{ default?: unknown }>);
  } finally {
    await rm(out, { force: true });
  }
};

const loadModule: Loader = (filepath) =>
  defaultExport(filepath, () => import(`${pathToFileURL(filepath).href}?t=${Date.now()}`) as Promise<{ default?: unknown }>);

function explorer() {
  return cosmiconfig('tsappa', {
    searchPlaces: SEARCH_PLACES,
    searchStrategy: 'project',
    packageProp: 'tsappa',
    cache: false,
    loaders: {
      '.json': loadJson,
      '.ts': loadTypeScript,
      '.mts': loadTypeScript,
      '.mjs': loadModule,
      '.js': loadModule,
      '.cjs': loadModule,
    },
  });
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
    // errors of the loaders above name their file; this is what cosmiconfig itself could not read
    const file = (error as { filepath?: unknown }).filepath;
    throw fileProblem(typeof file === 'string' ? file : (target ?? options.cwd), `could not be read: ${oneLine(error)}`);
  }
  if (result?.isEmpty) throw fileProblem(result.filepath, EMPTY);
  if (!result) {
    // cosmiconfig passes over an empty file as if there were none: say that it is empty
    const empty = SEARCH_PLACES.slice(0, -1).map((name) => join(options.cwd, name)).find((file) => existsSync(file) && readFileSync(file, 'utf8').replace(/^\uFEFF/, '').trim() === '');
    if (empty) throw fileProblem(empty, EMPTY);
    throw fileProblem(
      join(options.cwd, 'tsappa.json'),
      `expected a settings file (${SEARCH_PLACES.slice(0, -1).join(', ')} or a "tsappa" key in package.json), found none: run "tsappa init"`,
    );
  }
  return { file: result.filepath, projectDir: dirname(result.filepath), contents: result.config };
}

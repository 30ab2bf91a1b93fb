/**
 * Each bundled module keeps its own `__dirname`, `__filename` and `import.meta.url`.
 *
 * esbuild puts every module into chunks at the task root, so without help `__dirname` in
 * `src/app.ts` would name the root, and `path.join(__dirname, '../views')` would point outside
 * the zip. The files an app reads at run time are shipped at their original places (see
 * zip-paths.ts), so each module that mentions one of these names is rewritten, with esbuild's
 * own parser (`define`, which replaces identifiers and never strings or comments), to use
 * constants holding its original location under the task root. The root is the directory of the
 * chunk, which the ESM banner computes once (`__tsappaRoot`).
 */
import { transform, type Loader } from 'esbuild';
import { zipPathOf } from './zip-paths.js';

/** Names that, in a module's source, mean "where this module is". */
const LOCATION_NAME = /__dirname|__filename|import\.meta\.(url|dirname|filename)/;

/** Whether a module's source refers to its own location (and so needs rewriting). */
export function mentionsLocation(source: string): boolean {
  return LOCATION_NAME.test(source);
}

const q = (s: string) => JSON.stringify(s);

/**
 * Rewrites `source` so that its location names hold `file`'s place inside the zip. `id` makes
 * the constants unique in the chunk (ES modules share one scope once bundled). Returns null
 * when the file has no place in the zip (left as esbuild bundles it).
 */
export async function withModuleLocation(
  source: string,
  options: { file: string; projectDir: string; id: number; loader: Loader; tsconfigRaw?: string | undefined },
): Promise<string | null> {
  const path = zipPathOf(options.file, options.projectDir);
  if (path === null) return null;
  const slash = path.lastIndexOf('/');
  const dir = slash < 0 ? '' : path.slice(0, slash);
  const names = { dir: `__tsappaDir${options.id}`, file: `__tsappaFile${options.id}`, url: `__tsappaUrl${options.id}` };
  const result = await transform(source, {
    loader: options.loader,
    sourcefile: options.file,
    sourcemap: 'inline',
    sourcesContent: false,
    ...(options.tsconfigRaw !== undefined ? { tsconfigRaw: options.tsconfigRaw } : {}),
    define: {
      __dirname: names.dir,
      __filename: names.file,
      'import.meta.dirname': names.dir,
      'import.meta.filename': names.file,
      'import.meta.url': names.url,
    },
  });
  const declarations =
    `var ${names.dir}=__tsappaRoot${dir ? `+${q(`/${dir}`)}` : ''},` +
    `${names.file}=__tsappaRoot+${q(`/${path}`)},` +
    `${names.url}=__tsappaPathToFileURL(${names.file}).href;`;
  // after any directive prologue ("use strict" must stay first), and on the same line so the
  // inline source map's lines still match
  const prologue = /^(?:\s*(?:"[^"\n]*"|'[^'\n]*')\s*;)*/.exec(result.code)?.[0] ?? '';
  return `${prologue}${declarations}${result.code.slice(prologue.length)}`;
}

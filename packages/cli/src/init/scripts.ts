/**
 * The modules a project's package.json scripts run (`start`, `dev`, `serve` and their `:x`
 * variants): `node ./bin/www`, `tsx watch src/index.ts`, `node dist/main` (its source,
 * `src/main.ts`, when there is one), `nest start` (nest-cli.json's entry), and the module
 * `fastify start` serves (a fastify-cli app).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';

export interface ScriptModules {
  /** project-relative modules the scripts run, `start` first, sources preferred over build output */
  modules: string[];
  /** the module a `fastify start` script serves, or null */
  fastifyStart: string | null;
}

const SOURCE_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];
const BUILD_DIRS = /^(?:dist|build|out)\//;

const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();

/** The project file a script argument names, its TypeScript source preferred to build output; null when none. */
export function scriptPathToModule(dir: string, argument: string): string | null {
  if (argument.startsWith('-') || argument.includes('node_modules')) return null;
  const path = normalize(argument).replace(/\\/g, '/').replace(/^\.\//, '');
  if (path.startsWith('..') || path.startsWith('/')) return null;
  const stem = path.replace(/\.(?:[cm]?js)$/, '');
  const sources = BUILD_DIRS.test(path) ? SOURCE_EXTENSIONS.map((ext) => stem.replace(BUILD_DIRS, 'src/') + ext) : [];
  const asWritten = [path, ...SOURCE_EXTENSIONS.map((ext) => path + ext)];
  return [...sources, ...asWritten].find((candidate) => isFile(join(dir, candidate))) ?? null;
}

function nestEntry(dir: string): string {
  let config: { sourceRoot?: unknown; entryFile?: unknown } = {};
  try {
    config = JSON.parse(readFileSync(join(dir, 'nest-cli.json'), 'utf8')) as typeof config;
  } catch {
    // Nest's defaults
  }
  const root = typeof config.sourceRoot === 'string' ? config.sourceRoot : 'src';
  const entry = typeof config.entryFile === 'string' ? config.entryFile : 'main';
  return `${root}/${entry}.ts`;
}

const RUN_SCRIPTS = /^(?:start|dev|serve)(?::|$)/;
const order = (name: string) => (name === 'start' ? 0 : name === 'dev' ? 1 : 2);

export function scriptModules(dir: string, scripts: Record<string, string> | undefined): ScriptModules {
  const modules: string[] = [];
  let fastifyStart: string | null = null;
  const names = Object.keys(scripts ?? {}).filter((name) => RUN_SCRIPTS.test(name)).sort((a, b) => order(a) - order(b));
  for (const name of names) {
    for (const command of (scripts?.[name] ?? '').split(/&&|\|\||;|\|/)) {
      const words = command.trim().split(/\s+/).map((word) => word.replace(/^['"]|['"]$/g, ''));
      const files = words.map((word) => scriptPathToModule(dir, word)).filter((file): file is string => file !== null);
      const start = words.findIndex((word, i) => word === 'start' && /(?:^|\/)(?:fastify|nest)$/.test(words[i - 1] ?? ''));
      if (start > 0 && /fastify$/.test(words[start - 1] ?? '')) fastifyStart ??= files.at(-1) ?? null;
      if (start > 0 && /nest$/.test(words[start - 1] ?? '')) files.push(nestEntry(dir));
      for (const file of files) if (!modules.includes(file) && isFile(join(dir, file))) modules.push(file);
    }
  }
  return { modules, fastifyStart };
}

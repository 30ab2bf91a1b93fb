/**
 * What `tsappa init` can tell about an existing project, without running any of its code: its
 * name, the framework among the dependencies, and the `app` (and `appType`) settings that serve
 * it unchanged:
 * - a fastify-cli app (a `fastify start <file>` script): the plugin, `appType: "fastify-plugin"`;
 * - a module that exports the app (express-generator's and koa-generator's app.js, `src/app.ts`):
 *   `module:export`;
 * - otherwise a module that starts a server (Nest's src/main.ts, Hono's `serve()`, a server.js
 *   that only listens): the module alone; the runtime serves the server it starts.
 * Modules are looked for in what the package.json scripts run, `main`, then the usual places;
 * a module that starts a server is followed to the app module it imports (bin/www -> app.js).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, posix } from 'node:path';
import { slugify } from '../settings/defaults.js';
import { scriptModules, scriptPathToModule } from './scripts.js';
import { detectExport, isFastifyPluginModule, localImports, startsServer } from './source-hints.js';

export { detectExport } from './source-hints.js';

export type Framework = 'express' | 'koa' | 'fastify' | 'hono' | 'hapi' | 'nestjs' | 'http';
export type AppType = 'auto' | 'fastify-plugin';

/** How the detected app is served. */
export type AppKind = 'export' | 'server' | 'fastify-plugin';

export interface Detection {
  projectName: string;
  /** the `app` setting to write (`module:export`, or the module alone when it only starts a server); null when no module was found */
  app: string | null;
  /** module path relative to the project, or null when none was found */
  entry: string | null;
  /** the export that holds the app; null when the module only starts a server */
  exportName: string | null;
  appType: AppType;
  kind: AppKind | null;
  framework: Framework;
  /** things the user should know (nothing found, a module init could not make sense of) */
  notes: string[];
}

/** Checked in order after the scripts' modules and package.json `main`: app modules before servers and indexes. */
export const ENTRY_CANDIDATES = [
  'src/app.ts', 'src/app.mts', 'src/app.js', 'src/app.mjs', 'src/app.cjs',
  'app.ts', 'app.js', 'app.mjs', 'app.cjs',
  'src/server.ts', 'src/server.js', 'server.ts', 'server.js',
  'src/index.ts', 'src/index.js', 'index.ts', 'index.js',
  'src/main.ts', 'src/main.js', 'main.js',
];

const FRAMEWORKS: [string, Framework][] = [
  ['@nestjs/core', 'nestjs'],
  ['fastify', 'fastify'],
  ['koa', 'koa'],
  ['@hapi/hapi', 'hapi'],
  ['hono', 'hono'],
  ['express', 'express'],
];

/** Names that say an imported module is the app: `const app = require('../app')`, `./server.js`. */
const APP_NAMES = /^(?:app|application|server|api)$/i;

interface PackageJson {
  name?: string;
  main?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

function readPackageJson(dir: string): PackageJson {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return {};
  }
}

export function detectFramework(pkg: PackageJson): Framework {
  const deps = { ...pkg.devDependencies, ...pkg.dependencies };
  return FRAMEWORKS.find(([name]) => name in deps)?.[1] ?? 'http';
}

const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();

/** The project file a relative import points at (`./app` -> app.js, `./app.module.js` -> app.module.ts). */
function resolveImport(dir: string, importer: string, specifier: string): string | null {
  const path = posix.normalize(posix.join(posix.dirname(importer), specifier));
  const stem = path.replace(/\.(?:[cm]?js)$/, '');
  const candidates = [path, ...['.ts', '.mts', '.js', '.mjs', '.cjs'].flatMap((ext) => [stem + ext, `${path}/index${ext}`])];
  return candidates.find((candidate) => !candidate.startsWith('..') && isFile(join(dir, candidate))) ?? null;
}

/** The app modules a server module imports (bin/www's `require('../app')`). */
function importedApps(dir: string, module: string, source: string): string[] {
  return localImports(source)
    .filter(({ specifier, names }) => names.some((name) => APP_NAMES.test(name)) || APP_NAMES.test(basename(specifier).replace(/\.[cm]?[jt]s$/, '')))
    .map(({ specifier }) => resolveImport(dir, module, specifier))
    .filter((file): file is string => file !== null);
}

interface Found {
  exporting: { module: string; exportName: string; source: string } | null;
  serving: string | null;
  first: string | null;
}

/** Walks the candidates in order (a server module's app imports right after it). */
function findApp(dir: string, candidates: string[]): Found {
  const queue = [...candidates];
  const seen = new Set<string>();
  const found: Found = { exporting: null, serving: null, first: null };
  while (queue.length > 0 && !found.exporting) {
    const module = queue.shift()!;
    if (seen.has(module) || !isFile(join(dir, module))) continue;
    seen.add(module);
    found.first ??= module;
    const source = readFileSync(join(dir, module), 'utf8');
    const exportName = detectExport(source);
    if (exportName) found.exporting = { module, exportName, source };
    else if (startsServer(source)) {
      found.serving ??= module;
      queue.unshift(...importedApps(dir, module, source));
    }
  }
  return found;
}

export function detectProject(dir: string): Detection {
  const pkg = readPackageJson(dir);
  const framework = detectFramework(pkg);
  const projectName = slugify(pkg.name ?? basename(dir)) || 'app';
  const base = { projectName, framework, notes: [] as string[] };
  const scripts = scriptModules(dir, pkg.scripts);

  if (scripts.fastifyStart) {
    const entry = scripts.fastifyStart;
    return { ...base, app: `${entry}:default`, entry, exportName: 'default', appType: 'fastify-plugin', kind: 'fastify-plugin' };
  }

  const main = pkg.main ? scriptPathToModule(dir, pkg.main) : null;
  const found = findApp(dir, [...scripts.modules, ...(main ? [main] : []), ...ENTRY_CANDIDATES]);
  if (found.exporting) {
    const { module, exportName, source } = found.exporting;
    const plugin = framework === 'fastify' && isFastifyPluginModule(source);
    return { ...base, app: `${module}:${exportName}`, entry: module, exportName, appType: plugin ? 'fastify-plugin' : 'auto', kind: plugin ? 'fastify-plugin' : 'export' };
  }
  if (found.serving) {
    return { ...base, app: found.serving, entry: found.serving, exportName: null, appType: 'auto', kind: 'server' };
  }
  const notes = found.first
    ? [`${found.first} neither exports an app nor starts a server that init could see: check "app" ("path/to/module.ts:exportName", or a module that calls listen())`]
    : ['no app module was found: set "app" to "path/to/module.ts:exportName" (or to a module that starts a server with listen())'];
  return { ...base, notes, app: found.first, entry: found.first, exportName: null, appType: 'auto', kind: null };
}

/** One line saying what init found, e.g. "express app: app.js, export "default"". */
export function describeDetection(detection: Detection): string {
  const what = `${detection.framework} app`;
  switch (detection.kind) {
    case 'export':
      return `${what}: ${detection.entry}, export "${detection.exportName}"`;
    case 'server':
      return `${what}: the server ${detection.entry} starts (served without opening a port: its listen() is intercepted)`;
    case 'fastify-plugin':
      return `${what}: the fastify-cli plugin ${detection.entry}, mounted on fastify with its options`;
    case null:
      return detection.entry ? `${what}: ${detection.entry}?` : what;
  }
}

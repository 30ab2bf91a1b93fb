/**
 * What `tsappa init` can tell about an existing project: its name, the module that holds the
 * web app and its export, and the framework among the dependencies.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { slugify } from '../settings/defaults.js';

export type Framework = 'express' | 'koa' | 'fastify' | 'hono' | 'nestjs' | 'http';

export interface Detection {
  projectName: string;
  /** module path relative to the project, or null when none was found */
  entry: string | null;
  exportName: string;
  framework: Framework;
  /** things the user should know (no export found, NestJS needs a factory...) */
  notes: string[];
}

/** Checked in order after package.json `main`: app modules before servers and indexes. */
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
  ['hono', 'hono'],
  ['express', 'express'],
];

interface PackageJson {
  name?: string;
  main?: string;
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

const PREFERRED_EXPORTS = ['app', 'server', 'api', 'createApp', 'handler', 'bootstrap'];

/** The export that holds the app: `default`, a named export such as `app`, or null. */
export function detectExport(source: string): string | null {
  if (/^\s*export\s+default\b/m.test(source) || /\bmodule\.exports\s*=(?!=)/.test(source)) return 'default';
  const named = new Set<string>();
  for (const match of source.matchAll(/^\s*export\s+(?:const|let|var|async\s+function\*?|function\*?|class)\s+([A-Za-z_$][\w$]*)/gm)) {
    if (match[1]) named.add(match[1]);
  }
  for (const match of source.matchAll(/^\s*export\s*\{([^}]*)\}/gm)) {
    for (const part of (match[1] ?? '').split(',')) {
      const name = part.trim().split(/\s+as\s+/).pop()?.trim();
      if (name) named.add(name === 'default' ? 'default' : name);
    }
  }
  for (const match of source.matchAll(/\b(?:module\.)?exports\.([A-Za-z_$][\w$]*)\s*=(?!=)/g)) {
    if (match[1]) named.add(match[1]);
  }
  if (named.has('default')) return 'default';
  return PREFERRED_EXPORTS.find((name) => named.has(name)) ?? null;
}

function entryFromMain(dir: string, main: string | undefined): string | null {
  if (!main) return null;
  const path = normalize(main).replace(/^\.\//, '');
  if (existsSync(join(dir, path))) return path;
  for (const ext of ['.js', '.ts', '.mjs', '.cjs']) if (existsSync(join(dir, path + ext))) return path + ext;
  return null;
}

export function detectProject(dir: string): Detection {
  const pkg = readPackageJson(dir);
  const framework = detectFramework(pkg);
  const notes: string[] = [];
  const candidates = [entryFromMain(dir, pkg.main), ...ENTRY_CANDIDATES].filter((c): c is string => c !== null);
  const found = candidates.filter((candidate) => existsSync(join(dir, candidate)));
  let entry: string | null = null;
  let exportName: string | null = null;
  for (const candidate of found) {
    const name = detectExport(readFileSync(join(dir, candidate), 'utf8'));
    if (name) {
      entry = candidate;
      exportName = name;
      break;
    }
  }
  if (!entry && found[0]) {
    entry = found[0];
    notes.push(`${entry} does not seem to export the app: export it (e.g. "export default app" or "module.exports = app") and keep app.listen() out of the exported module`);
  }
  if (!entry) notes.push('no app module was found: set "app" to "path/to/module.ts:exportName"');
  if (framework === 'nestjs') {
    notes.push(
      'NestJS: export an async factory, e.g. export const app = async () => { const nest = await NestFactory.create(AppModule); await nest.init(); return nest.getHttpAdapter().getInstance(); }',
    );
  }
  return {
    projectName: slugify(pkg.name ?? dir.split(/[\\/]/).pop() ?? 'app') || 'app',
    entry,
    exportName: exportName ?? (framework === 'nestjs' ? 'app' : 'default'),
    framework,
    notes,
  };
}

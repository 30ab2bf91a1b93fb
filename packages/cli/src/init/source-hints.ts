/**
 * What a module's source says about it, read with regular expressions (init never runs the
 * project's code): the export that holds the app, whether it starts a server, whether it is a
 * fastify-cli plugin, and the local modules it imports.
 */

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
      if (name) named.add(name);
    }
  }
  for (const match of source.matchAll(/\b(?:module\.)?exports\.([A-Za-z_$][\w$]*)\s*=(?!=)/g)) {
    if (match[1]) named.add(match[1]);
  }
  if (named.has('default')) return 'default';
  return PREFERRED_EXPORTS.find((name) => named.has(name)) ?? null;
}

/**
 * Whether the module starts a server: `.listen(` (Express, Koa, node:http, Fastify, NestJS),
 * `serve(` (@hono/node-server) or `server.start(` (hapi).
 */
export function startsServer(source: string): boolean {
  const code = withoutComments(source);
  return /\.listen\s*\(/.test(code) || /(?<![\w.$])serve\s*\(/.test(code) || /\b\w*server\w*\s*\.\s*start\s*\(/i.test(code);
}

/**
 * A fastify-cli app: the module exports an async `(fastify, opts)` plugin, and (as fastify-cli
 * generates it) an `options` export next to it.
 */
export function isFastifyPluginModule(source: string): boolean {
  const code = withoutComments(source);
  const plugin = /(?:module\.exports\s*=|export\s+default|=)\s*async\s*(?:function\s*[\w$]*\s*)?\(\s*(?:fastify|app|instance|server)\b[^)]*,/.test(code);
  const options = /\bmodule\.exports\.options\s*=|\bexport\s+(?:const|let|var)\s+options\b|\bexport\s*\{[^}]*\boptions\b[^}]*\}/.test(code);
  return plugin && options;
}

/** A relative import of a module and the local names it binds (`app` in `const app = require('../app')`). */
export interface LocalImport {
  specifier: string;
  names: string[];
}

/** The module's relative imports and requires: `./app`, `../app.js`. */
export function localImports(source: string): LocalImport[] {
  const found = new Map<string, Set<string>>();
  const add = (specifier: string | undefined, names: string[]) => {
    if (!specifier || !/^\.{1,2}\//.test(specifier)) return;
    const set = found.get(specifier) ?? new Set<string>();
    for (const name of names) set.add(name);
    found.set(specifier, set);
  };
  const code = withoutComments(source);
  for (const m of code.matchAll(/\b(?:const|let|var)\s+([\w$]+)\s*=\s*require\s*\(\s*(['"])([^'"]+)\2\s*\)/g)) add(m[3], [m[1] ?? '']);
  for (const m of code.matchAll(/\brequire\s*\(\s*(['"])([^'"]+)\1\s*\)/g)) add(m[2], []);
  for (const m of code.matchAll(/^\s*import\s+([^'"]*?)\s+from\s+(['"])([^'"]+)\2/gm)) add(m[3], (m[1] ?? '').split(/[\s,{}*]+|\bas\b/).filter(Boolean));
  for (const m of code.matchAll(/^\s*import\s+(['"])([^'"]+)\1/gm)) add(m[2], []);
  return [...found].map(([specifier, names]) => ({ specifier, names: [...names] }));
}

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"\\])\/\/.*$/gm, '$1');
}

/**
 * The CommonJS module wrappers of an esbuild bundle, and which of them run when the bundle loads.
 *
 * esbuild wraps each CommonJS module it bundles, `var require_x = __commonJS((exports, module) =>
 * { ... })`, and the module runs when `require_x()` is first called. A wrapper runs at load when a
 * chunk's top-level code calls it, or when a wrapper that runs at load calls it from its own top
 * level (or from a function expression it calls at once). Calls inside other functions (a
 * `require` in a route handler, iconv-lite's encodings loaded on first use) do not count. The
 * chunks are taken as all loaded at start-up (the entry, and the modules file it imports in the
 * init phase); the helper is found by its body (`{exports:{}}).exports`), in its own chunk or
 * imported from a shared one, and names are followed through the chunks' imports and exports.
 */
import { parse, type Node } from 'acorn';

/** Loosely typed ESTree nodes: only the fields read here. */
export interface EsNode extends Node {
  [key: string]: unknown;
}

export interface ParsedChunk {
  /** the output file name (`tsappa-chunk-X.mjs`) */
  name: string;
  text: string;
  program: EsNode;
}

export interface Wrapper {
  chunk: ParsedChunk;
  /** the arrow function holding the module */
  arrow: EsNode;
}

/** What esbuild's `__commonJS` helper does: `(mod = { exports: {} }).exports` */
const COMMONJS_HELPER_BODY = /\{exports:\{\}\}\)\.exports/;

export const asNode = (value: unknown): EsNode | null =>
  value !== null && typeof value === 'object' && typeof (value as EsNode).type === 'string' ? (value as EsNode) : null;

export function children(node: EsNode): EsNode[] {
  const out: EsNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'type' || key === 'start' || key === 'end') continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      const child = asNode(item);
      if (child) out.push(child);
    }
  }
  return out;
}

export function parseChunk(name: string, text: string): ParsedChunk {
  return { name, text, program: parse(text, { ecmaVersion: 'latest', sourceType: 'module' }) as unknown as EsNode };
}

const statements = (chunk: ParsedChunk) => chunk.program.body as EsNode[];
const nameOf = (node: unknown) => asNode(node)?.name as string | undefined;
const baseName = (name: string) => name.slice(name.lastIndexOf('/') + 1);

/** Each chunk's exports (exported name → local name). */
function exportsOf(chunk: ParsedChunk): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of statements(chunk)) {
    if (s.type !== 'ExportNamedDeclaration') continue;
    for (const spec of (s.specifiers as EsNode[] | undefined) ?? []) out.set(nameOf(spec.exported) ?? '', nameOf(spec.local) ?? '');
  }
  return out;
}

/** Each chunk's imports from other chunks (local name → the chunk and its exported name). */
function importsOf(chunk: ParsedChunk, byBase: ReadonlyMap<string, ParsedChunk>): Map<string, { from: ParsedChunk; name: string }> {
  const out = new Map<string, { from: ParsedChunk; name: string }>();
  for (const s of statements(chunk)) {
    if (s.type !== 'ImportDeclaration') continue;
    const from = byBase.get(baseName(String(asNode(s.source)?.value)));
    if (!from) continue;
    for (const spec of s.specifiers as EsNode[]) {
      if (spec.type === 'ImportSpecifier') out.set(nameOf(spec.local) ?? '', { from, name: nameOf(spec.imported) ?? '' });
    }
  }
  return out;
}

/** Every declarator of the chunks' top-level `var`/`let`/`const` statements. */
function* topLevelDeclarators(chunks: readonly ParsedChunk[]): Generator<{ chunk: ParsedChunk; declarator: EsNode }> {
  for (const chunk of chunks) {
    for (const s of statements(chunk)) {
      if (s.type === 'VariableDeclaration') for (const declarator of s.declarations as EsNode[]) yield { chunk, declarator };
    }
  }
}

/** The wrappers of a bundle, and those that run when it loads. */
export interface BundleWrappers {
  all: Wrapper[];
  runAtLoad: Set<Wrapper>;
}

export function findWrappers(chunks: readonly ParsedChunk[]): BundleWrappers {
  const byBase = new Map(chunks.map((c) => [baseName(c.name), c]));
  const exports = new Map(chunks.map((c) => [c, exportsOf(c)]));
  const imports = new Map(chunks.map((c) => [c, importsOf(c, byBase)]));
  /** What a name in a chunk refers to: the chunk and local name where it is declared. */
  const declaration = (chunk: ParsedChunk, name: string): { chunk: ParsedChunk; name: string } => {
    const imported = imports.get(chunk)!.get(name);
    const local = imported ? exports.get(imported.from)!.get(imported.name) : undefined;
    return imported && local ? { chunk: imported.from, name: local } : { chunk, name };
  };
  const key = (d: { chunk: ParsedChunk; name: string }) => `${d.chunk.name}\0${d.name}`;

  // the helper: a top-level `var h = (cb, mod) => ...{exports:{}}).exports...`
  const helpers = new Set<string>();
  for (const { chunk, declarator: d } of topLevelDeclarators(chunks)) {
    const init = asNode(d.init);
    if (init?.type === 'ArrowFunctionExpression' && nameOf(d.id) && COMMONJS_HELPER_BODY.test(chunk.text.slice(init.start, init.end))) {
      helpers.add(key({ chunk, name: nameOf(d.id)! }));
    }
  }

  // the wrappers: top-level `var require_x = helper(<one function>)`
  const wrappers = new Map<string, Wrapper>();
  const declaredBy = new Set<EsNode>();
  for (const { chunk, declarator: d } of topLevelDeclarators(chunks)) {
    const call = asNode(d.init);
    const callee = nameOf(call?.callee);
    const args = (call?.arguments as EsNode[] | undefined) ?? [];
    if (call?.type !== 'CallExpression' || !callee || args.length !== 1 || !helpers.has(key(declaration(chunk, callee)))) continue;
    if (args[0]!.type !== 'ArrowFunctionExpression') continue;
    wrappers.set(key({ chunk, name: nameOf(d.id) ?? '' }), { chunk, arrow: args[0]! });
    declaredBy.add(d);
  }

  // which run at load: from every chunk's top-level code, through the wrappers they call
  const runAtLoad = new Set<Wrapper>();
  const queue: Wrapper[] = [];
  const visit = (chunk: ParsedChunk, node: EsNode): void => {
    for (const name of callsAtOnce(node)) {
      const wrapper = wrappers.get(key(declaration(chunk, name)));
      if (wrapper && !runAtLoad.has(wrapper)) {
        runAtLoad.add(wrapper);
        queue.push(wrapper);
      }
    }
  };
  for (const chunk of chunks) {
    for (const s of statements(chunk)) {
      if (s.type === 'VariableDeclaration') for (const d of s.declarations as EsNode[]) if (!declaredBy.has(d)) visit(chunk, d);
      if (s.type !== 'VariableDeclaration') visit(chunk, s);
    }
  }
  for (let wrapper = queue.shift(); wrapper; wrapper = queue.shift()) visit(wrapper.chunk, asNode(wrapper.arrow.body)!);
  return { all: [...wrappers.values()], runAtLoad };
}

const FUNCTION = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/** The names called directly in `node`'s code that runs with it: not inside functions, except those called at once. */
function callsAtOnce(node: EsNode): string[] {
  const names: string[] = [];
  const walk = (n: EsNode): void => {
    if (n.type === 'CallExpression') {
      const callee = asNode(n.callee)!;
      if (callee.type === 'Identifier') names.push(callee.name as string);
      // (function () { ... })() and (function () { ... }).call(this): the body runs now
      const invoked = callee.type === 'MemberExpression' && ['call', 'apply'].includes(nameOf(callee.property) ?? '') ? asNode(callee.object)! : callee;
      if (FUNCTION.has(invoked.type)) walk(asNode(invoked.body)!);
      for (const arg of n.arguments as EsNode[]) walk(arg);
      if (invoked !== callee || !FUNCTION.has(callee.type)) walk(callee);
      return;
    }
    if (FUNCTION.has(n.type) || n.type === 'ClassBody') return;
    for (const child of children(n)) walk(child);
  };
  walk(node);
  return names;
}

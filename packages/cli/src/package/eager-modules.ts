/**
 * Each CommonJS module of a bundle compiled once at cold start, not twice.
 *
 * esbuild wraps every CommonJS module it bundles in an arrow function,
 * `var require_x = __commonJS((exports, module) => { ...the module... })`, run once when the
 * module is first required. V8 compiles functions lazily: loading the chunk only pre-parses each
 * body, and the first call parses it again in full. Almost every bundled module of a web app is
 * required at start-up, so its top-level code is scanned twice. A function expression in
 * parentheses is V8's sign that it runs at once ("PIFE"), and V8 then compiles it with the chunk:
 * `__commonJS((function(exports, module) { ... }))`. For the benchmark's Express app this cut the
 * instructions of a cold start above Node's own by about a tenth (bench/README.md).
 *
 * Only the wrappers are rewritten: a call of the chunk's `__commonJS` helper at a chunk's top
 * level whose one argument is an arrow function with a block body that uses no `this`,
 * `arguments`, `super` or `new.target` of its own (so the function means exactly what the arrow
 * meant). The helper is found by its body (`{exports:{}}).exports`), in its own chunk or
 * imported from a shared one. A chunk's map moves with the inserted text.
 */
import { parse, type Node } from 'acorn';
import { withShiftedColumns, type ColumnShift } from './source-map.js';

interface OutputFile {
  name: string;
  contents: Uint8Array;
}

/** Loosely typed ESTree nodes: only the fields read here. */
interface EsNode extends Node {
  [key: string]: unknown;
}

const CHUNK = /\.(m|c)?js$/;
/** What esbuild's `__commonJS` helper does: `(mod = { exports: {} }).exports` */
const COMMONJS_HELPER_BODY = /\{exports:\{\}\}\)\.exports/;

const asNode = (value: unknown): EsNode | null => (value !== null && typeof value === 'object' && typeof (value as EsNode).type === 'string' ? (value as EsNode) : null);

function children(node: EsNode): EsNode[] {
  const out: EsNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'type' || key === 'start' || key === 'end') continue;
    if (Array.isArray(value)) for (const item of value) { const n = asNode(item); if (n) out.push(n); }
    else { const n = asNode(value); if (n) out.push(n); }
  }
  return out;
}

/**
 * Whether the arrow uses a `this`, `arguments`, `super` or `new.target` of its own (nested arrows
 * share them; a function has its own; a class's `extends` and computed keys are evaluated
 * outside it). `import.meta` and a property named `arguments` count too: such a wrapper is left
 * as it is, which is always safe.
 */
function usesOwnBindings(node: EsNode): boolean {
  switch (node.type) {
    case 'ThisExpression':
    case 'Super':
    case 'MetaProperty':
      return true;
    case 'Identifier':
      return node.name === 'arguments';
    case 'FunctionDeclaration':
    case 'FunctionExpression':
      return false;
    case 'ClassDeclaration':
    case 'ClassExpression': {
      const outside = [asNode(node.superClass), ...((asNode(node.body)?.body as EsNode[]) ?? []).filter((m) => m.computed).map((m) => asNode(m.key))];
      return outside.some((n) => n !== null && usesOwnBindings(n));
    }
    default:
      return children(node).some(usesOwnBindings);
  }
}

interface ParsedChunk {
  file: OutputFile;
  text: string;
  program: EsNode;
}

/** The helper's local name in its defining chunk, and the names it is exported under. */
function findHelper(chunks: readonly ParsedChunk[]): { chunk: ParsedChunk; local: string; exported: Set<string> } | null {
  for (const chunk of chunks) {
    for (const statement of chunk.program.body as EsNode[]) {
      if (statement.type !== 'VariableDeclaration') continue;
      for (const declarator of statement.declarations as EsNode[]) {
        const init = asNode(declarator.init);
        const id = asNode(declarator.id);
        if (!init || !id || id.type !== 'Identifier' || init.type !== 'ArrowFunctionExpression') continue;
        if (!COMMONJS_HELPER_BODY.test(chunk.text.slice(init.start, init.end))) continue;
        const local = id.name as string;
        const exported = new Set<string>();
        for (const s of chunk.program.body as EsNode[]) {
          if (s.type !== 'ExportNamedDeclaration') continue;
          for (const spec of (s.specifiers as EsNode[] | undefined) ?? []) {
            if (asNode(spec.local)?.name === local) exported.add(asNode(spec.exported)?.name as string);
          }
        }
        return { chunk, local, exported };
      }
    }
  }
  return null;
}

/** The names the helper has in `chunk`: its own, or those it is imported under. */
function helperNames(chunk: ParsedChunk, helper: NonNullable<ReturnType<typeof findHelper>>): Set<string> {
  if (chunk === helper.chunk) return new Set([helper.local]);
  const base = helper.chunk.file.name.slice(helper.chunk.file.name.lastIndexOf('/') + 1);
  const names = new Set<string>();
  for (const statement of chunk.program.body as EsNode[]) {
    if (statement.type !== 'ImportDeclaration' || !String(asNode(statement.source)?.value).endsWith(`/${base}`)) continue;
    for (const spec of statement.specifiers as EsNode[]) {
      if (spec.type === 'ImportSpecifier' && helper.exported.has(asNode(spec.imported)?.name as string)) names.add(asNode(spec.local)?.name as string);
    }
  }
  return names;
}

/** The wrapper arrows of a chunk's top level: `var x = helper((e, t) => { ... })`. */
function wrapperArrows(chunk: ParsedChunk, names: ReadonlySet<string>): EsNode[] {
  const arrows: EsNode[] = [];
  for (const statement of chunk.program.body as EsNode[]) {
    if (statement.type !== 'VariableDeclaration') continue;
    for (const declarator of statement.declarations as EsNode[]) {
      const call = asNode(declarator.init);
      if (!call || call.type !== 'CallExpression') continue;
      const callee = asNode(call.callee);
      const args = call.arguments as EsNode[];
      if (callee?.type !== 'Identifier' || !names.has(callee.name as string) || args.length !== 1) continue;
      const arrow = args[0]!;
      if (arrow.type !== 'ArrowFunctionExpression' || arrow.async || asNode(arrow.body)?.type !== 'BlockStatement') continue;
      if (usesOwnBindings(arrow)) continue;
      arrows.push(arrow);
    }
  }
  return arrows;
}

/** 0-based line and column of each offset (offsets ascending). */
function positions(text: string, offsets: readonly number[]): { line: number; column: number }[] {
  const out: { line: number; column: number }[] = [];
  let line = 0;
  let lineStart = 0;
  let i = 0;
  for (const offset of offsets) {
    for (; i < offset; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    out.push({ line, column: offset - lineStart });
  }
  return out;
}

/** Rewrites one chunk's wrappers; returns its new text and where text was inserted. */
function rewrite(chunk: ParsedChunk, arrows: readonly EsNode[]): { text: string; shifts: ColumnShift[] } {
  const { text } = chunk;
  const edits: { at: number; remove: number; insert: string }[] = [];
  for (const arrow of arrows) {
    const body = asNode(arrow.body)!;
    const params = (arrow.params as EsNode[]).map((p) => text.slice(p.start, p.end)).join(',');
    edits.push({ at: arrow.start, remove: body.start - arrow.start, insert: `(function(${params})` });
    edits.push({ at: arrow.end, remove: 0, insert: ')' });
  }
  edits.sort((a, b) => a.at - b.at);
  let out = '';
  let from = 0;
  for (const edit of edits) {
    out += text.slice(from, edit.at) + edit.insert;
    from = edit.at + edit.remove;
  }
  out += text.slice(from);
  const where = positions(text, edits.map((e) => e.at));
  // the text after each edit moves by what it inserted minus what it removed
  const shifts = edits.map((edit, i) => ({ ...where[i]!, column: where[i]!.column + edit.remove, delta: edit.insert.length - edit.remove }));
  return { text: out, shifts };
}

/** The bundle's output files with every CommonJS wrapper compiled eagerly (see the module comment). */
export function eagerModuleBodies<F extends OutputFile>(files: readonly F[]): F[] {
  const chunks: ParsedChunk[] = files
    .filter((f) => CHUNK.test(f.name))
    .map((file) => {
      const text = Buffer.from(file.contents).toString('utf8');
      return { file, text, program: parse(text, { ecmaVersion: 'latest', sourceType: 'module' }) as unknown as EsNode };
    });
  const helper = findHelper(chunks);
  if (!helper) return [...files];
  const rewritten = new Map<string, { text: string; shifts: ColumnShift[] }>();
  for (const chunk of chunks) {
    const arrows = wrapperArrows(chunk, helperNames(chunk, helper));
    if (arrows.length > 0) rewritten.set(chunk.file.name, rewrite(chunk, arrows));
  }
  return files.map((file) => {
    const code = rewritten.get(file.name);
    if (code) return { ...file, contents: Buffer.from(code.text) };
    const mapped = file.name.endsWith('.map') ? rewritten.get(file.name.slice(0, -'.map'.length)) : undefined;
    if (mapped) return { ...file, contents: Buffer.from(withShiftedColumns(Buffer.from(file.contents).toString('utf8'), mapped.shifts)) };
    return file;
  });
}

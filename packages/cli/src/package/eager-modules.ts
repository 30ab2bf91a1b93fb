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
 * Only the wrappers that run at load are rewritten (module-wrappers.ts: a module required only
 * inside a function, like iconv-lite's encodings, stays lazy: compiling it would be wasted), and
 * only those whose arrow has a block body and uses no `this`, `arguments`, `super` or
 * `new.target` of its own (so the function means exactly what the arrow meant). A chunk's map
 * moves with the inserted text.
 */
import { asNode, children, findWrappers, parseChunk, type EsNode, type ParsedChunk } from './module-wrappers.js';
import { withShiftedColumns, type ColumnShift } from './source-map.js';

interface OutputFile {
  name: string;
  contents: Uint8Array;
}

const CHUNK = /\.(m|c)?js$/;

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

/** A block-bodied, non-async arrow that means the same as a function expression. */
function isRewritable(arrow: EsNode): boolean {
  return !arrow.async && asNode(arrow.body)?.type === 'BlockStatement' && !usesOwnBindings(arrow);
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
  const chunks = files.filter((f) => CHUNK.test(f.name)).map((f) => parseChunk(f.name, Buffer.from(f.contents).toString('utf8')));
  const { runAtLoad } = findWrappers(chunks);
  const rewritten = new Map<string, { text: string; shifts: ColumnShift[] }>();
  for (const chunk of chunks) {
    const arrows = [...runAtLoad].filter((w) => w.chunk === chunk && isRewritable(w.arrow)).map((w) => w.arrow);
    if (arrows.length > 0) rewritten.set(chunk.name, rewrite(chunk, arrows));
  }
  return files.map((file) => {
    const code = rewritten.get(file.name);
    if (code) return { ...file, contents: Buffer.from(code.text) };
    const mapped = file.name.endsWith('.map') ? rewritten.get(file.name.slice(0, -'.map'.length)) : undefined;
    if (mapped) return { ...file, contents: Buffer.from(withShiftedColumns(Buffer.from(file.contents).toString('utf8'), mapped.shifts)) };
    return file;
  });
}

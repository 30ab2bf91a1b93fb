/**
 * Stack traces that point at the app's own sources, paid for only when a stack is formatted.
 *
 * Node's `--enable-source-maps` reads, parses and measures every mapped module when it loads
 * (on Node 22, tens of milliseconds of a cold start for a bundled app). Instead the generated
 * entry calls `mapStackTraces()`, which installs an `Error.prepareStackTrace`: the first time a
 * stack goes through a file that has a `<file>.map` beside it (the packager writes one per
 * chunk holding app code), that map is read and parsed with Node's own `SourceMap`; frames it
 * maps show the original file, line and column; every other frame is printed as V8 prints it.
 *
 * Left alone: a process that already maps stacks (`--enable-source-maps`, or an
 * `Error.prepareStackTrace` set before the entry loaded). An app that sets its own
 * `Error.prepareStackTrace` later replaces this one, as it would replace Node's.
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The maps read so far by module file (null: the file has none, or it could not be read). */
const maps = new Map<string, { map: SourceMap; dir: string } | null>();

function mapOf(file: string): { map: SourceMap; dir: string } | null {
  let found = maps.get(file);
  if (found === undefined) {
    found = null;
    try {
      const path = file.startsWith('file:') ? fileURLToPath(file) : file;
      if (path.startsWith('/')) found = { map: new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8'))), dir: dirname(path) };
    } catch {
      found = null; // no map beside it (a library, Node's own modules), or an unreadable one
    }
    maps.set(file, found);
  }
  return found;
}

/** One frame, mapped to its original source when its file has a map covering that position. */
export function mapFrame(frame: NodeJS.CallSite): string {
  const text = frame.toString();
  const file = frame.getFileName();
  const line = frame.getLineNumber();
  const column = frame.getColumnNumber();
  if (!file || line === null || column === null) return text;
  const found = mapOf(file);
  if (!found) return text;
  const entry = found.map.findEntry(line - 1, column - 1) as Partial<{ generatedLine: number; originalSource: string; originalLine: number; originalColumn: number }>;
  // an unmapped position (library code), or the last mapping of an earlier line
  if (entry.originalSource === undefined || entry.generatedLine !== line - 1 || entry.originalLine === undefined || entry.originalColumn === undefined) return text;
  const generated = `${file}:${line}:${column}`;
  const at = text.lastIndexOf(generated);
  if (at === -1) return text;
  const source = /^[a-z][\w+.-]*:/i.test(entry.originalSource) ? entry.originalSource : resolve(found.dir, entry.originalSource);
  return `${text.slice(0, at)}${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}${text.slice(at + generated.length)}`;
}

function header(error: unknown): string {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    return '<error>';
  }
}

/** `error.stack` as V8 formats it, with each mapped frame pointing at the original source. */
export function formatStack(error: unknown, frames: readonly NodeJS.CallSite[]): string {
  const lines = frames.map((frame) => {
    try {
      return `\n    at ${mapFrame(frame)}`;
    } catch {
      return `\n    at ${String(frame)}`;
    }
  });
  return header(error) + lines.join('');
}

/** Node's own formatter (Node 20-24 install one named so), which this one may replace. */
const NODE_DEFAULT = 'ErrorPrepareStackTrace';

/** Installs the lazy mapping (once per process; see the module comment for when it stays out). */
export function mapStackTraces(): void {
  if (process.sourceMapsEnabled) return;
  const current = Error.prepareStackTrace;
  if (current !== undefined && current.name !== NODE_DEFAULT) return;
  Error.prepareStackTrace = formatStack;
}

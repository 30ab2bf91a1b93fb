/**
 * Source map slimming: library code is left unmapped, so the maps (and the cost of
 * `--enable-source-maps` at cold start) stay proportional to the app's own code. Frames inside
 * libraries then show the bundle's position; the app's frames show its sources.
 */
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));
/** base64 digit values by char code (-1: not a digit) */
const DIGITS = Int8Array.from({ length: 128 }, (_, code) => DIGIT.get(String.fromCharCode(code)) ?? -1);
const COMMA = 44;
const SEMICOLON = 59;

export function decodeVlq(segment: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const c of segment) {
    const digit = DIGIT.get(c);
    if (digit === undefined) throw new Error(`invalid base64 VLQ digit ${c}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

export function encodeVlq(values: readonly number[]): string {
  let out = '';
  for (const v of values) {
    let n = v < 0 ? (-v << 1) | 1 : v << 1;
    do {
      let digit = n & 31;
      n >>>= 5;
      if (n > 0) digit |= 32;
      out += BASE64[digit];
    } while (n > 0);
  }
  return out;
}

interface RawMap {
  version: number;
  sources: string[];
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
  [key: string]: unknown;
}

/** One decoded segment, absolute values: [column] (unmapped) or [column, source, line, column(, name)]. */
type Segment = [number] | [number, number, number, number] | [number, number, number, number, number];

/** `mappings` decoded into segments per generated line, every value absolute. */
function decodeMappings(text: string): Segment[][] {
  const lines: Segment[][] = [];
  const fields = [0, 0, 0, 0, 0];
  let src = 0;
  let srcLine = 0;
  let srcCol = 0;
  let name = 0;
  let col = 0;
  let segs: Segment[] = [];
  let i = 0;
  while (i <= text.length) {
    const c = i < text.length ? text.charCodeAt(i) : SEMICOLON;
    if (c === SEMICOLON) {
      lines.push(segs);
      segs = [];
      col = 0;
      i++;
      continue;
    }
    if (c === COMMA) {
      i++;
      continue;
    }
    // one segment: up to five VLQ values
    let n = 0;
    while (i < text.length) {
      const ch = text.charCodeAt(i);
      if (ch === COMMA || ch === SEMICOLON) break;
      let value = 0;
      let shift = 0;
      for (;;) {
        const digit = DIGITS[text.charCodeAt(i++)] ?? -1;
        if (digit < 0) throw new Error(`invalid base64 VLQ in source map at ${i - 1}`);
        value += (digit & 31) * 2 ** shift;
        if (!(digit & 32)) break;
        shift += 5;
      }
      fields[n++] = value % 2 ? -(value - 1) / 2 : value / 2;
    }
    col += fields[0]!;
    if (n === 1) {
      segs.push([col]);
      continue;
    }
    src += fields[1]!;
    srcLine += fields[2]!;
    srcCol += fields[3]!;
    if (n >= 5) name += fields[4]!;
    segs.push(n >= 5 ? [col, src, srcLine, srcCol, name] : [col, src, srcLine, srcCol]);
  }
  return lines;
}

/** Segments per line (absolute values) encoded back into `mappings` (relative values). */
function encodeMappings(lines: readonly Segment[][]): string {
  let pSrc = 0;
  let pLine = 0;
  let pCol = 0;
  let pName = 0;
  return lines
    .map((segs) => {
      let pGen = 0;
      return segs
        .map((seg) => {
          const values = [seg[0] - pGen];
          pGen = seg[0];
          if (seg.length > 1) {
            values.push(seg[1]! - pSrc, seg[2]! - pLine, seg[3]! - pCol);
            pSrc = seg[1]!;
            pLine = seg[2]!;
            pCol = seg[3]!;
            if (seg.length === 5) {
              values.push(seg[4] - pName);
              pName = seg[4];
            }
          }
          return encodeVlq(values);
        })
        .join(',');
    })
    .join(';');
}

/** The map with every segment from a dropped source made unmapped, and unused sources and names removed. */
export function withoutSources(mapJson: string, drop: (source: string) => boolean): string {
  const map = JSON.parse(mapJson) as RawMap;
  const keepSource = map.sources.map((s) => !drop(s));
  if (keepSource.every(Boolean)) return mapJson;

  // a dropped segment becomes one unmapped segment where a mapped run ends (none at a line's start)
  const lines = decodeMappings(map.mappings).map((segs) => {
    const kept: Segment[] = [];
    let unmapped = true;
    for (const seg of segs) {
      if (seg.length === 1 || !keepSource[seg[1]]) {
        if (!unmapped) kept.push([seg[0]]);
        unmapped = true;
      } else {
        kept.push(seg);
        unmapped = false;
      }
    }
    return kept;
  });

  const sourceIndex = new Map<number, number>();
  const nameIndex = new Map<number, number>();
  for (const segs of lines) {
    for (const seg of segs) {
      if (seg.length > 1 && !sourceIndex.has(seg[1]!)) sourceIndex.set(seg[1]!, sourceIndex.size);
      if (seg.length === 5 && !nameIndex.has(seg[4])) nameIndex.set(seg[4], nameIndex.size);
    }
  }
  const renumbered = lines.map((segs) =>
    segs.map((seg): Segment => {
      if (seg.length === 1) return seg;
      const source = sourceIndex.get(seg[1])!;
      return seg.length === 5 ? [seg[0], source, seg[2], seg[3], nameIndex.get(seg[4])!] : [seg[0], source, seg[2], seg[3]];
    }),
  );

  const order = <T>(index: Map<number, number>, from: T[]): T[] => {
    const out: T[] = new Array<T>(index.size);
    for (const [old, neu] of index) out[neu] = from[old]!;
    return out;
  };
  const result: RawMap = { ...map, sources: order(sourceIndex, map.sources), names: order(nameIndex, map.names), mappings: encodeMappings(renumbered) };
  if (map.sourcesContent) result.sourcesContent = order(sourceIndex, map.sourcesContent);
  return JSON.stringify(result);
}

/** Text inserted into generated code: at `column` of generated `line` (0-based), `delta` characters more. */
export interface ColumnShift {
  line: number;
  column: number;
  delta: number;
}

/**
 * The map of generated code after insertions: every segment at or after an insertion's column
 * on its line moves right by the characters inserted before it.
 */
export function withShiftedColumns(mapJson: string, shifts: readonly ColumnShift[]): string {
  if (shifts.length === 0) return mapJson;
  const map = JSON.parse(mapJson) as RawMap;
  const byLine = new Map<number, ColumnShift[]>();
  for (const shift of shifts) byLine.set(shift.line, [...(byLine.get(shift.line) ?? []), shift]);
  const lines = decodeMappings(map.mappings).map((segs, line) => {
    const here = (byLine.get(line) ?? []).sort((a, b) => a.column - b.column);
    if (here.length === 0) return segs;
    let next = 0;
    let moved = 0;
    return segs.map((seg): Segment => {
      while (next < here.length && here[next]!.column <= seg[0]) moved += here[next++]!.delta;
      return [seg[0] + moved, ...seg.slice(1)] as Segment;
    });
  });
  return JSON.stringify({ ...map, mappings: encodeMappings(lines) });
}

/** The map with each source renamed (its mappings unchanged). */
export function withSourcesRenamed(mapJson: string, rename: (source: string) => string): string {
  const map = JSON.parse(mapJson) as RawMap;
  return JSON.stringify({ ...map, sources: map.sources.map(rename) });
}

/** True when a source map maps nothing (no sources left after slimming). */
export function mapsNothing(mapJson: string): boolean {
  return (JSON.parse(mapJson) as RawMap).sources.length === 0;
}

interface OutputFile {
  name: string;
  contents: Uint8Array;
}

/**
 * Drops the maps that map nothing, and the `//# sourceMappingURL` comment of the file each
 * belonged to. With `--enable-source-maps`, Node reads and parses a module's map and measures
 * every line of the module when it loads it, even for an empty map: for tsappa's runtime chunks
 * and a chunk of libraries only, that is start-up time spent on nothing.
 */
export function withoutEmptyMaps<F extends OutputFile>(files: readonly F[]): F[] {
  const empty = new Set(files.filter((f) => f.name.endsWith('.map') && mapsNothing(Buffer.from(f.contents).toString('utf8'))).map((f) => f.name));
  if (empty.size === 0) return [...files];
  return files
    .filter((f) => !empty.has(f.name))
    .map((f) => {
      const map = `${f.name}.map`;
      if (!empty.has(map)) return f;
      const base = map.slice(map.lastIndexOf('/') + 1);
      const text = Buffer.from(f.contents).toString('utf8');
      const comment = `//# sourceMappingURL=${base}`;
      const at = text.lastIndexOf(comment);
      if (at === -1) return f;
      return { ...f, contents: Buffer.from(text.slice(0, at) + text.slice(at + comment.length).replace(/^\n/, '')) };
    });
}

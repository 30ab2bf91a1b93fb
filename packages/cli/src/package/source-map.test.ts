import { describe, expect, it } from 'vitest';
import { decodeVlq, encodeVlq, withoutEmptyMaps, withoutSources, withShiftedColumns } from './source-map.js';

describe('source map slimming', () => {
  it('round-trips base64 VLQ', () => {
    const values = [0, 1, -1, 15, -16, 16, 1000, -123456, 2 ** 20];
    expect(decodeVlq(encodeVlq(values))).toEqual(values);
    expect(encodeVlq([0, 0, 0, 0])).toBe('AAAA');
    expect(decodeVlq('AAgBC')).toEqual([0, 0, 16, 1]);
    expect(decodeVlq('D')).toEqual([-1]);
  });

  it('unmaps the dropped sources and keeps the others exact', () => {
    // line 0: col 0 -> app.ts 0:0 ; col 10 -> lib.js 5:2 (name 0) ; col 20 -> app.ts 1:4 (name 1)
    // line 1: col 0 -> lib.js 6:0 ; col 8 -> app.ts 2:0
    const segs = [
      [
        [0, 0, 0, 0],
        [10, 1, 5, 2, 0],
        [20, 0, 1, 4, 1],
      ],
      [
        [0, 1, 6, 0],
        [8, 0, 2, 0],
      ],
    ];
    let [ps, pl, pc, pn] = [0, 0, 0, 0];
    const mappings = segs
      .map((line) => {
        let pg = 0;
        return line
          .map((s) => {
            const v = [s[0]! - pg, s[1]! - ps, s[2]! - pl, s[3]! - pc];
            pg = s[0]!;
            [ps, pl, pc] = [s[1]!, s[2]!, s[3]!];
            if (s.length === 5) {
              v.push(s[4]! - pn);
              pn = s[4]!;
            }
            return encodeVlq(v);
          })
          .join(',');
      })
      .join(';');
    const map = JSON.stringify({ version: 3, sources: ['../src/app.ts', '../node_modules/lib/lib.js'], names: ['libName', 'appName'], mappings });
    const slim = JSON.parse(withoutSources(map, (s) => s.includes('node_modules'))) as { sources: string[]; names: string[]; mappings: string };
    expect(slim.sources).toEqual(['../src/app.ts']);
    expect(slim.names).toEqual(['appName']);
    const [line0, line1] = slim.mappings.split(';').map((l) => l.split(',').map(decodeVlq));
    // col 0 app 0:0 ; col 10 unmapped ; col 20 app 1:4 name 0
    expect(line0).toEqual([[0, 0, 0, 0], [10], [10, 0, 1, 4, 0]]);
    // the line starts in the library: nothing until col 8, then app 2:0 (relative to 1:4)
    expect(line1).toEqual([[8, 0, 1, -4]]);
  });

  it('returns the map unchanged when nothing is dropped', () => {
    const map = JSON.stringify({ version: 3, sources: ['a.ts'], names: [], mappings: 'AAAA' });
    expect(withoutSources(map, () => false)).toBe(map);
  });
});

describe('withShiftedColumns', () => {
  it('moves the segments at or after each insertion by what was inserted before them, on that line only', () => {
    // line 0: cols 0, 10, 20 ; line 1: col 5
    const map = JSON.stringify({ version: 3, sources: ['a.ts'], names: [], mappings: 'AAAA,UAAC,UAAC;KAAC' });
    const shifted = JSON.parse(withShiftedColumns(map, [{ line: 0, column: 10, delta: 7 }, { line: 0, column: 15, delta: 1 }])) as { mappings: string };
    const columns = shifted.mappings.split(';').map((l) => l.split(',').map(decodeVlq).reduce<number[]>((cols, v) => [...cols, (cols.at(-1) ?? 0) + v[0]!], []));
    expect(columns).toEqual([[0, 17, 28], [5]]);
  });
});

describe('withoutEmptyMaps', () => {
  const file = (name: string, text: string) => ({ name, contents: Buffer.from(text) });
  const text = (f: { contents: Uint8Array }) => Buffer.from(f.contents).toString('utf8');

  it('drops a map with no sources and the comment that points at it, and keeps maps that map something', () => {
    const files = [
      file('tsappa-entry.mjs', 'run();\n//# sourceMappingURL=tsappa-entry.mjs.map\n'),
      file('tsappa-entry.mjs.map', JSON.stringify({ version: 3, sources: [], names: [], mappings: '' })),
      file('tsappa-chunk-A.mjs', 'app();\n//# sourceMappingURL=tsappa-chunk-A.mjs.map\n'),
      file('tsappa-chunk-A.mjs.map', JSON.stringify({ version: 3, sources: ['../../src/app.ts'], names: [], mappings: 'AAAA' })),
    ];
    const out = withoutEmptyMaps(files);
    expect(out.map((f) => f.name)).toEqual(['tsappa-entry.mjs', 'tsappa-chunk-A.mjs', 'tsappa-chunk-A.mjs.map']);
    expect(text(out[0]!)).toBe('run();\n');
    expect(text(out[1]!)).toBe('app();\n//# sourceMappingURL=tsappa-chunk-A.mjs.map\n');
  });

  it('leaves a file whose map is kept, or that has no comment, byte for byte', () => {
    const files = [file('a.mjs', 'x();\n'), file('b.mjs.map', JSON.stringify({ version: 3, sources: [], names: [], mappings: '' }))];
    const out = withoutEmptyMaps(files);
    expect(out.map((f) => f.name)).toEqual(['a.mjs']);
    expect(text(out[0]!)).toBe('x();\n');
  });
});

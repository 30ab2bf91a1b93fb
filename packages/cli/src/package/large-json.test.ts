/** Big JSON ships beside the bundle and is read only when required. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundle } from './bundle.js';
import { DATA_DIR, LARGE_JSON_BYTES, LargeJsonFiles } from './large-json.js';

const big = Object.fromEntries(Array.from({ length: 800 }, (_, i) => [`key${i}`, `value ${i}`]));

describe('LargeJsonFiles', () => {
  it('leaves small JSON and broken JSON to esbuild', () => {
    const files = new LargeJsonFiles();
    expect(files.moduleFor('{"a":1}')).toBeUndefined();
    expect(files.moduleFor(`{"a": ${'1'.repeat(LARGE_JSON_BYTES)}`)).toBeUndefined();
    expect(files.files()).toEqual([]);
  });

  it('measures in bytes: a table of code points under 8 K characters is big in the bundle', () => {
    const table = JSON.stringify(Array.from({ length: 40 }, (_, i) => String.fromCodePoint(0x4e00 + i).repeat(100)));
    expect(table.length).toBeLessThan(LARGE_JSON_BYTES);
    expect(new LargeJsonFiles().moduleFor(table)).toBeDefined();
  });

  it('names each file by its content, minified, so the same data is one file', () => {
    const files = new LargeJsonFiles();
    const one = files.moduleFor(JSON.stringify(big, null, 2))!;
    const two = files.moduleFor(JSON.stringify(big))!;
    expect(one).toEqual(two);
    expect(one.contents).toMatch(new RegExp(`^module\\.exports = require\\("\\./${DATA_DIR}/[0-9a-f]{16}\\.json"\\);$`));
    const [file] = files.files();
    expect(files.files()).toHaveLength(1);
    expect(JSON.parse(Buffer.from(file!.contents).toString('utf8'))).toEqual(big);
  });
});

describe('a bundle with big JSON', () => {
  it('runs from its output directory, reading the data file only when the module that needs it is required', async () => {
    const project = mkdtempSync(join(tmpdir(), 'tsappa-large-json-'));
    writeFileSync(join(project, 'package.json'), '{"name":"p","type":"module"}');
    writeFileSync(join(project, 'data.json'), JSON.stringify(big));
    writeFileSync(join(project, 'lazy.cjs'), "exports.size = () => Object.keys(require('./data.json')).length;\n");
    const output = await bundle({
      projectDir: project,
      entryPoints: { entry: 'tsappa:test-entry' },
      virtualModules: { 'tsappa:test-entry': { contents: "export { size } from './lazy.cjs';", resolveDir: project, loader: 'js' } },
      runtime: 'nodejs22.x',
      external: [],
      bundleAwsSdk: false,
    });
    const code = output.files.filter((f) => f.name.endsWith('.mjs')).map((f) => Buffer.from(f.contents).toString('utf8')).join('\n');
    expect(code).not.toContain('value 0');
    const data = output.files.filter((f) => f.name.startsWith(`${DATA_DIR}/`));
    expect(data).toHaveLength(1);

    const out = mkdtempSync(join(tmpdir(), 'tsappa-large-json-out-'));
    for (const f of output.files) {
      mkdirSync(dirname(join(out, f.name)), { recursive: true });
      writeFileSync(join(out, f.name), f.contents);
    }
    const loaded = (await import(/* @vite-ignore */ pathToFileURL(join(out, 'entry.mjs')).href)) as { size: () => number };
    expect(loaded.size()).toBe(800);
  });
});

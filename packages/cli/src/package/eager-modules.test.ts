import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eagerModuleBodies } from './eager-modules.js';

interface File {
  name: string;
  contents: Uint8Array;
}

const text = (f: File) => Buffer.from(f.contents).toString('utf8');

let dir: string;

/** Writes `files` under a fresh project directory. */
async function project(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(dir, 'p-'));
  for (const [name, contents] of Object.entries(files)) {
    await mkdir(join(root, name, '..'), { recursive: true });
    await writeFile(join(root, name), contents);
  }
  return root;
}

/** esbuild's output as the packager configures it (ESM, splitting, minified, linked maps). */
async function bundled(root: string, entryPoints: Record<string, string>): Promise<File[]> {
  const result = await build({
    absWorkingDir: root,
    entryPoints,
    bundle: true,
    platform: 'node',
    format: 'esm',
    splitting: true,
    minify: true,
    keepNames: true,
    sourcemap: 'linked',
    outdir: join(root, 'out'),
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles.map((f) => ({ name: f.path.slice(join(root, 'out').length + 1), contents: f.contents }));
}

async function load(files: readonly File[], entry: string): Promise<Record<string, unknown>> {
  const out = await mkdtemp(join(dir, 'run-'));
  for (const f of files) await writeFile(join(out, f.name), f.contents);
  return (await import(pathToFileURL(join(out, entry)).href)) as Record<string, unknown>;
}

const LIBRARIES = {
  'node_modules/counter/index.js': 'let n = 0;\nexports.next = () => ++n;\nexports.kind = typeof module;\n',
  'node_modules/greeter/index.js': "const counter = require('counter');\nmodule.exports = function greet(name) { return `hello ${name} #${counter.next()}`; };\n",
  // `arguments` at a CommonJS module's top level: the wrapper must stay an arrow
  'node_modules/odd/index.js': 'module.exports = { args: typeof arguments };\n',
  // required only when a function runs (iconv-lite's encodings are): not compiled at load
  'node_modules/lazy-user/index.js': "exports.later = () => require('lazy-table').rows;\n",
  'node_modules/lazy-table/index.js': 'exports.rows = [1, 2, 3];\n',
  // required from a function called at once (a UMD factory): runs at load
  'node_modules/umd/index.js': "(function (factory) { module.exports = factory(require('umd-dep')); })(function (dep) { return { dep: dep.name }; });\n",
  'node_modules/umd-dep/index.js': "exports.name = 'umd-dep';\n",
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tsappa-eager-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('eagerModuleBodies', () => {
  it('makes every CommonJS wrapper that runs at load a parenthesized function, and the bundle behaves the same', async () => {
    const root = await project({
      ...LIBRARIES,
      'src/app.ts': "import greet from 'greeter';\nimport { kind } from 'counter';\nexport const run = () => [greet('a'), greet('b'), kind];\n",
      'src/other.ts':
        "import greet from 'greeter';\nimport odd from 'odd';\nimport { later } from 'lazy-user';\nimport umd from 'umd';\nexport const run = () => [greet('c'), odd.args, later(), umd.dep];\n",
    });
    const before = await bundled(root, { app: 'src/app.ts', other: 'src/other.ts' });
    const after = eagerModuleBodies(before);

    // the helper lives in a chunk shared by both entries; its callers import it under other names
    const code = after.filter((f) => f.name.endsWith('.mjs')).map(text).join('\n');
    const eager = (marker: string) => new RegExp(`\\(function\\([\\w$,]*\\)\\{[^]{0,80}${marker}`).test(code);
    const lazy = (marker: string) => new RegExp(`[(,](?:\\([\\w$,]*\\)|[\\w$]+)=>\\{[^]{0,80}${marker}`).test(code);
    expect(eager('\\.next=\\(\\)=>\\+\\+'), code).toBe(true); // counter: required at load through greeter
    expect(eager('hello '), code).toBe(true); // greeter
    expect(eager('\\.later='), code).toBe(true); // lazy-user itself runs at load
    expect(eager('"umd-dep"'), code).toBe(true); // required by a factory called at once
    expect(lazy('\\.rows=\\['), code).toBe(true); // lazy-table: only when later() runs
    expect(lazy('args:typeof arguments'), code).toBe(true); // its own `arguments`: left an arrow

    const app = await load(before, 'app.mjs');
    const appAfter = await load(after, 'app.mjs');
    expect((appAfter.run as () => unknown)()).toEqual((app.run as () => unknown)());
    expect((appAfter.run as () => unknown)()).toEqual(['hello a #3', 'hello b #4', 'object']);
    const other = (await load(after, 'other.mjs')).run as () => unknown;
    expect(other()).toEqual(['hello c #1', 'undefined', [1, 2, 3], 'umd-dep']);
  });

  it("moves the map with the code: the app's positions map to the same source lines", async () => {
    const root = await project({
      ...LIBRARIES,
      'src/app.ts': "import greet from 'greeter';\n\nexport function fail(): never {\n  throw new Error(greet('x') + ' failed on purpose');\n}\n",
    });
    const before = await bundled(root, { app: 'src/app.ts' });
    const after = eagerModuleBodies(before);
    const chunk = (files: File[]) => files.find((f) => f.name === 'app.mjs')!;
    const map = (files: File[]) => new SourceMap(JSON.parse(text(files.find((f) => f.name === 'app.mjs.map')!)) as never);
    const original = (files: File[]) => {
      const code = text(chunk(files));
      const at = code.indexOf('new Error');
      const line = code.slice(0, at).split('\n').length - 1;
      const column = at - (code.lastIndexOf('\n', at) + 1);
      return map(files).findEntry(line, column) as { originalLine?: number; originalColumn?: number };
    };
    expect(text(chunk(after))).not.toBe(text(chunk(before))); // wrappers were rewritten before the app's code
    expect(original(after)).toMatchObject({ originalSource: expect.stringContaining('src/app.ts'), originalLine: 3, originalColumn: 8 });
    expect(original(after)).toMatchObject({ originalLine: original(before).originalLine, originalColumn: original(before).originalColumn });
  });

  it('leaves a bundle without CommonJS modules byte for byte', async () => {
    const root = await project({ 'src/app.ts': 'export const run = () => 42;\n' });
    const before = await bundled(root, { app: 'src/app.ts' });
    expect(eagerModuleBodies(before).map(text)).toEqual(before.map(text));
  });
});

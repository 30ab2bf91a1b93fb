/**
 * A package that runs its own functions' source text elsewhere (as `@nestjs/observe` does in a
 * worker thread): those files ship as written beside the bundle, the rest of it is bundled.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { alwaysExternal } from './always-external.js';
import { verbatimPackages, type VerbatimTable } from './verbatim-files.js';
import { bundle } from './bundle.js';

/** Runs `workerMain` from its source text alone, with only `require` given: no bundle helper is in reach. */
const INDEX = `import { createRequire } from 'node:module';
import { workerMain } from './worker-source.js';
const require = createRequire(import.meta.url);
export const runIsolated = (input) => new Function('require', 'input', 'return (' + workerMain.toString() + ')(input)')(require, input);
export const version = 'bundled';
`;

/** Named inner functions (esbuild's keepNames wraps them in __name) and a require (esbuild's __require). */
const WORKER_SOURCE = `export const workerMain = (input) => {
  const zlib = require('node:zlib');
  function double(x) { return x * 2; }
  const label = () => 'doubled';
  return { value: double(input), gzip: typeof zlib.gzipSync, label: label() };
};
`;

const TABLE: VerbatimTable = { 'stringify-fn': ['worker-source.js'] };

function project(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsappa-verbatim-'));
  const all: Record<string, string> = {
    'package.json': '{"name":"p","type":"module","dependencies":{"stringify-fn":"1.0.0"}}',
    'node_modules/stringify-fn/package.json': '{"name":"stringify-fn","version":"1.0.0","type":"module","main":"index.js"}',
    'node_modules/stringify-fn/index.js': INDEX,
    'node_modules/stringify-fn/worker-source.js': WORKER_SOURCE,
    ...files,
  };
  for (const [name, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

async function bundleAndRun(dir: string, table: VerbatimTable | null) {
  const output = await bundle({
    projectDir: dir,
    entryPoints: { entry: 'tsappa:test-entry' },
    virtualModules: { 'tsappa:test-entry': { contents: "export { runIsolated, version } from 'stringify-fn';", resolveDir: dir, loader: 'js' } },
    runtime: 'nodejs22.x',
    external: [],
    bundleAwsSdk: false,
    verbatim: table ? verbatimPackages(dir, table) : [],
  });
  // the zip alone, extracted elsewhere
  const out = mkdtempSync(join(tmpdir(), 'tsappa-verbatim-out-'));
  for (const f of output.files) {
    mkdirSync(dirname(join(out, f.name)), { recursive: true });
    writeFileSync(join(out, f.name), f.contents);
  }
  const mod = (await import(pathToFileURL(join(out, 'entry.mjs')).href)) as { runIsolated: (n: number) => unknown; version: string };
  return { output, out, mod };
}

describe('verbatimPackages', () => {
  it('finds a listed package whose files are installed and import nothing, by their paths in the zip', () => {
    const dir = project();
    const [pkg, ...rest] = verbatimPackages(dir, TABLE);
    expect(rest).toEqual([]);
    expect(pkg!.name).toBe('stringify-fn');
    expect([...pkg!.files]).toEqual([[join(dir, 'node_modules/stringify-fn/worker-source.js'), 'node_modules/stringify-fn/worker-source.js']]);
  });

  it('gives the package up (it then stays out of the bundle whole) when a listed file is missing', () => {
    expect(verbatimPackages(project(), { 'stringify-fn': ['worker-source.js', 'dist/renamed-in-a-new-version.js'] })).toEqual([]);
  });

  it('gives the package up when a listed file imports a module, which would load from files the zip does not hold', () => {
    for (const importing of ["import { x } from './other.js';\n", "export * from './other.js';\n", "const other = require('./other.cjs');\n", "await import('./other.js');\n"]) {
      const dir = project({ 'node_modules/stringify-fn/worker-source.js': importing + WORKER_SOURCE });
      expect(verbatimPackages(dir, TABLE), importing).toEqual([]);
    }
  });

  it('ignores packages that are not installed', () => {
    expect(verbatimPackages(project(), { 'not-installed': ['index.js'] })).toEqual([]);
  });

  it('lets alwaysExternal bundle @nestjs/observe only when its verbatim files are found', () => {
    const dir = project({ 'node_modules/@nestjs/observe/package.json': '{"name":"@nestjs/observe","version":"0.0.1"}' });
    expect(alwaysExternal(dir)).toEqual(['@nestjs/observe']); // an unknown layout: out of the bundle, whole
    const bundled = [{ name: '@nestjs/observe', dir: join(dir, 'node_modules/@nestjs/observe'), files: new Map<string, string>() }];
    expect(alwaysExternal(dir, bundled)).toEqual([]);
  });
});

describe('a bundle with a verbatim file', () => {
  it("ships the file byte for byte beside the bundle, with its package's manifest, and its function's source runs alone", async () => {
    const dir = project();
    const { output, out, mod } = await bundleAndRun(dir, TABLE);
    expect(output.files.map((f) => f.name).filter((n) => n.startsWith('node_modules/'))).toEqual(['node_modules/stringify-fn/package.json', 'node_modules/stringify-fn/worker-source.js']);
    expect(readFileSync(join(out, 'node_modules/stringify-fn/worker-source.js'), 'utf8')).toBe(WORKER_SOURCE);
    expect(mod.runIsolated(21)).toEqual({ value: 42, gzip: 'function', label: 'doubled' });
    // the rest of the package is in the bundle
    expect(mod.version).toBe('bundled');
    const code = output.files.filter((f) => f.name.endsWith('.mjs')).map((f) => Buffer.from(f.contents).toString('utf8')).join('\n');
    expect(code).toContain('"./node_modules/stringify-fn/worker-source.js"');
    expect(code).not.toContain('doubled');
  });

  it('without the table, bundling rewrites the function and its source no longer runs alone (what the table prevents)', async () => {
    const { output, mod } = await bundleAndRun(project(), null);
    expect(output.files.some((f) => f.name.startsWith('node_modules/'))).toBe(false);
    expect(() => mod.runIsolated(21)).toThrow(ReferenceError);
  });
});

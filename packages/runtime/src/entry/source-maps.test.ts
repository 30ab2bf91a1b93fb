import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, transform } from 'esbuild';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatStack } from './source-maps.js';

// A TypeScript module compiled as the packager compiles it: code in one file, its map beside it.
const SOURCE = [
  'interface Order { id: number }',
  '',
  'export function total(order: Order): number {',
  "  throw new Error(`order ${order.id} has no lines`);",
  '}',
  '',
].join('\n');

// vitest maps stacks itself; each case runs in a plain Node process, as in Lambda
let dir: string;
let hook: string;

beforeAll(async () => {
  hook = join(await mkdtemp(join(tmpdir(), 'tsappa-source-maps-hook-')), 'source-maps.mjs');
  await build({ entryPoints: [fileURLToPath(new URL('./source-maps.ts', import.meta.url))], bundle: true, platform: 'node', format: 'esm', outfile: hook, logLevel: 'silent' });
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tsappa-source-maps-'));
  const out = await transform(SOURCE, { loader: 'ts', format: 'esm', minify: true, keepNames: true, sourcemap: 'external', sourcefile: 'src/orders.ts' });
  // minified: its positions differ from the source's
  await writeFile(join(dir, 'orders.mjs'), `${out.code}//# sourceMappingURL=orders.mjs.map\n`);
  await writeFile(join(dir, 'orders.mjs.map'), out.map);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `body` (an ES module body with `hook` = the module, `stackOf(fn)`, `orders` = the compiled module) in plain Node; returns what it prints. */
function inNode(body: string, nodeArgs: string[] = []): string {
  const script = [
    `import * as hook from ${JSON.stringify(pathToFileURL(hook).href)};`,
    'const stackOf = (fn) => { try { fn(); } catch (error) { return error.stack; } throw new Error("expected a throw"); };',
    `const load = () => import(${JSON.stringify(pathToFileURL(join(dir, 'orders.mjs')).href)});`,
    body,
  ].join('\n');
  return execFileSync(process.execPath, [...nodeArgs, '--input-type=module', '-e', script], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
}

const frameOf = (stack: string, n: number): string => stack.split('\n')[n] ?? '';

describe('mapStackTraces', () => {
  it("points the app's frames at the original source, line and column", () => {
    const stack = inNode('hook.mapStackTraces(); const orders = await load(); console.log(stackOf(() => orders.total({ id: 7 })));');
    expect(frameOf(stack, 0)).toBe('Error: order 7 has no lines');
    // line 4, column 9: the `new Error` of the TypeScript source, resolved beside the map
    expect(frameOf(stack, 1)).toBe(`    at Module.total (${join(dir, 'src/orders.ts')}:4:9)`);
    // the script's own frame has no map beside it and is printed as V8 prints it
    expect(frameOf(stack, 2)).toMatch(/^ {4}at .*\[eval1\]:\d+:\d+\)?$/);
  });

  it('prints what Node prints with --enable-source-maps, minus the cost at load', () => {
    const ours = inNode('hook.mapStackTraces(); const orders = await load(); console.log(stackOf(() => orders.total({ id: 7 })));');
    const node = inNode('const orders = await load(); console.log(stackOf(() => orders.total({ id: 7 })));', ['--enable-source-maps']);
    expect(frameOf(ours, 1)).toBe(frameOf(node, 1).replace('file://', ''));
  });

  it('leaves frames of files without a map exactly as V8 formats them', async () => {
    await rm(join(dir, 'orders.mjs.map'));
    const [plain, hooked] = inNode(
      'const orders = await load(); const plain = stackOf(() => orders.total({ id: 1 })); hook.mapStackTraces(); console.log(JSON.stringify([plain, stackOf(() => orders.total({ id: 1 }))]));',
    ).split('\n').filter(Boolean).map((l) => JSON.parse(l) as string[])[0]!;
    // the same header and frame (the callers' frames differ only in their columns)
    expect(frameOf(hooked!, 0)).toBe(frameOf(plain!, 0));
    expect(frameOf(hooked!, 1)).toBe(frameOf(plain!, 1));
    expect(frameOf(hooked!, 1)).toContain(pathToFileURL(join(dir, 'orders.mjs')).href);
  });

  it('reads a map only when a stack through its file is formatted, and once', async () => {
    const map = await readFile(join(dir, 'orders.mjs.map'), 'utf8');
    const out = inNode(
      [
        'import { rmSync, writeFileSync } from "node:fs";',
        'hook.mapStackTraces();',
        'const orders = await load();',
        // the map is gone before any stack is formatted: loading the module never needed it
        `rmSync(${JSON.stringify(join(dir, 'orders.mjs.map'))});`,
        'console.log(stackOf(() => orders.total({ id: 2 })).split("\\n")[1]);',
        // cached per file: a map that appears later is not read again
        `writeFileSync(${JSON.stringify(join(dir, 'orders.mjs.map'))}, ${JSON.stringify(map)});`,
        'console.log(stackOf(() => orders.total({ id: 3 })).split("\\n")[1]);',
      ].join('\n'),
    );
    expect(out.trim().split('\n')).toEqual([expect.stringContaining('orders.mjs:'), expect.stringContaining('orders.mjs:')]);
  });

  it("never replaces an app's own Error.prepareStackTrace", () => {
    const out = inNode('const own = (e) => "own: " + e.message; Error.prepareStackTrace = own; hook.mapStackTraces(); console.log(Error.prepareStackTrace === own, new Error("x").stack);');
    expect(out.trim()).toBe('true own: x');
  });

  it('stays out when Node already maps stacks (--enable-source-maps)', () => {
    const out = inNode('const before = Error.prepareStackTrace; hook.mapStackTraces(); console.log(Error.prepareStackTrace === before);', ['--enable-source-maps']);
    expect(out.trim()).toBe('true');
  });

  it('formats an error with no frames, and one whose toString throws, without throwing', () => {
    expect(formatStack(new TypeError('bad'), [])).toBe('TypeError: bad');
    const hostile = Object.create(Error.prototype, {
      name: {
        get: () => {
          throw new Error('no');
        },
      },
    }) as Error;
    expect(formatStack(hostile, [])).toBe('<error>');
  });
});

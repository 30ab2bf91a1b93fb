import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layoutEntries, productionLayout, resolveRoots } from './dependencies.js';
import { PackageError } from './errors.js';
import { nativeReason } from './native.js';
import { findInstalledPackage } from './packages.js';

async function pkg(dir: string, json: Record<string, unknown>, files: Record<string, string> = { 'index.js': '' }) {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify(json));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
}

describe('production dependency layout', () => {
  it('hoists, nests conflicting versions, follows pnpm symlinks and leaves dev dependencies out', async () => {
    const root = await mkdtemp(join(tmpdir(), 'tsappa-deps-'));
    const nm = join(root, 'node_modules');
    await pkg(root, { name: 'app', dependencies: { a: '1', b: '1', d: '1' }, devDependencies: { dev: '1' } });
    await pkg(join(nm, 'a'), { name: 'a', version: '1.0.0', dependencies: { c: '1' } });
    await pkg(join(nm, 'c'), { name: 'c', version: '1.0.0' });
    await pkg(join(nm, 'b'), { name: 'b', version: '1.0.0', dependencies: { c: '2' }, optionalDependencies: { gone: '1' } });
    await pkg(join(nm, 'b', 'node_modules', 'c'), { name: 'c', version: '2.0.0' });
    await pkg(join(nm, 'dev'), { name: 'dev', version: '1.0.0' });
    // pnpm: node_modules/d -> .pnpm/d@1/node_modules/d, its dependency e beside it
    const store = join(nm, '.pnpm', 'd@1', 'node_modules');
    await pkg(join(store, 'd'), { name: 'd', version: '1.0.0', dependencies: { e: '1' } }, {
      'index.js': '',
      'README.md': '# d',
      'lib/x.d.ts': '',
      'lib/x.js.map': '{}',
      'test/t.js': '',
      'lib/x.js': '',
    });
    await pkg(join(store, 'e'), { name: 'e', version: '1.0.0' });
    await symlink(join(store, 'd'), join(nm, 'd'), 'dir');

    const layout = productionLayout(resolveRoots(['a', 'b', 'd'], root, 'test'));
    const placed = Object.fromEntries([...layout].map(([at, p]) => [at, p.version]));
    expect(placed).toEqual({
      'node_modules/a': '1.0.0',
      'node_modules/b': '1.0.0',
      'node_modules/d': '1.0.0',
      'node_modules/c': '1.0.0',
      'node_modules/b/node_modules/c': '2.0.0',
      'node_modules/e': '1.0.0',
    });
    const names = layoutEntries(layout).map((e) => e.name);
    expect(names).toContain('node_modules/d/lib/x.js');
    expect(names).toContain('node_modules/d/package.json');
    expect(names.filter((n) => n.startsWith('node_modules/d/'))).toEqual(['node_modules/d/index.js', 'node_modules/d/lib/x.js', 'node_modules/d/package.json']);
    expect(names.some((n) => n.includes('dev'))).toBe(false);
  });

  it('is a clear error when a required dependency is not installed', async () => {
    const root = await mkdtemp(join(tmpdir(), 'tsappa-deps-'));
    await pkg(join(root, 'node_modules', 'a'), { name: 'a', version: '1.0.0', dependencies: { missing: '1' } });
    expect(() => productionLayout(resolveRoots(['a'], root, 'test'))).toThrow(PackageError);
    expect(() => productionLayout(resolveRoots(['a'], root, 'test'))).toThrow(/depends on missing, which is not installed/);
  });
});

describe('native addon detection', () => {
  it.each([
    [{ gypfile: true }, {}, /gypfile/],
    [{}, { 'binding.gyp': '{}' }, /binding\.gyp/],
    [{ dependencies: { 'node-gyp-build': '4' } }, {}, /node-gyp-build/],
    [{ optionalDependencies: { '@node-rs/argon2-linux-x64-gnu': '1' } }, {}, /platform-specific/],
    [{}, { 'prebuilds/linux-x64/addon.node': 'x' }, /addon\.node/],
  ])('detects %j', async (json, files, reason) => {
    const root = await mkdtemp(join(tmpdir(), 'tsappa-native-'));
    await pkg(join(root, 'node_modules', 'n'), { name: 'n', version: '1.0.0', ...json }, { 'index.js': '', ...files });
    expect(nativeReason(findInstalledPackage('n', root)!)).toMatch(reason);
  });

  it('leaves plain JavaScript packages alone', async () => {
    const root = await mkdtemp(join(tmpdir(), 'tsappa-native-'));
    await pkg(join(root, 'node_modules', 'p'), { name: 'p', version: '1.0.0', dependencies: { debug: '4' } }, { 'lib/index.js': '' });
    expect(nativeReason(findInstalledPackage('p', root)!)).toBeNull();
  });
});

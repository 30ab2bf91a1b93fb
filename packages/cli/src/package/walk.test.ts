import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { walkFiles } from './walk.js';

describe('walkFiles', () => {
  it('lists files sorted, follows symlinks, survives cycles and dangling links, prunes skipped dirs', async () => {
    const root = await mkdtemp(join(tmpdir(), 'tsappa-walk-'));
    await mkdir(join(root, 'b', 'deep'), { recursive: true });
    await mkdir(join(root, 'skip'));
    await writeFile(join(root, 'b', 'deep', 'x.js'), 'xx');
    await writeFile(join(root, 'a.txt'), 'a');
    await writeFile(join(root, 'skip', 'no.js'), '');
    await symlink(root, join(root, 'b', 'loop'), 'dir');
    await symlink(join(root, 'missing'), join(root, 'dangling'));
    await symlink(join(root, 'a.txt'), join(root, 'c.txt'));
    const files = walkFiles(root, (rel) => rel === 'skip');
    expect(files.map((f) => [f.rel, f.size])).toEqual([
      ['a.txt', 1],
      ['b/deep/x.js', 2],
      ['c.txt', 1],
    ]);
  });
});

import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zipDirOf, zipPathOf } from './zip-paths.js';

describe('zipPathOf: where a file sits in the task root', () => {
  it('keeps the project-relative path of the project own files', () => {
    expect(zipPathOf('/work/app/views/index.pug', '/work/app')).toBe('views/index.pug');
    expect(zipDirOf('/work/app/src/app.ts', '/work/app')).toBe('src');
    expect(zipDirOf('/work/app/app.js', '/work/app')).toBe('');
  });

  it('puts installed packages under node_modules, for npm, hoisted workspaces and pnpm layouts alike', () => {
    expect(zipPathOf('/work/app/node_modules/pug/lib/index.js', '/work/app')).toBe('node_modules/pug/lib/index.js');
    expect(zipPathOf('/work/node_modules/@scope/pkg/a.html', '/work/packages/app')).toBe('node_modules/@scope/pkg/a.html');
    expect(zipPathOf('/work/app/node_modules/.pnpm/pug@3.0.3/node_modules/pug/lib/index.js', '/work/app')).toBe(
      'node_modules/pug/lib/index.js',
    );
  });

  it('puts a linked workspace package outside the project where Node finds it by name', async () => {
    const root = await mkdtemp(join(tmpdir(), 'tsappa-zip-paths-'));
    await mkdir(join(root, 'packages/shared/templates'), { recursive: true });
    await writeFile(join(root, 'packages/shared/package.json'), JSON.stringify({ name: '@shop/shared' }));
    expect(zipPathOf(join(root, 'packages/shared/templates/mail.txt'), join(root, 'packages/api'))).toBe(
      'node_modules/@shop/shared/templates/mail.txt',
    );
  });
});

import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { describeChanges, isWatchedPath, watchForChanges, watchProject } from './watch.js';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/serve-project');
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsappa-watch-'));
  dirs.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  return dir;
}

const settle = () => new Promise((r) => setTimeout(r, 100));

describe('isWatchedPath', () => {
  it('skips dependencies, dot-directories, tsappa output and editor files', () => {
    expect(isWatchedPath('src/app.ts')).toBe(true);
    expect(isWatchedPath('tsappa.json')).toBe(true);
    expect(isWatchedPath('node_modules/x/index.js')).toBe(false);
    expect(isWatchedPath('.tsappa/dev-dead-letter.jsonl')).toBe(false);
    expect(isWatchedPath('.git/index')).toBe(false);
    expect(isWatchedPath('src/.app.ts.swp')).toBe(false);
    expect(isWatchedPath('src/app.ts~')).toBe(false);
    expect(isWatchedPath('src/4913')).toBe(false);
    expect(isWatchedPath('npm-debug.log')).toBe(false);
    expect(isWatchedPath('')).toBe(false);
  });
});

describe('describeChanges', () => {
  it('names up to three files, sorted, then counts the rest', () => {
    expect(describeChanges(['src/b.ts', 'src/a.ts'])).toBe('src/a.ts, src/b.ts');
    expect(describeChanges(['e', 'd', 'c', 'b', 'a'])).toBe('a, b, c and 2 more');
  });
});

describe('watchProject', () => {
  it('reports changed files, new directories included, and never node_modules or dot-directories', async () => {
    const dir = project();
    const changes: string[] = [];
    const stop = watchProject(dir, (rel) => changes.push(rel));
    try {
      await settle();
      writeFileSync(join(dir, 'src', 'message.ts'), "export const message = 'changed';\n");
      writeFileSync(join(dir, 'node_modules', 'ignored.js'), '1');
      mkdirSync(join(dir, '.tsappa'), { recursive: true });
      writeFileSync(join(dir, '.tsappa', 'ignored.json'), '1');
      await vi.waitFor(() => expect(changes).toContain('src/message.ts'));
      mkdirSync(join(dir, 'lib'));
      await settle();
      writeFileSync(join(dir, 'lib', 'new.ts'), 'export {};\n');
      await vi.waitFor(() => expect(changes).toContain('lib/new.ts'));
      expect(changes.filter((c) => c.includes('node_modules') || c.startsWith('.'))).toEqual([]);
    } finally {
      stop();
    }
  });
});

describe('watchForChanges', () => {
  it('reports a burst of changes once, after the project has been quiet, and nothing after stop', async () => {
    const dir = project();
    const batches: string[] = [];
    const stop = watchForChanges(dir, 150, (changes) => batches.push(changes), () => {});
    try {
      await settle();
      writeFileSync(join(dir, 'src', 'message.ts'), "export const message = 'a';\n");
      writeFileSync(join(dir, 'src', 'app.ts'), '// changed\n');
      await vi.waitFor(() => expect(batches).toEqual(['src/app.ts, src/message.ts']));
      stop();
      writeFileSync(join(dir, 'src', 'message.ts'), "export const message = 'b';\n");
      await new Promise((r) => setTimeout(r, 400));
      expect(batches).toHaveLength(1);
    } finally {
      stop();
    }
  });
});

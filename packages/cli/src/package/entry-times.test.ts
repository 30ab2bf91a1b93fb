import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGitRepo } from '../../test/support/git-repo.js';
import { CONTENT_STEPS, DOS_FIRST, DOS_LAST, contentOffset, entryTime, parseSourceDateEpoch, withEntryTimes } from './entry-times.js';
import type { ArchiveEntry } from './types.js';

const T1 = Date.UTC(2025, 0, 10, 9, 0, 1) / 1000; // an odd second: stored as the even second before
const T2 = Date.UTC(2025, 0, 11, 9, 0, 0) / 1000;
const T3 = Date.UTC(2025, 0, 12, 9, 0, 0) / 1000;
const HOUR = 3600;

const fileEntry = (dir: string, name: string): ArchiveEntry => ({ name, source: join(dir, name), size: 0 });
const seconds = (entry: ArchiveEntry | undefined) => entry!.mtime!.getTime() / 1000;
const timesOf = async (entries: ArchiveEntry[], dir: string, env: NodeJS.ProcessEnv = {}) =>
  Object.fromEntries((await withEntryTimes(entries, dir, env)).map((e) => [e.name, seconds(e)]));

describe('entryTime (the rule)', () => {
  const offset = contentOffset(Buffer.from('body { color: red }'));

  it('gives a committed file its commit time, as an even second', () => {
    expect(entryTime({ kind: 'committed', time: T1 }, offset, null)).toBe(T1 - 1);
  });

  it('puts a modified or untracked file after its base time, within an hour, moved by the content', () => {
    expect(offset % 2).toBe(0);
    expect(offset).toBeGreaterThanOrEqual(2);
    expect(offset).toBeLessThanOrEqual(2 * CONTENT_STEPS);
    for (const kind of ['modified', 'untracked'] as const) expect(entryTime({ kind, time: T2 }, offset, null)).toBe(T2 + offset);
    expect(contentOffset(Buffer.from('body { color: rod }'))).not.toBe(offset);
  });

  it('anchors what git does not know at SOURCE_DATE_EPOCH, else 1980, and stays in the DOS range', () => {
    expect(entryTime({ kind: 'unversioned' }, offset, null)).toBe(DOS_FIRST + offset);
    expect(entryTime({ kind: 'unversioned' }, offset, T3)).toBe(T3 + offset);
    expect(entryTime({ kind: 'committed', time: 0 }, offset, null)).toBe(DOS_FIRST);
    expect(entryTime({ kind: 'unversioned' }, offset, 4_000_000_000)).toBe(DOS_LAST);
  });

  it('reads SOURCE_DATE_EPOCH as decimal seconds and refuses anything else', () => {
    expect(parseSourceDateEpoch(undefined)).toBeNull();
    expect(parseSourceDateEpoch('')).toBeNull();
    expect(parseSourceDateEpoch('1736499600')).toBe(1736499600);
    expect(() => parseSourceDateEpoch('2025-01-10')).toThrow(/SOURCE_DATE_EPOCH/);
  });
});

describe('withEntryTimes in a git repository', () => {
  it('gives each file the time of the last commit that changed it, whatever its file-system time', async () => {
    const repo = await createGitRepo();
    mkdirSync(join(repo.dir, 'public'));
    writeFileSync(join(repo.dir, 'public/a.css'), 'a { color: red }');
    writeFileSync(join(repo.dir, 'public/b.css'), 'b { color: red }');
    repo.commit('first', T1);
    writeFileSync(join(repo.dir, 'public/b.css'), 'b { color: tan }');
    repo.commit('second', T2);
    utimesSync(join(repo.dir, 'public/a.css'), new Date(), new Date()); // a checkout or a touch
    const entries = [fileEntry(repo.dir, 'public/a.css'), fileEntry(repo.dir, 'public/b.css')];
    expect(await timesOf(entries, repo.dir)).toEqual({ 'public/a.css': T1 - 1, 'public/b.css': T2 });
  });

  it('moves a file edited since its commit forward, by its content, deterministically; committing it moves it on', async () => {
    const repo = await createGitRepo();
    writeFileSync(join(repo.dir, 'app.css'), 'a { color: red }');
    writeFileSync(join(repo.dir, 'other.txt'), 'x');
    repo.commit('first', T1);
    writeFileSync(join(repo.dir, 'other.txt'), 'y');
    repo.commit('an unrelated commit', T2);
    const entries = [fileEntry(repo.dir, 'app.css')];
    expect((await timesOf(entries, repo.dir))['app.css']).toBe(T1 - 1);

    writeFileSync(join(repo.dir, 'app.css'), 'a { color: tan }'); // same size, not committed
    const edited = (await timesOf(entries, repo.dir))['app.css']!;
    expect(edited).toBe(T1 - 1 + contentOffset(Buffer.from('a { color: tan }')));
    expect(edited).toBeGreaterThan(T1);
    utimesSync(join(repo.dir, 'app.css'), new Date(), new Date());
    expect((await timesOf(entries, repo.dir))['app.css']).toBe(edited);

    repo.commit('the edit', T3);
    expect((await timesOf(entries, repo.dir))['app.css']).toBe(T3);
  });

  it('counts a merge as the change it brings to the branch, so a side branch\'s older commit never moves a time back', async () => {
    const repo = await createGitRepo();
    writeFileSync(join(repo.dir, 'app.css'), 'a { color: red }');
    writeFileSync(join(repo.dir, 'other.txt'), 'x');
    repo.commit('first', T1);
    repo.git('checkout', '-q', '-b', 'feature');
    writeFileSync(join(repo.dir, 'app.css'), 'a { color: tan }');
    repo.commit('feature: the stylesheet', T1 + HOUR); // older than main's next commit
    repo.git('checkout', '-q', 'main');
    writeFileSync(join(repo.dir, 'other.txt'), 'y');
    repo.commit('main moves on', T2);
    repo.gitAt(T3, 'merge', '-q', '--no-ff', '--no-edit', 'feature');
    expect(await timesOf([fileEntry(repo.dir, 'app.css'), fileEntry(repo.dir, 'other.txt')], repo.dir)).toEqual({ 'app.css': T3, 'other.txt': T2 });
  });

  it('puts untracked project files after HEAD, and dependencies and generated code at SOURCE_DATE_EPOCH or 1980 by content', async () => {
    const repo = await createGitRepo();
    writeFileSync(join(repo.dir, '.gitignore'), 'node_modules/\nbuild/\n');
    repo.commit('first', T1);
    mkdirSync(join(repo.dir, 'build'));
    mkdirSync(join(repo.dir, 'node_modules/lib'), { recursive: true });
    writeFileSync(join(repo.dir, 'build/app.css'), 'built');
    writeFileSync(join(repo.dir, 'node_modules/lib/style.css'), 'dep');
    const entries: ArchiveEntry[] = [
      fileEntry(repo.dir, 'build/app.css'),
      { name: 'node_modules/lib/style.css', source: join(repo.dir, 'node_modules/lib/style.css'), size: 3 },
      { name: 'tsappa-entry.mjs', source: Buffer.from('generated'), size: 9 },
    ];
    const offset = (text: string) => contentOffset(Buffer.from(text));
    expect(await timesOf(entries, repo.dir)).toEqual({
      'build/app.css': T1 - 1 + offset('built'),
      'node_modules/lib/style.css': DOS_FIRST + offset('dep'),
      'tsappa-entry.mjs': DOS_FIRST + offset('generated'),
    });
    expect(await timesOf(entries, repo.dir, { SOURCE_DATE_EPOCH: String(T3) })).toMatchObject({
      'build/app.css': T1 - 1 + offset('built'), // git knows better
      'node_modules/lib/style.css': T3 + offset('dep'),
    });
  });

  it('outside a repository, times come from the content and SOURCE_DATE_EPOCH only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsappa-nogit-'));
    writeFileSync(join(dir, 'app.css'), 'a { color: red }');
    const times = await timesOf([fileEntry(dir, 'app.css')], dir, { SOURCE_DATE_EPOCH: String(T2) });
    expect(times['app.css']).toBe(T2 + contentOffset(Buffer.from('a { color: red }')));
  });

  it('keeps a time an entry already has', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsappa-nogit-'));
    const mtime = new Date(T2 * 1000);
    const [entry] = await withEntryTimes([{ name: 'x', source: Buffer.from('x'), size: 1, mtime }], dir, {});
    expect(entry!.mtime).toBe(mtime);
  });
});

import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { readFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readZip } from '../../test/support/test-zip.js';
import type { ArchiveEntry } from './types.js';
import { writeDeterministicZip } from './zip.js';

const entry = (name: string, text: string): ArchiveEntry => ({ name, source: Buffer.from(text), size: Buffer.byteLength(text) });
const hasUnzip = spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0;

describe('deterministic zip', () => {
  it('gives the same bytes for the same entries, whatever their order, file times and modes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tsappa-zip-'));
    const onDisk = join(dir, 'b.txt');
    await writeFile(onDisk, 'from disk', { mode: 0o755 });
    const a = await writeDeterministicZip(
      [entry('z.js', 'last'), { name: 'b.txt', source: onDisk, size: 9 }, entry('a/b.js', 'first')],
      join(dir, 'one.zip'),
    );
    await new Promise((r) => setTimeout(r, 1100)); // a later wall clock must not matter
    await writeFile(onDisk, 'from disk', { mode: 0o600 });
    const b = await writeDeterministicZip(
      [entry('a/b.js', 'first'), entry('z.js', 'last'), { name: 'b.txt', source: onDisk, size: 9 }],
      join(dir, 'two.zip'),
    );
    expect(Buffer.compare(await readFile(a.path), await readFile(b.path))).toBe(0);
    expect(a.sha256).toBe(b.sha256);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(a).toMatchObject({ entryCount: 3, unzippedBytes: 5 + 4 + 9 });

    const entries = readZip(a.path);
    expect(entries.map((e) => e.name)).toEqual(['a/b.js', 'b.txt', 'z.js']);
    for (const e of entries) {
      expect(e.mode & 0o777).toBe(0o644);
      expect(e.dosDate).toBe(((1980 - 1980) << 9) | (1 << 5) | 1); // 1980-01-01
      expect(e.dosTime).toBe(0);
    }
    expect(entries[1]!.data.toString()).toBe('from disk');
  });

  it.skipIf(!hasUnzip)("stores each entry's time as a DOS time in UTC, which unzip in UTC (Lambda's zone) gives back", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tsappa-zip-'));
    const mtime = new Date(Date.UTC(2025, 2, 4, 13, 7, 10));
    const a = await writeDeterministicZip([{ ...entry('public/app.css', 'a{}'), mtime }, entry('x.js', '1')], join(dir, 'a.zip'));
    const [css, js] = readZip(a.path);
    expect(css!.dosDate).toBe(((2025 - 1980) << 9) | (3 << 5) | 4);
    expect(css!.dosTime).toBe((13 << 11) | (7 << 5) | (10 / 2));
    expect(js!.dosDate).toBe((1 << 5) | 1); // no time given: 1980-01-01
    const out = join(dir, 'out');
    expect(spawnSync('unzip', ['-q', a.path, '-d', out], { env: { ...process.env, TZ: 'UTC' } }).status).toBe(0);
    expect(statSync(join(out, 'public/app.css')).mtime.toISOString()).toBe(mtime.toISOString());
  });

  it('changes the sha256 when a byte changes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tsappa-zip-'));
    const a = await writeDeterministicZip([entry('x.js', 'one')], join(dir, 'a.zip'));
    const b = await writeDeterministicZip([entry('x.js', 'two')], join(dir, 'b.zip'));
    expect(a.sha256).not.toBe(b.sha256);
  });

  it('refuses duplicate names', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tsappa-zip-'));
    await expect(writeDeterministicZip([entry('x', '1'), entry('x', '2')], join(dir, 'a.zip'))).rejects.toThrow(/duplicate/);
  });
});

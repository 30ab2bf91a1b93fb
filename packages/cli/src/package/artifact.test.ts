/**
 * `package -o FILE` writes atomically: a run that fails midway (as Ctrl-C does) leaves the file
 * that was there, and concurrent runs each report the sha256 of the zip they wrote, never of an
 * empty or half-written file.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { writeArtifact } from './artifact.js';
import type { ArchiveEntry } from './types.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsappa-artifact-'));
  dirs.push(dir);
  return dir;
}

const settings = (projectDir: string) => ({ projectName: 'atomic', stage: 'dev', projectDir });
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const entries = (text: string, count = 40): ArchiveEntry[] =>
  Array.from({ length: count }, (_, i) => {
    const source = Buffer.from(`${text} ${i} `.repeat(2000));
    return { name: `file-${String(i).padStart(3, '0')}.txt`, source, size: source.length };
  });

describe('writeArtifact -o FILE', () => {
  it('reports the sha256 of the bytes it wrote, with concurrent runs writing the same path', async () => {
    const project = tempDir();
    const out = join(tempDir(), 'build', 'prod.zip');
    const runs = await Promise.all(['alpha', 'beta', 'gamma', 'delta'].map((text) => writeArtifact(entries(text), settings(project), { outFile: out })));
    const final = readFileSync(out);
    const empty = sha256(Buffer.alloc(0));
    for (const run of runs) {
      expect(run.sha256).not.toBe(empty);
      expect(run.path).toBe(out);
    }
    // four different zips, and the file left is exactly one of them, whole
    expect(new Set(runs.map((r) => r.sha256)).size).toBe(4);
    expect(runs.map((r) => r.sha256)).toContain(sha256(final));
    expect(runs.find((r) => r.sha256 === sha256(final))?.zippedBytes).toBe(final.length);
    expect(readdirSync(join(out, '..'))).toEqual(['prod.zip']);
  });

  it('leaves the previous file intact, and no temporary file, when a run fails midway', async () => {
    const project = tempDir();
    const out = join(tempDir(), 'prod.zip');
    writeFileSync(out, 'the previous build');
    const failing: ArchiveEntry = {
      name: 'zzz-broken.txt',
      size: 10,
      source: Readable.from(
        (async function* () {
          yield Buffer.from('partial');
          throw new Error('interrupted');
        })(),
      ) as unknown as Buffer,
    };
    await expect(writeArtifact([...entries('one'), failing], settings(project), { outFile: out })).rejects.toThrow();
    expect(readFileSync(out, 'utf8')).toBe('the previous build');
    expect(readdirSync(join(out, '..'))).toEqual(['prod.zip']);
  });

  it('writes to .tsappa/<key> without -o, leaving no temporary file there', async () => {
    const project = tempDir();
    const run = await writeArtifact(entries('x', 3), settings(project), {});
    expect(existsSync(run.path)).toBe(true);
    expect(sha256(readFileSync(run.path))).toBe(run.sha256);
    expect(readdirSync(join(project, '.tsappa'))).toEqual([run.path.split('/').at(-1)]);
  });
});

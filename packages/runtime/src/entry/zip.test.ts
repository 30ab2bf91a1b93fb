import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { writeZip } from './__fixtures__/zip-writer.js';
import { extractZip, ZipError } from './zip.js';

const hasZip = spawnSync('zip', ['-v'], { stdio: 'ignore' }).status === 0;
const temp = () => mkdtempSync(join(tmpdir(), 'tsappa-zip-'));

function sampleTree(): string {
  const src = temp();
  mkdirSync(join(src, 'dist/lib'), { recursive: true });
  mkdirSync(join(src, 'node_modules/.bin'), { recursive: true });
  mkdirSync(join(src, 'node_modules/tool'), { recursive: true });
  writeFileSync(join(src, 'dist/app.mjs'), 'export const app = () => "hello";\n'.repeat(200));
  writeFileSync(join(src, 'dist/lib/data.bin'), randomBytes(70_000));
  writeFileSync(join(src, 'dist/empty.txt'), '');
  writeFileSync(join(src, 'dist/naïve ünïcode.txt'), 'ok');
  writeFileSync(join(src, 'node_modules/tool/cli.js'), '#!/usr/bin/env node\n');
  chmodSync(join(src, 'node_modules/tool/cli.js'), 0o755);
  symlinkSync('../tool/cli.js', join(src, 'node_modules/.bin/tool'));
  return src;
}

function expectSameTree(src: string, out: string): void {
  for (const file of ['dist/app.mjs', 'dist/lib/data.bin', 'dist/empty.txt', 'dist/naïve ünïcode.txt', 'node_modules/tool/cli.js']) {
    expect(readFileSync(join(out, file)).equals(readFileSync(join(src, file))), file).toBe(true);
  }
  expect(statSync(join(out, 'node_modules/tool/cli.js')).mode & 0o111).not.toBe(0);
}

describe('extractZip', () => {
  it.skipIf(!hasZip)('extracts an Info-ZIP archive with modes and symlinks', async () => {
    const src = sampleTree();
    const zipPath = join(temp(), 'app.zip');
    expect(spawnSync('zip', ['-r', '-y', '-q', zipPath, '.'], { cwd: src }).status).toBe(0);
    const out = temp();
    expect(await extractZip(zipPath, out)).toBe(6);
    expectSameTree(src, out);
    // Info-ZIP stores an extended timestamp (Unix seconds): the time comes back to the second
    const mtimeSeconds = (path: string) => Math.floor(statSync(path).mtimeMs / 1000);
    expect(mtimeSeconds(join(out, 'dist/lib/data.bin'))).toBe(mtimeSeconds(join(src, 'dist/lib/data.bin')));
    expect(readlinkSync(join(out, 'node_modules/.bin/tool'))).toBe('../tool/cli.js');
    expect(readFileSync(join(out, 'node_modules/.bin/tool'), 'utf8')).toContain('#!/usr/bin/env node');
  });

  it.skipIf(!hasZip)('extracts a ZIP64 archive', async () => {
    const src = sampleTree();
    const zipPath = join(temp(), 'app64.zip');
    expect(spawnSync('zip', ['-r', '-q', '-fz', zipPath, 'dist'], { cwd: src }).status).toBe(0);
    const out = temp();
    expect(await extractZip(zipPath, out)).toBe(4);
    expect(readFileSync(join(out, 'dist/lib/data.bin')).equals(readFileSync(join(src, 'dist/lib/data.bin')))).toBe(true);
  });

  it('extracts an archiver zip like the packager writes (ZipArchive, level 9, dates in UTC, mode, streamed entries), keeping each time', async (ctx) => {
    type ZipArchiveCtor = new (options: object) => NodeJS.ReadableStream & {
      append(source: Buffer, data: { name: string; date: Date; mode: number }): void;
      finalize(): Promise<void>;
    };
    let ZipArchive: ZipArchiveCtor | undefined;
    try {
      // archiver is the packager's dependency (hoisted in the workspace), not the runtime's
      ZipArchive = ((await import(/* @vite-ignore */ 'archiver')) as { ZipArchive?: ZipArchiveCtor }).ZipArchive;
    } catch {
      // not installed
    }
    if (!ZipArchive) return ctx.skip();
    const files: Record<string, Buffer> = {
      'app.mjs': Buffer.from('export const app = () => "hello";\n'.repeat(200)),
      'lib/data.bin': randomBytes(70_000),
      'empty.txt': Buffer.alloc(0),
      'big.bin': randomBytes(9 * 1024 * 1024), // takes the streaming path
      'node_modules/pkg/index.js': Buffer.from('module.exports = 1;'),
    };
    const zipPath = join(temp(), 'archiver.zip');
    const archive = new ZipArchive({ zlib: { level: 9 }, forceLocalTime: false });
    const written = pipeline(archive, createWriteStream(zipPath));
    // a different even-second time per entry, as the packager gives them (DOS time has 2-second resolution)
    const dates = Object.fromEntries(Object.keys(files).map((name, i) => [name, new Date(Date.UTC(2025, 2, 4, 13, 7, 10 + 2 * i))]));
    for (const name of Object.keys(files).sort()) archive.append(files[name]!, { name, date: dates[name]!, mode: 0o644 });
    await archive.finalize();
    await written;
    const out = temp();
    expect(await extractZip(zipPath, out)).toBe(5);
    for (const [name, data] of Object.entries(files)) {
      expect(readFileSync(join(out, name)).equals(data), name).toBe(true);
      // the time static-file servers turn into Last-Modified and ETag, as Lambda's extraction keeps it
      expect(statSync(join(out, name)).mtime.toISOString(), name).toBe(dates[name]!.toISOString());
    }
  });

  it('streams a large deflated entry', async () => {
    const noisy = randomBytes(9 * 1024 * 1024); // incompressible: over the 8 MiB streaming threshold
    const zipPath = join(temp(), 'big.zip');
    writeFileSync(zipPath, writeZip([{ name: 'noise.bin', data: noisy }, { name: 'raw.bin', data: noisy, method: 0 }]));
    const out = temp();
    await extractZip(zipPath, out);
    expect(readFileSync(join(out, 'noise.bin')).equals(noisy)).toBe(true);
    expect(readFileSync(join(out, 'raw.bin')).equals(noisy)).toBe(true);
  });

  it.each([
    ['../evil.txt', 'leaves the target directory'],
    ['a/../../evil.txt', 'leaves the target directory'],
    ['/etc/evil', 'unsafe entry path'],
    ['C:/evil', 'unsafe entry path'],
    ['a\\..\\..\\evil', 'unsafe entry path'],
  ])('refuses the path %s', async (name, message) => {
    const zipPath = join(temp(), 'evil.zip');
    writeFileSync(zipPath, writeZip([{ name, data: 'x' }]));
    await expect(extractZip(zipPath, temp())).rejects.toThrow(message);
  });

  it('refuses symlinks leaving the target directory', async () => {
    const zipPath = join(temp(), 'link.zip');
    writeFileSync(zipPath, writeZip([{ name: 'l', data: '../../etc/passwd', mode: 0o120777 }]));
    await expect(extractZip(zipPath, temp())).rejects.toThrow('symlink l -> ../../etc/passwd leaves the target directory');
    writeFileSync(zipPath, writeZip([{ name: 'l', data: '/etc/passwd', mode: 0o120777 }]));
    await expect(extractZip(zipPath, temp())).rejects.toThrow('leaves the target directory');
  });

  it('refuses encrypted entries, unknown methods and non-zips', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'enc.zip'), writeZip([{ name: 'a', data: 'x', flags: 1 }]));
    await expect(extractZip(join(dir, 'enc.zip'), temp())).rejects.toThrow('a is encrypted');
    writeFileSync(join(dir, 'bz.zip'), writeZip([{ name: 'a', data: 'x', method: 12 }]));
    await expect(extractZip(join(dir, 'bz.zip'), temp())).rejects.toThrow('compression method 12');
    writeFileSync(join(dir, 'not.zip'), 'hello, this is not a zip file at all');
    await expect(extractZip(join(dir, 'not.zip'), temp())).rejects.toThrow(ZipError);
    const truncated = writeZip([{ name: 'a', data: 'x'.repeat(1000) }]);
    writeFileSync(join(dir, 'cut.zip'), truncated.subarray(truncated.length - 60));
    await expect(extractZip(join(dir, 'cut.zip'), temp())).rejects.toThrow(ZipError);
  });
});

import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipArchive } from 'archiver';
import type { ArchiveEntry, ArchiveInfo } from './types.js';

/** The time of an entry that has none (DOS time starts in 1980); packaging sets each entry's time (entry-times.ts). */
export const ZIP_DATE = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));
/** Every entry gets this mode (regular file, rw-r--r--). */
export const ZIP_FILE_MODE = 0o644;

/** Byte-order comparison of entry names, independent of locale. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function lazyFile(path: string): Readable {
  async function* contents() {
    yield await readFile(path);
  }
  return Readable.from(contents(), { objectMode: false });
}

/**
 * Writes a deterministic zip: entries sorted by name, each with its given time (else
 * {@link ZIP_DATE}) as a DOS time in UTC, a fixed mode, no directory entries, maximum
 * compression. The same entries give the same bytes. archiver writes no extended-timestamp
 * field (0x5455), so the DOS time is the only one: readers in UTC (Lambda, tsappa's extractor)
 * see it exactly; times are even seconds (entry-times.ts), which is all DOS time can hold.
 */
export async function writeDeterministicZip(entries: readonly ArchiveEntry[], outFile: string): Promise<ArchiveInfo> {
  const sorted = [...entries].sort((a, b) => compareNames(a.name, b.name));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.name === sorted[i - 1]!.name) throw new Error(`duplicate zip entry ${sorted[i]!.name}`);
  }
  await mkdir(dirname(outFile), { recursive: true });
  const archive = new ZipArchive({ zlib: { level: 9 }, forceLocalTime: false });
  const written = pipeline(archive, createWriteStream(outFile));
  for (const entry of sorted) {
    const source = typeof entry.source === 'string' ? lazyFile(entry.source) : entry.source;
    archive.append(source, { name: entry.name, date: entry.mtime ?? ZIP_DATE, mode: ZIP_FILE_MODE });
  }
  await archive.finalize();
  await written;
  return {
    path: outFile,
    sha256: await sha256File(outFile),
    zippedBytes: (await stat(outFile)).size,
    unzippedBytes: sorted.reduce((sum, e) => sum + e.size, 0),
    entryCount: sorted.length,
  };
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/**
 * A small zip extractor for the slimHandler archive (the packager writes a plain zip with
 * archiver: stored or deflated entries, data descriptors, ZIP64 when it is big). It reads the
 * central directory, so streamed entries with zero sizes in their local headers are fine.
 *
 * Refused: encrypted entries, other compression methods, paths or symlinks leaving the target
 * directory. Unix modes are kept (executable bits, symlinks in node_modules/.bin), and so are
 * the entries' times, as Lambda keeps them when it extracts a function's zip: static-file servers
 * derive Last-Modified and their ETags from them. The packager stores DOS times in UTC (Lambda's
 * time zone); an extended-timestamp field (0x5455), when an archive has one, wins.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, symlink, utimes, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw, inflateRaw } from 'node:zlib';
import { promisify } from 'node:util';

const inflateRawAsync = promisify(inflateRaw);

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;
/** entries bigger than this are inflated as streams instead of in memory */
const STREAM_THRESHOLD = 8 * 1024 * 1024;

export class ZipError extends Error {
  override name = 'ZipError';
}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  /** unix mode (type and permissions) when the archive recorded one */
  mode: number | null;
  /** the modification time: the extended timestamp when present, else the DOS time read as UTC */
  modified: Date;
}

/** A DOS date and time (2-second resolution, no time zone) read as UTC. */
export function dosTimeToDate(dosDate: number, dosTime: number): Date {
  const year = 1980 + (dosDate >> 9);
  const month = ((dosDate >> 5) & 0x0f) - 1;
  const day = dosDate & 0x1f;
  return new Date(Date.UTC(year, month, day, dosTime >> 11, (dosTime >> 5) & 0x3f, (dosTime & 0x1f) * 2));
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const { bytesRead } = await file.read(buffer, read, length - read, position + read);
    if (bytesRead === 0) throw new ZipError(`unexpected end of file at byte ${position + read}`);
    read += bytesRead;
  }
  return buffer;
}

function big(buffer: Buffer, offset: number): number {
  const value = buffer.readBigUInt64LE(offset);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError('a ZIP64 size is too large');
  return Number(value);
}

/** The entries of the central directory. */
export async function readZipEntries(file: FileHandle): Promise<ZipEntry[]> {
  const { size } = await file.stat();
  if (size < 22) throw new ZipError('not a zip archive (too small)');
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await readAt(file, size - tailLength, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new ZipError('not a zip archive (no end of central directory)');
  let count = tail.readUInt16LE(at + 10);
  let cdSize = tail.readUInt32LE(at + 12);
  let cdOffset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || cdSize === MAX32 || cdOffset === MAX32) {
    const locatorAt = size - tailLength + at - 20;
    const locator = locatorAt >= 0 ? await readAt(file, locatorAt, 20) : null;
    if (!locator || locator.readUInt32LE(0) !== ZIP64_LOCATOR) throw new ZipError('ZIP64 locator missing');
    const record = await readAt(file, big(locator, 8), 56);
    if (record.readUInt32LE(0) !== ZIP64_EOCD) throw new ZipError('ZIP64 end of central directory missing');
    count = big(record, 32);
    cdSize = big(record, 40);
    cdOffset = big(record, 48);
  }
  const directory = await readAt(file, cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > directory.length || directory.readUInt32LE(p) !== CENTRAL) throw new ZipError(`central directory entry ${n} is corrupt`);
    const madeBy = directory.readUInt16LE(p + 4) >> 8;
    const flags = directory.readUInt16LE(p + 8);
    const method = directory.readUInt16LE(p + 10);
    let modified = dosTimeToDate(directory.readUInt16LE(p + 14), directory.readUInt16LE(p + 12));
    let compressedSize = directory.readUInt32LE(p + 20);
    let uncompressed = directory.readUInt32LE(p + 24);
    const nameLength = directory.readUInt16LE(p + 28);
    const extraLength = directory.readUInt16LE(p + 30);
    const commentLength = directory.readUInt16LE(p + 32);
    const external = directory.readUInt32LE(p + 38);
    let localHeaderOffset = directory.readUInt32LE(p + 42);
    const name = directory.toString('utf8', p + 46, p + 46 + nameLength);
    // ZIP64 extended information: the 8-byte values of the fields that hold 0xFFFFFFFF, in order
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = directory.readUInt16LE(e);
      const length = directory.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (uncompressed === MAX32) {
          uncompressed = big(directory, q);
          q += 8;
        }
        if (compressedSize === MAX32) {
          compressedSize = big(directory, q);
          q += 8;
        }
        if (localHeaderOffset === MAX32) localHeaderOffset = big(directory, q);
      }
      // extended timestamp: flags, then the modification time in Unix seconds when bit 0 is set
      if (id === 0x5455 && length >= 5 && directory.readUInt8(e + 4) & 0x1) modified = new Date(directory.readInt32LE(e + 5) * 1000);
      e += 4 + length;
    }
    const mode = madeBy === 3 ? external >>> 16 : null; // 3: unix
    entries.push({ name, method, flags, compressedSize, size: uncompressed, localHeaderOffset, mode: mode || null, modified });
    p = extraEnd + commentLength;
  }
  return entries;
}

function targetPath(root: string, name: string): string {
  if (name.includes('\\') || isAbsolute(name) || /^[A-Za-z]:/.test(name)) throw new ZipError(`unsafe entry path ${JSON.stringify(name)}`);
  const target = resolve(root, name);
  if (target !== root && !target.startsWith(root + sep)) throw new ZipError(`entry ${JSON.stringify(name)} leaves the target directory`);
  return target;
}

async function dataOffset(file: FileHandle, entry: ZipEntry): Promise<number> {
  const header = await readAt(file, entry.localHeaderOffset, 30);
  if (header.readUInt32LE(0) !== LOCAL) throw new ZipError(`local header of ${entry.name} is corrupt`);
  return entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
}

async function entryData(file: FileHandle, entry: ZipEntry): Promise<Buffer> {
  const compressed = await readAt(file, await dataOffset(file, entry), entry.compressedSize);
  const data = entry.method === 0 ? compressed : await inflateRawAsync(compressed);
  if (data.length !== entry.size) throw new ZipError(`${entry.name}: expected ${entry.size} bytes, got ${data.length}`);
  return data;
}

async function streamEntry(zipPath: string, file: FileHandle, entry: ZipEntry, target: string, mode: number): Promise<void> {
  const start = await dataOffset(file, entry);
  const source = createReadStream(zipPath, { start, end: start + entry.compressedSize - 1 });
  const out = createWriteStream(target, { mode });
  let written = 0;
  const counter = async function* (chunks: AsyncIterable<Buffer>) {
    for await (const chunk of chunks) {
      written += chunk.length;
      yield chunk;
    }
  };
  if (entry.method === 0) await pipeline(source, counter, out);
  else await pipeline(source, createInflateRaw(), counter, out);
  if (written !== entry.size) throw new ZipError(`${entry.name}: expected ${entry.size} bytes, got ${written}`);
}

/** Extract every entry of `zipPath` into `destDir` (created). Returns the number of files. */
export async function extractZip(zipPath: string, destDir: string): Promise<number> {
  const root = resolve(destDir);
  await mkdir(root, { recursive: true });
  const file = await open(zipPath, 'r');
  try {
    const entries = await readZipEntries(file);
    let files = 0;
    const symlinks: Array<{ target: string; link: string; name: string }> = [];
    for (const entry of entries) {
      const target = targetPath(root, entry.name);
      const type = entry.mode === null ? 0 : entry.mode & 0o170000;
      if (entry.name.endsWith('/') || type === 0o040000) {
        await mkdir(target, { recursive: true });
        continue;
      }
      if (entry.flags & 0x1) throw new ZipError(`${entry.name} is encrypted`);
      if (entry.method !== 0 && entry.method !== 8) throw new ZipError(`${entry.name} uses compression method ${entry.method} (only stored and deflate)`);
      await mkdir(dirname(target), { recursive: true });
      if (type === 0o120000) {
        symlinks.push({ target: (await entryData(file, entry)).toString('utf8'), link: target, name: entry.name });
        continue;
      }
      const mode = entry.mode !== null && entry.mode & 0o777 ? entry.mode & 0o777 : 0o644;
      if (entry.compressedSize > STREAM_THRESHOLD) await streamEntry(zipPath, file, entry, target, mode);
      else await writeFile(target, await entryData(file, entry), { mode });
      await utimes(target, entry.modified, entry.modified);
      files++;
    }
    for (const { target, link, name } of symlinks) {
      const resolved = resolve(dirname(link), target);
      if (isAbsolute(target) || (resolved !== root && !resolved.startsWith(root + sep))) {
        throw new ZipError(`symlink ${name} -> ${target} leaves the target directory`);
      }
      await symlink(relative(dirname(link), resolved) || '.', link);
      files++;
    }
    return files;
  } finally {
    await file.close();
  }
}

/** Test support: reads a zip through its central directory (stored or deflated entries, no zip64). */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

export interface ZipEntryInfo {
  name: string;
  /** DOS date and time words as stored */
  dosDate: number;
  dosTime: number;
  /** unix mode from the external attributes */
  mode: number;
  data: Buffer;
}

export function readZip(path: string): ZipEntryInfo[] {
  const zip = readFileSync(path);
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${path} is not a zip`);
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const out: ZipEntryInfo[] = [];
  for (let n = 0; n < count; n++) {
    const method = zip.readUInt16LE(offset + 10);
    const dosTime = zip.readUInt16LE(offset + 12);
    const dosDate = zip.readUInt16LE(offset + 14);
    const compressed = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const external = zip.readUInt32LE(offset + 38);
    const local = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + compressed);
    out.push({ name, dosDate, dosTime, mode: external >>> 16, data: method === 8 ? inflateRawSync(raw) : Buffer.from(raw) });
  }
  return out;
}

export function zipNames(path: string): string[] {
  return readZip(path).map((e) => e.name);
}

export function zipText(path: string, name: string): string {
  const entry = readZip(path).find((e) => e.name === name);
  if (!entry) throw new Error(`${name} not in ${path}`);
  return entry.data.toString('utf8');
}

export async function unzipTo(path: string, dir: string): Promise<void> {
  for (const entry of readZip(path)) {
    const target = join(dir, entry.name);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, entry.data);
  }
}

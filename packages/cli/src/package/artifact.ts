/** Turning a list of entries into the artifact: final entry list, the zip on disk, its name and summary. */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { stackName, type ResolvedSettings } from '@tsappa/templates';
import type { UnbundledPackage } from './bundle.js';
import { withEntryTimes } from './entry-times.js';
import { globMatcher } from './filters.js';
import type { ArchiveEntry, ArchiveInfo, NativeModule } from './types.js';
import { writeDeterministicZip } from './zip.js';

/** The artifact's S3 key: `<projectName>-<stage>-<first 16 hex of sha256><suffix>.zip`. */
export function artifactKey(settings: Pick<ResolvedSettings, 'projectName' | 'stage'>, sha256: string, suffix = ''): string {
  return `${stackName(settings)}-${sha256.slice(0, 16)}${suffix}.zip`;
}

/** Generated files win over included project files of the same name; `exclude` removes the rest. */
export function finalEntries(generated: readonly ArchiveEntry[], extra: readonly ArchiveEntry[], exclude: readonly string[]): ArchiveEntry[] {
  const isExcluded = globMatcher(exclude);
  const byName = new Map<string, ArchiveEntry>();
  for (const e of [...extra, ...generated]) byName.set(e.name, e);
  return [...byName.values()].filter((e) => !isExcluded(e.name));
}

/** Flushes a file's bytes to the disk, so the rename that follows never exposes a partial file. */
async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes the zip: to `outFile` when given, else to `<projectDir>/.tsappa/<artifact key>`. It is
 * always written to a temporary file of this run's own in the target's directory, fsynced, then
 * renamed over the target: an interrupted run (Ctrl-C) or a concurrent one never leaves a
 * truncated zip at the target, and the sha256 reported is that of the bytes this run wrote (read
 * back from its own temporary file, which nothing else writes). Each entry's time comes from
 * entry-times.ts.
 */
export async function writeArtifact(
  entries: readonly ArchiveEntry[],
  settings: Pick<ResolvedSettings, 'projectName' | 'stage' | 'projectDir'>,
  options: { outFile?: string | undefined; suffix?: string },
): Promise<ArchiveInfo> {
  const outDir = join(settings.projectDir, '.tsappa');
  const target = options.outFile ? resolve(options.outFile) : null;
  const temporary = join(target ? dirname(target) : outDir, `.${target ? basename(target) : 'artifact'}.${process.pid}-${randomBytes(6).toString('hex')}.partial`);
  try {
    const info = await writeDeterministicZip(await withEntryTimes(entries, settings.projectDir), temporary);
    await fsyncFile(temporary);
    const path = target ?? join(outDir, artifactKey(settings, info.sha256, options.suffix));
    await mkdir(dirname(path), { recursive: true });
    await rename(temporary, path);
    if (!target) await pruneOldArtifacts(outDir, settings, options.suffix ?? '', path);
    return { ...info, path };
  } finally {
    // after a successful rename there is nothing left to remove
    await rm(temporary, { force: true });
  }
}

/** How many artifacts of a stage `.tsappa/` keeps (the newest; the one just written always stays). */
export const KEEP_ARTIFACTS = 5;

/** Removes a stage's older artifacts from `.tsappa/`, so repeated builds do not fill the disk. */
async function pruneOldArtifacts(
  outDir: string,
  settings: Pick<ResolvedSettings, 'projectName' | 'stage'>,
  suffix: string,
  current: string,
): Promise<void> {
  const pattern = new RegExp(`^${escapeRegExp(stackName(settings))}-[0-9a-f]{16}${escapeRegExp(suffix)}\\.zip$`);
  const names = (await readdir(outDir)).filter((name) => pattern.test(name));
  const dated = await Promise.all(names.map(async (name) => ({ path: join(outDir, name), mtime: (await stat(join(outDir, name))).mtimeMs })));
  const older = dated.filter((a) => a.path !== current).sort((a, b) => b.mtime - a.mtime);
  await Promise.all(older.slice(KEEP_ARTIFACTS - 1).map((a) => rm(a.path, { force: true })));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The native addons among the unbundled packages, one per name and version, sorted. */
export function nativeModules(unbundled: Iterable<UnbundledPackage>): NativeModule[] {
  const seen = new Map<string, NativeModule>();
  for (const p of unbundled) if (p.native) seen.set(`${p.name}@${p.version}`, { name: p.name, version: p.version, reason: p.reason });
  return [...seen.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

export function installedNames(unbundled: readonly UnbundledPackage[]): string[] {
  return [...new Set(unbundled.map((p) => p.name))].sort();
}

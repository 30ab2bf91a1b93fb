/**
 * The modification time each zip entry carries.
 *
 * Why it matters: the static-file servers (`send` behind express.static and serve-static,
 * koa-static, @fastify/static) answer `Last-Modified` from the file's mtime and a weak ETag
 * `W/"<size>-<mtime>"`, and answer 304 when the request's `If-None-Match` equals that ETag and
 * its `If-Modified-Since` is not older than the mtime. Lambda extracts the zip keeping its times
 * (and tsappa's own extractor, for slimHandler and serve, restores them), so these times are
 * what clients and CDNs see. They must:
 * - be deterministic: the same bytes and the same git history give a byte-identical zip. Never
 *   the wall clock, never the file system's mtime (every checkout rewrites it);
 * - change when the content changes, also at the same size (or the ETag stays and a browser
 *   keeps the old stylesheet);
 * - never go backwards from one deploy to the next when the content changes (a client that only
 *   sends `If-Modified-Since` would get 304 for new bytes);
 * - stay put when the content does not change, so an unrelated commit neither invalidates every
 *   cache nor changes the zip (an unchanged zip is what makes `tsappa update` a no-op).
 *
 * The rule, by where an entry's bytes come from:
 * 1. A project file exactly as HEAD has it: the committer time of the last commit on HEAD's
 *    first-parent line that changed it. Content changes only through a commit, and a later
 *    commit has a later time: monotonic, and other files' commits leave it alone. A shallow
 *    clone's history ends at its boundary: files unchanged since then get the boundary's time
 *    (still never backwards; fetch the full history for per-file times).
 * 2. A project file that differs from HEAD (modified, not committed yet): that last-commit time
 *    plus 2 to 3600 seconds chosen by the content's sha256. Later than the committed version it
 *    replaces, so deploying an edit moves time forward; the ETag changes with the bytes; the same
 *    edit gives the same zip. Between two uncommitted versions of one file the order cannot be
 *    known from content alone (deploy A, B, then A again: a deterministic time makes A's time
 *    the same both times, so one of the two steps goes back): there the ETag still changes (a
 *    collision is 1 in 1800), and committing restores rule 1.
 * 3. A project file HEAD does not have (untracked, or ignored build output such as compiled
 *    CSS): HEAD's commit time plus the same content offset: later than anything committed, and
 *    it moves forward with every commit (which changes the zip, the price of not being tracked).
 * 4. Everything else: files of dependencies (node_modules, linked packages), code tsappa
 *    generates (the bundle, the entry), and any file when there is no git: SOURCE_DATE_EPOCH (the
 *    reproducible-builds variable; CI usually sets it to the commit time) when set, else the DOS
 *    epoch 1980-01-01, plus the content offset. Dependencies change with the lockfile, and
 *    generated code is loaded rather than served: both keep a time that depends on their bytes
 *    only, so a commit that does not change them does not change the zip, while a changed file
 *    still gets a new ETag.
 * Times are even seconds (a zip's DOS time has 2-second resolution, stored in UTC: Lambda runs
 * in UTC, `unzip` shows them in the local time zone) within the DOS range archiver can store.
 */
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';
import { PackageError } from './errors.js';
import { blobId, lastChangeTimes, readGitFacts, type GitFacts } from './git-times.js';
import type { ArchiveEntry } from './types.js';

/** 1980-01-01T00:00:00Z, the first DOS time. */
export const DOS_FIRST = Date.UTC(1980, 0, 1) / 1000;
/** 2043-12-31T23:59:58Z, the last time archiver (compress-commons) stores. */
export const DOS_LAST = Date.UTC(2043, 11, 31, 23, 59, 58) / 1000;
/** How many 2-second steps the content offset spans: 2 s to one hour after the base time. */
export const CONTENT_STEPS = 1800;

/** Where an entry's bytes come from, with the time git gives them (Unix seconds). */
export type Provenance =
  /** rule 1: as committed; `time` is the last commit that changed it */
  | { kind: 'committed'; time: number }
  /** rule 2: differs from HEAD; `time` is the last commit that changed it */
  | { kind: 'modified'; time: number }
  /** rule 3: not in HEAD; `time` is HEAD's commit time */
  | { kind: 'untracked'; time: number }
  /** rule 4: dependency, generated, or no git */
  | { kind: 'unversioned' };

const evenSeconds = (seconds: number) => Math.floor(seconds / 2) * 2;

/** 2 to 3600 seconds, even, from the content's sha256. */
export function contentOffset(content: Buffer): number {
  const digest = createHash('sha256').update(content).digest();
  return 2 * (1 + (digest.readUInt32BE(0) % CONTENT_STEPS));
}

/** The entry's time (Unix seconds, even, within the DOS range) by the rule above. */
export function entryTime(provenance: Provenance, offset: number, sourceDateEpoch: number | null): number {
  const time =
    provenance.kind === 'committed'
      ? evenSeconds(provenance.time)
      : provenance.kind === 'unversioned'
        ? evenSeconds(sourceDateEpoch ?? DOS_FIRST) + offset
        : evenSeconds(provenance.time) + offset;
  return Math.min(Math.max(time, DOS_FIRST), DOS_LAST);
}

/** SOURCE_DATE_EPOCH as the reproducible-builds specification defines it: decimal Unix seconds. */
export function parseSourceDateEpoch(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  if (!/^\d+$/.test(value)) {
    throw new PackageError(`SOURCE_DATE_EPOCH must be a number of seconds since 1970-01-01 UTC, not ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** The path of a project file (not under node_modules) relative to the project, or null. */
function projectPath(file: string, projectDirs: readonly string[]): string | null {
  for (const dir of projectDirs) {
    const rel = relative(dir, file);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) continue;
    const parts = rel.split(sep);
    return parts.includes('node_modules') ? null : parts.join('/');
  }
  return null;
}

/** How many files are read and hashed at a time. */
const READ_AT_ONCE = 32;

interface Examined {
  offset: number;
  /** root-relative path, for a project file in the repository */
  repoPath: string | null;
  /** the bytes are HEAD's blob of that path */
  asCommitted: boolean;
}

async function examine(entry: ArchiveEntry, git: GitFacts | null, projectDirs: readonly string[]): Promise<Examined> {
  const content = typeof entry.source === 'string' ? await readFile(entry.source) : entry.source;
  const rel = git && typeof entry.source === 'string' ? projectPath(entry.source, projectDirs) : null;
  const repoPath = git && rel !== null ? `${git.prefix}${rel}` : null;
  const headBlob = repoPath === null ? undefined : git?.headBlobs.get(repoPath);
  return {
    offset: contentOffset(content),
    repoPath,
    asCommitted: headBlob !== undefined && blobId(content, git!.objectFormat) === headBlob,
  };
}

/**
 * The entries with their `mtime` set by the rule above, reading git once for the project. An
 * entry that already has an `mtime` keeps it.
 */
export async function withEntryTimes(
  entries: readonly ArchiveEntry[],
  projectDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ArchiveEntry[]> {
  const sourceDateEpoch = parseSourceDateEpoch(env.SOURCE_DATE_EPOCH);
  const git = await readGitFacts(projectDir);
  const projectDirs = [projectDir, realpathSync(projectDir)];
  const examined: Examined[] = [];
  for (let i = 0; i < entries.length; i += READ_AT_ONCE) {
    examined.push(...(await Promise.all(entries.slice(i, i + READ_AT_ONCE).map((entry) => examine(entry, git, projectDirs)))));
  }
  const tracked = new Set(examined.flatMap((e) => (e.repoPath !== null && git?.headBlobs.has(e.repoPath) ? [e.repoPath] : [])));
  const changed = git ? await lastChangeTimes(git, tracked) : new Map<string, number>();
  return entries.map((entry, i) => {
    if (entry.mtime) return entry;
    const { offset, repoPath, asCommitted } = examined[i]!;
    const provenance: Provenance =
      !git || repoPath === null
        ? { kind: 'unversioned' }
        : tracked.has(repoPath)
          ? { kind: asCommitted ? 'committed' : 'modified', time: changed.get(repoPath) ?? git.headTime }
          : { kind: 'untracked', time: git.headTime };
    return { ...entry, mtime: new Date(entryTime(provenance, offset, sourceDateEpoch) * 1000) };
  });
}

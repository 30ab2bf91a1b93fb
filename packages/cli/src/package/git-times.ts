/**
 * What git knows about the project's files, for entry-times.ts: the blob each path has at HEAD,
 * HEAD's commit time, and the commit time of the last commit (on HEAD's first-parent line) that
 * changed each path. Everything is read with the `git` command; outside a work tree, without
 * git, or without a first commit, {@link readGitFacts} answers null.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface GitFacts {
  /** the work tree's top directory (real path) */
  root: string;
  /** `sha1` or `sha256` */
  objectFormat: string;
  /** HEAD's committer time, Unix seconds */
  headTime: number;
  /** the project directory relative to `root` (`` or `app/`), as git's pathspec */
  prefix: string;
  /** root-relative path → blob id at HEAD (regular files and symlinks under the project) */
  headBlobs: Map<string, string>;
}

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
  return stdout;
}

/** The repository around `projectDir` and what HEAD holds under it; null when there is none. */
export async function readGitFacts(projectDir: string): Promise<GitFacts | null> {
  try {
    const root = (await git(projectDir, ['rev-parse', '--show-toplevel'])).trim();
    const objectFormat = (await git(root, ['rev-parse', '--show-object-format']).catch(() => 'sha1')).trim() || 'sha1';
    const headTime = Number((await git(root, ['log', '-1', '--format=%ct', 'HEAD'])).trim());
    if (!Number.isFinite(headTime)) return null;
    const prefix = (await git(projectDir, ['rev-parse', '--show-prefix'])).trim();
    const listing = await git(root, ['--literal-pathspecs', 'ls-tree', '-r', '-z', '--full-tree', 'HEAD', '--', prefix === '' ? '.' : prefix]);
    const headBlobs = new Map<string, string>();
    for (const line of listing.split('\0')) {
      const match = /^\d+ blob ([0-9a-f]+)\t(.+)$/s.exec(line);
      if (match) headBlobs.set(match[2]!, match[1]!);
    }
    return { root, objectFormat, headTime, prefix, headBlobs };
  } catch {
    return null; // not a work tree, no git, no commit yet, or a repository git refuses to read
  }
}

/** The id git gives these bytes as a blob: equal to HEAD's blob id means the file is as committed. */
export function blobId(content: Buffer, objectFormat: string): string {
  const hash = createHash(objectFormat === 'sha256' ? 'sha256' : 'sha1');
  return hash.update(`blob ${content.length}\0`).update(content).digest('hex');
}

/**
 * For each path (root-relative), the committer time of the newest commit on HEAD's first-parent
 * line that changed it. First-parent, so a merge counts as the commit that brought the change to
 * this branch, at the merge's time: a side branch's older commit never moves a time backwards.
 * Reads `git log` as it streams and stops once every path has its time.
 */
export async function lastChangeTimes(facts: Pick<GitFacts, 'root' | 'prefix'>, paths: ReadonlySet<string>): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  if (paths.size === 0) return found;
  const args = ['--literal-pathspecs', 'log', '--first-parent', '--diff-merges=first-parent', '--no-renames', '--name-only', '-z', '--format=%x01%ct', 'HEAD'];
  args.push('--', facts.prefix === '' ? '.' : facts.prefix);
  const child = spawn('git', args, { cwd: facts.root, stdio: ['ignore', 'pipe', 'ignore'] });
  let pending = '';
  let time = NaN;
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => resolve());
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const tokens = (pending + chunk).split('\0');
      pending = tokens.pop() ?? '';
      for (const token of tokens) {
        if (token.startsWith('\x01')) time = Number(token.slice(1));
        else {
          const path = token.replace(/^\n/, '');
          if (paths.has(path) && !found.has(path)) found.set(path, time);
        }
      }
      if (found.size === paths.size) child.kill();
    });
  });
  return found;
}

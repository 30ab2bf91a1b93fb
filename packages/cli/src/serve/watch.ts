/**
 * Watching a served project for changes worth a rebuild: its top-level files and each top-level
 * directory recursively, so node_modules and dot-directories (.git, .tsappa) are never walked.
 */
import { watch, type FSWatcher } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Directories never watched, besides every dot-directory. */
const IGNORED_DIRS = new Set(['node_modules', 'coverage', 'cdk.out']);

/** Whether a changed path (relative to the project) is worth a rebuild. */
export function isWatchedPath(rel: string): boolean {
  const parts = rel.split(/[\\/]/).filter(Boolean);
  if (parts.length === 0) return false;
  for (const part of parts) {
    if (part.startsWith('.') || IGNORED_DIRS.has(part)) return false;
  }
  const base = parts[parts.length - 1] as string;
  // editors' swap and backup files
  return !(base.endsWith('~') || base.endsWith('.swp') || base.endsWith('.swx') || base === '4913' || base.endsWith('.log'));
}

/**
 * Watches a project: its top-level files, and each top-level directory recursively (new ones
 * included). Calls `onChange` with each changed path, relative to `dir`. Returns the stop function.
 */
export function watchProject(dir: string, onChange: (rel: string) => void, onError: (message: string) => void = () => {}): () => void {
  const watchers = new Map<string, FSWatcher>();
  let closed = false;
  const add = (key: string, path: string, recursive: boolean, prefix: string) => {
    if (closed || watchers.has(key)) return;
    try {
      const watcher = watch(path, { recursive }, (_event, filename) => {
        const rel = filename ? `${prefix}${filename.toString()}` : prefix.replace(/\/$/, '');
        if (!isWatchedPath(rel)) return;
        if (!recursive && filename) void maybeAddDir(filename.toString());
        onChange(rel);
      });
      watcher.on('error', (error) => {
        watchers.get(key)?.close();
        watchers.delete(key);
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onError(`cannot watch ${path}: ${error.message}`);
      });
      watchers.set(key, watcher);
    } catch (error) {
      onError(`cannot watch ${path}: ${(error as Error).message}`);
    }
  };
  const maybeAddDir = async (name: string) => {
    if (!isWatchedPath(name)) return;
    try {
      if ((await stat(join(dir, name))).isDirectory()) add(`dir:${name}`, join(dir, name), true, `${name}/`);
    } catch {
      /* gone again */
    }
  };
  add('top', dir, false, '');
  void readdir(dir, { withFileTypes: true }).then(
    (entries) => {
      for (const entry of entries) if (entry.isDirectory()) void maybeAddDir(entry.name);
    },
    (error: Error) => onError(`cannot list ${dir}: ${error.message}`),
  );
  return () => {
    closed = true;
    for (const watcher of watchers.values()) watcher.close();
    watchers.clear();
  };
}

/** How a batch of changed files reads in the log: up to three names, then a count. */
export function describeChanges(files: readonly string[]): string {
  const sorted = [...files].sort();
  return sorted.length > 3 ? `${sorted.slice(0, 3).join(', ')} and ${sorted.length - 3} more` : sorted.join(', ');
}

/**
 * Watches `dir` and calls `onChanges` once the project has been quiet for `debounceMs` after a
 * change, with the changed files described. Returns the stop function.
 */
export function watchForChanges(dir: string, debounceMs: number, onChanges: (description: string) => void, onError: (message: string) => void): () => void {
  let timer: NodeJS.Timeout | null = null;
  const changed = new Set<string>();
  const stopWatching = watchProject(
    dir,
    (rel) => {
      changed.add(rel);
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        const files = [...changed];
        changed.clear();
        onChanges(describeChanges(files));
      }, debounceMs);
    },
    onError,
  );
  return () => {
    if (timer) clearTimeout(timer);
    stopWatching();
  };
}

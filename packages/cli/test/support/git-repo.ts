/**
 * Test support: a throwaway git repository whose commits carry chosen times, so tests of
 * entry-times.ts know what each file's last-commit time is. The user's git configuration is
 * ignored (no signing, no hooks, a fixed identity).
 */
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const IDENTITY = { GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com' };

export interface GitRepo {
  dir: string;
  /** runs git in the repository; returns its stdout */
  git(...args: string[]): string;
  /** runs git with author and committer time `unixSeconds` (a commit, a merge) */
  gitAt(unixSeconds: number, ...args: string[]): string;
  /** `git add -A && git commit` at `unixSeconds` */
  commit(message: string, unixSeconds: number): void;
}

export async function createGitRepo(): Promise<GitRepo> {
  const dir = await mkdtemp(join(realpathSync(tmpdir()), 'tsappa-git-'));
  const env = (extra: Record<string, string> = {}) => ({ ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', ...IDENTITY, ...extra });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: env(), encoding: 'utf8' });
  const gitAt = (unixSeconds: number, ...args: string[]) => {
    const date = `@${unixSeconds} +0000`;
    return execFileSync('git', args, { cwd: dir, env: env({ GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date }), encoding: 'utf8' });
  };
  git('init', '-q', '-b', 'main');
  return {
    dir,
    git,
    gitAt,
    commit(message, unixSeconds) {
      git('add', '-A');
      gitAt(unixSeconds, 'commit', '-q', '--no-verify', '-m', message);
    },
  };
}

/**
 * Test support: the real-apps corpus (test/fixtures/apps/<name>) installed as a user would, with
 * `npm ci`, in a directory outside the repository, so nothing can resolve through the
 * repository's own node_modules.
 *
 * Installing is slow, so the installed node_modules are cached per app under
 * ~/.cache/tsappa/fixtures (TSAPPA_FIXTURE_CACHE), keyed by a hash of the app's lockfile and
 * package.json files; a lock directory lets two test files share one install. Each test gets a
 * fresh copy: the app's committed files plus the cached node_modules.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const APPS_DIR = fileURLToPath(new URL('../fixtures/apps/', import.meta.url));
const CACHE = process.env.TSAPPA_FIXTURE_CACHE ?? join(homedir(), '.cache', 'tsappa', 'fixtures');
/** A lock older than this is from a killed run and is taken over. */
const STALE_LOCK_MS = 10 * 60_000;

/** Files of the app that decide what `npm ci` installs, relative to the app (workspaces too). */
function installInputs(appRoot: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === 'package.json' || entry.name === 'package-lock.json') found.push(relative(appRoot, path));
    }
  };
  walk(appRoot);
  return found.sort();
}

function installKey(name: string, appRoot: string): string {
  const hash = createHash('sha256');
  hash.update(process.version.split('.')[0] ?? '');
  for (const file of installInputs(appRoot)) hash.update(`\0${file}\0`).update(readFileSync(join(appRoot, file)));
  return `${name}-${hash.digest('hex').slice(0, 16)}`;
}

/** Every node_modules directory of an installed app (the root's and, in a monorepo, its workspaces'). */
function nodeModulesDirs(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const path = join(dir, entry.name);
      if (entry.name === 'node_modules') found.push(relative(root, path));
      else walk(path);
    }
  };
  walk(root);
  return found;
}

async function withLock<T>(lockDir: string, work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (await stat(lockDir).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > STALE_LOCK_MS) await rm(lockDir, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

/** The cached, installed copy of the app (installed now if missing). */
async function installedCopy(name: string): Promise<string> {
  const appRoot = join(APPS_DIR, name);
  if (!existsSync(join(appRoot, 'package-lock.json'))) throw new Error(`test/fixtures/apps/${name}: expected a package-lock.json`);
  const installed = join(CACHE, installKey(name, appRoot));
  if (existsSync(installed)) return installed;
  await mkdir(CACHE, { recursive: true });
  return withLock(`${installed}.lock`, async () => {
    if (existsSync(installed)) return installed;
    const staging = `${installed}.tmp-${process.pid}`;
    await rm(staging, { recursive: true, force: true });
    await cp(appRoot, staging, { recursive: true });
    try {
      await run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
        cwd: staging,
        env: { ...process.env, npm_config_update_notifier: 'false' },
        maxBuffer: 64 * 1024 * 1024,
      });
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      throw new Error(`npm ci failed for test/fixtures/apps/${name}: ${e.stderr || e.message}`);
    }
    await rename(staging, installed);
    return installed;
  });
}

export interface InstalledApp {
  /** the copy's root (where the lockfile is) */
  root: string;
  /** where the app's package.json is and tsappa runs: `root`, or a workspace inside it */
  appDir: string;
}

/**
 * A fresh copy of test/fixtures/apps/<name>, installed with `npm ci`, in a new directory outside
 * the repository. `workspace` names the app inside a monorepo (e.g. "packages/api").
 */
export async function installFixtureApp(name: string, workspace = ''): Promise<InstalledApp> {
  const installed = await installedCopy(name);
  const root = join(await mkdtemp(join(realpathSync(tmpdir()), `tsappa-app-${name}-`)), name);
  await cp(join(APPS_DIR, name), root, { recursive: true });
  for (const dir of nodeModulesDirs(installed)) {
    await mkdir(dirname(join(root, dir)), { recursive: true });
    await run('cp', ['-a', join(installed, dir), join(root, dir)]);
  }
  return { root, appDir: join(root, workspace) };
}

/**
 * Where a file of the project or of its dependencies sits inside the zip (the task root).
 *
 * The bundle flattens modules into chunks at the root, but files the app reads at run time
 * (views, static folders, a package's own templates) are shipped at their own paths, and the
 * bundled code of each module is told its original directory (see module-paths.ts). Both use
 * this one mapping, so `path.join(__dirname, 'views')` in `src/app.ts` finds `src/../views`
 * inside the zip exactly as it did in the project:
 * - the project's own files keep their project-relative path (`views/index.pug`);
 * - files of installed packages go under `node_modules/`, whatever the layout that installed
 *   them: npm and yarn (`node_modules/a/x.js`, also when hoisted to a workspace root above the
 *   project), pnpm (`node_modules/.pnpm/a@1.0.0/node_modules/a/x.js` → `node_modules/a/x.js`);
 * - files of a linked package outside the project (an npm workspace sibling) go where Node
 *   would find the package from the task root: `node_modules/<its name>/...`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

const PNPM_STORE = /^\.pnpm\/[^/]+\/node_modules\//;

/** The name of the package whose root holds `dir` (nearest package.json with a name), or null. */
function owningPackage(dir: string): { name: string; root: string } | null {
  let current = dir;
  for (;;) {
    const manifest = join(current, 'package.json');
    if (existsSync(manifest)) {
      try {
        const name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name;
        if (typeof name === 'string' && name !== '') return { name, root: current };
      } catch {
        /* not a package root we can read: keep looking */
      }
    }
    const parent = dirname(current);
    if (parent === current) return null;
    current = parent;
  }
}

/** The zip path (`/`-separated, no leading `/`) of an absolute file path; null when it has no place. */
export function zipPathOf(file: string, projectDir: string): string | null {
  const posix = file.split(sep).join('/');
  const marker = posix.indexOf('/node_modules/');
  const rel = relative(projectDir, file).split(sep).join('/');
  const insideProject = rel !== '' && !rel.startsWith('../') && rel !== '..';
  if (insideProject && !rel.split('/').includes('node_modules')) return rel;
  if (marker >= 0) {
    const rest = posix.slice(marker + '/node_modules/'.length).replace(PNPM_STORE, '');
    return rest === '' ? null : `node_modules/${rest}`;
  }
  const owner = owningPackage(dirname(file));
  if (!owner) return null;
  const inPackage = relative(owner.root, file).split(sep).join('/');
  return `node_modules/${owner.name}/${inPackage}`;
}

/** The zip directory of a module file: `src` for `src/app.ts`, `` for a file at the root. */
export function zipDirOf(file: string, projectDir: string): string | null {
  const path = zipPathOf(file, projectDir);
  if (path === null) return null;
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

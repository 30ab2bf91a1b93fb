/**
 * Folders that apps read relative to the working directory, which no tracer can see:
 * `express.static('public')`, Hono's `serveStatic({ root: './' })` for `static/`,
 * `app.set('views', 'views')`, `koa-static('assets')`. Lambda's working directory is the task
 * root, where the project's files keep their project-relative paths, so shipping these folders
 * (when the project has them) makes such reads work as they do locally. Paths built from
 * `__dirname` or `import.meta.url` are found by the trace instead (trace.ts); anything else
 * goes in `include`. Secrets are never shipped (project-files.ts).
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const STATIC_FOLDERS: readonly string[] = ['public', 'static', 'views', 'templates', 'assets'];

/** `include`-style globs for the conventional folders the project has at its root. */
export function staticFolderGlobs(projectDir: string): string[] {
  return STATIC_FOLDERS.filter((name) => {
    const path = join(projectDir, name);
    return existsSync(path) && statSync(path).isDirectory();
  }).map((name) => `${name}/**`);
}

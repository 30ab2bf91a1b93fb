/**
 * Whether the package defines tasks: does the app's code (the app, every function named in the
 * settings, the taskModules) reach `task()`/`@task()`, `run()` or `getTaskResult()` of
 * @tsappa/runtime? The template creates the task table, and lets the function use it, only
 * when it does (TasksInput.defined).
 *
 * One esbuild pass over the same modules the entry imports, tree-shaken, writing nothing: the
 * runtime's task modules that put bytes into the output are the ones the code reaches (esbuild's
 * metafile lists every parsed file among its inputs, but an output's inputs only those that
 * survived tree-shaking). Other packages stay external, so it costs the project's own code
 * only; @tsappa/runtime has `sideEffects: false`, so importing it for `createHandler` alone
 * reaches no task module. Whatever goes wrong answers "unknown", and the table is kept.
 */
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { build, type Plugin } from 'esbuild';
import type { ResolvedSettings, TasksInput } from '@tsappa/templates';
import { modulesSource } from './entry-source.js';
import type { EntryImports } from './function-ref.js';

/** The runtime modules behind task(), @task(), run() and getTaskResult(). */
const TASK_MODULES = new Set(['task', 'decorator', 'run', 'results']);

/** Every bare import but @tsappa/runtime stays outside the analysis. */
const onlyRuntime: Plugin = {
  name: 'tsappa-task-usage-externals',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path === '@tsappa/runtime' || args.path.startsWith('@tsappa/runtime/') ? undefined : { path: args.path, external: true }));
  },
};

/** The real directory of the @tsappa/runtime the project's code imports, or null when it has none. */
export function runtimeDirOf(projectDir: string): string | null {
  try {
    return dirname(realpathSync(createRequire(join(projectDir, 'package.json')).resolve('@tsappa/runtime/package.json')));
  } catch {
    return null;
  }
}

/** Whether one of the runtime's task modules put bytes into the output (metafile paths are relative to `workingDir`). */
export function reachesTaskModule(outputInputs: Record<string, { bytesInOutput: number }>, workingDir: string, runtimeDir: string): boolean {
  return Object.entries(outputInputs).some(([path, input]) => {
    if (input.bytesInOutput === 0) return false;
    const inRuntime = relative(runtimeDir, resolve(workingDir, path)).split(sep);
    const [top, folder, file] = inRuntime;
    return inRuntime.length === 3 && (top === 'dist' || top === 'src') && folder === 'tasks' && TASK_MODULES.has(file!.replace(/\.[cm]?[jt]s$/, ''));
  });
}

export async function detectTasks(settings: Pick<ResolvedSettings, 'projectDir'>, imports: EntryImports): Promise<TasksInput> {
  const runtimeDir = runtimeDirOf(settings.projectDir);
  if (runtimeDir === null) return {}; // unknown: code without the runtime cannot import it, but say nothing
  try {
    const result = await build({
      stdin: { contents: modulesSource(imports, (m) => m.file), resolveDir: settings.projectDir, loader: 'js' },
      absWorkingDir: settings.projectDir,
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'node',
      treeShaking: true,
      logLevel: 'silent',
      plugins: [onlyRuntime],
    });
    const outputs = Object.values(result.metafile.outputs);
    return { defined: outputs.some((output) => reachesTaskModule(output.inputs, settings.projectDir, runtimeDir)) };
  } catch {
    return {}; // unknown: the template keeps the table
  }
}

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
import { build, type Plugin } from 'esbuild';
import type { ResolvedSettings, TasksInput } from '@tsappa/templates';
import { modulesSource } from './entry-source.js';
import type { EntryImports } from './function-ref.js';

/** The runtime modules behind task(), @task(), run() and getTaskResult() (metafile paths use `/`). */
const TASK_MODULES = /(?:@tsappa|packages)\/runtime\/(?:dist|src)\/tasks\/(?:task|decorator|run|results)\.[cm]?[jt]s$/;

/** Every bare import but @tsappa/runtime stays outside the analysis. */
const onlyRuntime: Plugin = {
  name: 'tsappa-task-usage-externals',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path === '@tsappa/runtime' || args.path.startsWith('@tsappa/runtime/') ? undefined : { path: args.path, external: true }));
  },
};

export function reachesTaskModule(outputInputs: Record<string, { bytesInOutput: number }>): boolean {
  return Object.entries(outputInputs).some(([path, input]) => input.bytesInOutput > 0 && TASK_MODULES.test(path));
}

export async function detectTasks(settings: Pick<ResolvedSettings, 'projectDir'>, imports: EntryImports): Promise<TasksInput> {
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
    return { defined: outputs.some((output) => reachesTaskModule(output.inputs)) };
  } catch {
    return {}; // unknown: the template keeps the table
  }
}

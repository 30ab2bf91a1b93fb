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
 * only (an external package that depends on @tsappa/runtime makes the answer "unknown"); @tsappa/runtime has `sideEffects: false`, so importing it for `createHandler` alone
 * reaches no task module. Whatever goes wrong answers "unknown", and the table is kept.
 */
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { build, type Plugin } from 'esbuild';
import type { ResolvedSettings, TasksInput } from '@tsappa/templates';
import { modulesSource } from './entry-source.js';
import { findInstalledPackage, isBuiltin, packageNameOf } from './packages.js';
import type { EntryImports } from './function-ref.js';

/** The runtime modules behind task(), @task(), run() and getTaskResult(). */
const TASK_MODULES = new Set(['task', 'decorator', 'run', 'results']);

/** Every bare import but @tsappa/runtime stays outside the analysis; the packages left out are collected. */
function onlyRuntime(externals: Set<string>): Plugin {
  return {
    name: 'tsappa-task-usage-externals',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path === '@tsappa/runtime' || args.path.startsWith('@tsappa/runtime/')) return undefined;
        const name = isBuiltin(args.path) ? null : packageNameOf(args.path);
        if (name) externals.add(name);
        return { path: args.path, external: true };
      });
    },
  };
}

/**
 * A package the analysis left out that itself depends on @tsappa/runtime may define tasks the
 * app calls: then the answer is "unknown" (the table stays), never "no tasks".
 */
function externalUsesRuntime(externals: Set<string>, projectDir: string): boolean {
  for (const name of externals) {
    const json = findInstalledPackage(name, projectDir)?.json as { dependencies?: Record<string, string>; peerDependencies?: Record<string, string> } | undefined;
    if (json && ('@tsappa/runtime' in (json.dependencies ?? {}) || '@tsappa/runtime' in (json.peerDependencies ?? {}))) return true;
  }
  return false;
}

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
  const externals = new Set<string>();
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
      plugins: [onlyRuntime(externals)],
    });
    const outputs = Object.values(result.metafile.outputs);
    if (outputs.some((output) => reachesTaskModule(output.inputs, settings.projectDir, runtimeDir))) return { defined: true };
    return externalUsesRuntime(externals, settings.projectDir) ? {} : { defined: false };
  } catch {
    return {}; // unknown: the template keeps the table
  }
}

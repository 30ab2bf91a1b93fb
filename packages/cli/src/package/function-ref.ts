import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { ResolvedSettings } from '@tsappa/templates';
import { PackageError } from './errors.js';

/** One module the generated entry imports, with the setting that named it. */
export interface ModuleImport {
  /** the reference exactly as written in the resolved settings (`src/app.ts:app`), or the task module path */
  ref: string;
  /** the module path as written (project-relative) */
  module: string;
  /** absolute path of the module file */
  file: string;
  /** the export to take; null for task modules (imported for their side effects) */
  exportName: string | null;
  /** the settings key, e.g. `events[2].function` */
  setting: string;
}

export interface EntryImports {
  app: ModuleImport;
  /** the `appType` setting: "fastify-plugin" also imports the project's fastify */
  appType: ResolvedSettings['appType'];
  /** every function named in the settings, one per distinct reference */
  functions: ModuleImport[];
  taskModules: ModuleImport[];
}

/** Splits `path/to/module.ts:exportName` (`:default` when the export is omitted). */
export function parseFunctionRef(ref: string, setting: string): { module: string; exportName: string } {
  const colon = ref.lastIndexOf(':');
  const module = colon > 0 ? ref.slice(0, colon) : ref;
  const exportName = colon > 0 ? ref.slice(colon + 1) : 'default';
  if (module.trim() === '' || exportName.trim() === '') {
    throw new PackageError(`${setting}: "${ref}" is not a function reference ("path/to/module.ts:exportName")`, {
      setting,
    });
  }
  return { module, exportName };
}

/** The module file a reference points at; a clear error naming the setting when it is missing. */
export function resolveModuleFile(projectDir: string, module: string, setting: string): string {
  const file = isAbsolute(module) ? module : resolve(projectDir, module);
  if (!existsSync(file)) {
    throw new PackageError(`${setting}: module "${module}" not found (looked for ${file})`, { setting, file });
  }
  return file;
}

function importOf(settings: ResolvedSettings, ref: string, setting: string): ModuleImport {
  const { module, exportName } = parseFunctionRef(ref, setting);
  return { ref, module, exportName, setting, file: resolveModuleFile(settings.projectDir, module, setting) };
}

/** Everything the entry must import: the app, every function named in the settings, the task modules. */
export function collectEntryImports(settings: ResolvedSettings): EntryImports {
  const named: Array<[string, string]> = [];
  settings.events.forEach((event, i) => named.push([event.function, `events[${i}].function`]));
  if (settings.authorizer?.function) named.push([settings.authorizer.function, 'authorizer.function']);
  if (settings.exceptionHandler) named.push([settings.exceptionHandler, 'exceptionHandler']);

  const functions = new Map<string, ModuleImport>();
  for (const [ref, setting] of named) {
    if (!functions.has(ref)) functions.set(ref, importOf(settings, ref, setting));
  }
  const taskModules = settings.taskModules.map((module, i) => {
    const setting = `taskModules[${i}]`;
    return { ref: module, module, exportName: null, setting, file: resolveModuleFile(settings.projectDir, module, setting) };
  });
  return { app: importOf(settings, settings.app, 'app'), appType: settings.appType, functions: [...functions.values()], taskModules };
}

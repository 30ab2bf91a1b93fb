import type { RuntimeConfig } from '@tsappa/runtime/contract';
import type { EntryImports, ModuleImport } from './function-ref.js';

/** The generated entry's file name (without extension) and export: the Lambda handler is `tsappa-entry.handler`. */
export const ENTRY_BASENAME = 'tsappa-entry';
export const HANDLER_EXPORT = 'handler';
export const HANDLER = `${ENTRY_BASENAME}.${HANDLER_EXPORT}`;
/** The modules file: statically imports the app and every named function, loaded through a dynamic import. */
export const MODULES_BASENAME = 'tsappa-modules';
/** Where the slim entry publishes the runtime for the app archive (one runtime instance per container). */
export const RUNTIME_GLOBAL = 'tsappa.runtime';

const q = (s: string) => JSON.stringify(s);

/** The package the modules file imports for `appType: "fastify-plugin"` (the project's own copy). */
export const FASTIFY_PACKAGE = 'fastify';

/**
 * The modules file: `export const appModule` (the app module's namespace: a module that exports
 * nothing because it only calls listen() still bundles; the runtime takes the export named in
 * its config, or the server the module started), `fastify` for a fastify-cli plugin,
 * `export const functions` (keyed by the reference exactly as in the settings) and
 * `taskModules` (kept so tree-shaking never drops their registrations). `specifier` maps a
 * module to the import specifier to write (absolute path when bundling, `./relative.js` when
 * shipping files).
 */
export function modulesSource(imports: EntryImports, specifier: (m: ModuleImport) => string): string {
  const lines: string[] = [`import * as appModule from ${q(specifier(imports.app))};`];
  if (imports.appType === 'fastify-plugin') lines.push(`import * as fastify from ${q(FASTIFY_PACKAGE)};`);
  imports.functions.forEach((m, i) => {
    lines.push(`import { ${q(m.exportName ?? 'default')} as f${i + 1} } from ${q(specifier(m))};`);
  });
  imports.taskModules.forEach((m, i) => lines.push(`import * as t${i} from ${q(specifier(m))};`));
  lines.push(imports.appType === 'fastify-plugin' ? 'export { appModule, fastify };' : 'export { appModule };');
  const entries = imports.functions.map((m, i) => `  ${q(m.ref)}: f${i + 1},`);
  lines.push(`export const functions = {\n${entries.join('\n')}\n};`);
  lines.push(`export const taskModules = [${imports.taskModules.map((_, i) => `t${i}`).join(', ')}];`);
  return `${lines.join('\n')}\n`;
}

/**
 * The cold start runs at module load, in Lambda's init phase (and ahead of time with provisioned
 * concurrency): Lambda waits for an ES module entry's top-level await. `preload()` never rejects
 * (a failure is logged and retried by the next invocation) and waits at most 9 s of the 10 s
 * init phase; the first invocation waits for a slower bootstrap.
 */
const PRELOAD = `await ${HANDLER_EXPORT}.preload();`;

/** Stack traces mapped to the app's sources when they are formatted, not at load (runtime entry/source-maps.ts). */
const MAP_STACKS = 'mapStackTraces();';

/**
 * Where the entry imports `createEntry` from: the module itself, not the package's index, whose
 * re-exports (extractZip...) would pull the slimHandler code and its builtins (zlib, crypto,
 * fs streams) into the chunk every cold start loads.
 */
export const CREATE_ENTRY_MODULE = '@tsappa/runtime/entry';

/**
 * The Lambda entry: `export const handler = createEntry(config, () => import(modules))`, then
 * the cold start at top level.
 */
export function entrySource(config: RuntimeConfig, modulesSpecifier: string): string {
  return [
    `import { createEntry, mapStackTraces } from '${CREATE_ENTRY_MODULE}';`,
    MAP_STACKS,
    `const config = ${JSON.stringify(config, null, 2)};`,
    `export const ${HANDLER_EXPORT} = createEntry(config, () => import(${q(modulesSpecifier)}));`,
    PRELOAD,
    '',
  ].join('\n');
}

/**
 * The slimHandler entry: the runtime and a loader. At cold start (in the init phase, as above)
 * the runtime fetches the app archive named in `config.slimArchive` from S3, checks its sha256
 * and unpacks it under /tmp; the loader then imports the archive's modules file. The archive's modules use this entry's
 * runtime instance (published on globalThis), so tasks and the invocation context are shared.
 */
export function slimEntrySource(config: RuntimeConfig): string {
  return [
    `import * as runtime from '@tsappa/runtime';`,
    `import { join } from 'node:path';`,
    `import { pathToFileURL } from 'node:url';`,
    `globalThis[Symbol.for(${q(RUNTIME_GLOBAL)})] = runtime;`,
    `runtime.${MAP_STACKS}`,
    `const config = ${JSON.stringify(config, null, 2)};`,
    `export const ${HANDLER_EXPORT} = runtime.createEntry(config, async (context) => {`,
    `  if (!context || !context.appDir) throw new Error('tsappa: the runtime did not unpack the slimHandler archive');`,
    `  return import(pathToFileURL(join(context.appDir, ${q(`${MODULES_BASENAME}.mjs`)})).href);`,
    `});`,
    PRELOAD,
    '',
  ].join('\n');
}

/** Inside the app archive, `@tsappa/runtime` is the instance the slim entry published. */
export function slimRuntimeShimSource(): string {
  return `module.exports = globalThis[Symbol.for(${q(RUNTIME_GLOBAL)})];\n`;
}

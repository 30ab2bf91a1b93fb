/** `bundle: true`: the generated entry and modules file bundled by esbuild, plus what cannot be bundled. */
import { dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedSettings } from '@tsappa/templates';
import type { RuntimeConfig } from '@tsappa/runtime/contract';
import { bundle, type BundleInput, type BundleOutput, type UnbundledPackage } from './bundle.js';
import { ENTRY_BASENAME, MODULES_BASENAME, entrySource, modulesSource, slimEntrySource, slimRuntimeShimSource } from './entry-source.js';
import type { EntryImports } from './function-ref.js';
import { installForTarget } from './install.js';
import { findInstalledPackage } from './packages.js';
import type { ArchiveEntry, PackageOptions } from './types.js';

/** What a build step produced: zip entries, the packages it left unbundled, and a cleanup for staging dirs. */
export interface BuiltContents {
  entries: ArchiveEntry[];
  unbundled: UnbundledPackage[];
  warnings: string[];
  cleanup: () => Promise<void>;
}

const MODULES_ID = 'tsappa:modules';
const ENTRY_ID = 'tsappa:entry';
const HERE = dirname(fileURLToPath(import.meta.url));

/** Where `@tsappa/runtime` resolves from: the project's own copy when installed, else the CLI's. */
export function runtimeResolveDir(projectDir: string): string {
  return findInstalledPackage('@tsappa/runtime', projectDir) ? projectDir : HERE;
}

/** Names the setting behind an esbuild error (`No matching export in "src/app.ts" for import "app"`). */
function describeErrorFor(imports: EntryImports, projectDir: string): BundleInput['describeError'] {
  const all = [imports.app, ...imports.functions, ...imports.taskModules];
  return (message) => {
    const text = `${message.location?.file ?? ''} ${message.text}`;
    const hit = all.find((m) => text.includes(m.file) || text.includes(`"${relative(projectDir, m.file).split(sep).join('/')}"`));
    return hit?.setting ?? null;
  };
}

function common(settings: ResolvedSettings, options: PackageOptions) {
  return {
    projectDir: settings.projectDir,
    runtime: settings.runtime,
    bundleAwsSdk: options.bundleAwsSdk ?? false,
    sourceMaps: options.sourceMaps ?? 'app',
  };
}

export function outputEntries(output: BundleOutput): ArchiveEntry[] {
  return output.files.map((f) => {
    const source = Buffer.from(f.contents);
    return { name: f.name, source, size: source.length };
  });
}

/** The bundle's files plus the unbundled packages (native addons, `external`) installed for the target. */
async function withInstalled(output: BundleOutput, settings: ResolvedSettings, options: PackageOptions): Promise<BuiltContents> {
  const unbundled = [...output.unbundled.values()];
  const installed = await installForTarget(unbundled, settings.architecture, options.install ?? 'auto');
  return { entries: [...outputEntries(output), ...installed.entries], unbundled, warnings: output.warnings, cleanup: installed.cleanup };
}

/** One esbuild build, ESM with code splitting: the entry, the modules chunk (loaded by dynamic import), shared chunks. */
export async function buildBundled(
  settings: ResolvedSettings,
  imports: EntryImports,
  config: RuntimeConfig,
  options: PackageOptions,
): Promise<BuiltContents> {
  const output = await bundle({
    ...common(settings, options),
    entryPoints: { [ENTRY_BASENAME]: ENTRY_ID },
    virtualModules: {
      [ENTRY_ID]: { contents: entrySource(config, MODULES_ID), resolveDir: runtimeResolveDir(settings.projectDir), loader: 'js' },
      [MODULES_ID]: { contents: modulesSource(imports, (m) => m.file), resolveDir: settings.projectDir, loader: 'js' },
    },
    external: settings.external,
    describeError: describeErrorFor(imports, settings.projectDir),
  });
  return withInstalled(output, settings, options);
}

/** slimHandler's app archive: the modules file and its chunks, using the entry's runtime instance. */
export async function buildSlimApp(settings: ResolvedSettings, imports: EntryImports, options: PackageOptions): Promise<BuiltContents> {
  const output = await bundle({
    ...common(settings, options),
    entryPoints: { [MODULES_BASENAME]: MODULES_ID },
    virtualModules: { [MODULES_ID]: { contents: modulesSource(imports, (m) => m.file), resolveDir: settings.projectDir, loader: 'js' } },
    external: settings.external,
    runtimeShim: slimRuntimeShimSource(),
    describeError: describeErrorFor(imports, settings.projectDir),
  });
  return withInstalled(output, settings, options);
}

/** slimHandler's Lambda zip: the runtime and the loader, nothing of the app. */
export async function buildSlimEntry(settings: ResolvedSettings, config: RuntimeConfig, options: PackageOptions): Promise<ArchiveEntry[]> {
  // the slim entry holds only generated code and the runtime: no warnings about the project
  const output = await bundle({
    ...common(settings, options),
    entryPoints: { [ENTRY_BASENAME]: ENTRY_ID },
    virtualModules: { [ENTRY_ID]: { contents: slimEntrySource(config), resolveDir: runtimeResolveDir(settings.projectDir), loader: 'js' } },
    external: [],
  });
  return outputEntries(output);
}

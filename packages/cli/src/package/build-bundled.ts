/** `bundle: true`: the generated entry and modules file bundled by esbuild, plus what cannot be bundled. */
import { dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedSettings } from '@tsappa/templates';
import type { RuntimeConfig } from '@tsappa/runtime/contract';
import { bundle, type BundleInput, type BundleOutput, type UnbundledPackage } from './bundle.js';
import { ENTRY_BASENAME, MODULES_BASENAME, entrySource, modulesSource, slimEntrySource, slimRuntimeShimSource } from './entry-source.js';
import type { EntryImports } from './function-ref.js';
import { alwaysExternal, withPeers } from './always-external.js';
import { verbatimPackages } from './verbatim-files.js';
import { decoratorMetadataCompiler } from './decorator-metadata.js';
import { installForTarget } from './install.js';
import { describeMissing } from './missing-packages.js';
import { decoratorPolyfills, withPreload } from './preload.js';
import { findInstalledPackage } from './packages.js';
import { neededPackages, runtimeFileEntries } from './runtime-entries.js';
import { runtimeNeeds } from './runtime-needs.js';
import { traceRuntimeFiles } from './trace.js';
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
    const inFile = all.filter((m) => text.includes(m.file) || text.includes(`"${relative(projectDir, m.file).split(sep).join('/')}"`));
    // several settings may name the same module: the missing export tells which one
    const missingExport = /for import "([^"]+)"/.exec(message.text)?.[1];
    const hit = inFile.find((m) => missingExport !== undefined && m.exportName === missingExport) ?? inFile[0];
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

/** Every module the entry imports: where the trace of what runs starts. */
function entryFiles(imports: EntryImports): string[] {
  return [...new Set([imports.app, ...imports.functions, ...imports.taskModules].map((m) => m.file))];
}

/**
 * Bundles, and traces (at the same time) what the bundle cannot see: the files read at run time,
 * modules loaded by a computed path and the packages they need (runtime-needs.ts). Packages
 * that load their own files by a computed path are bundled again as external. Then the
 * unbundled packages (native addons, `external`, what the trace found) are installed for the
 * target next to the bundle.
 */
async function bundleWithRuntimeFiles(
  input: Omit<BundleInput, 'decorators' | 'forceExternal'>,
  settings: ResolvedSettings,
  imports: EntryImports,
  options: PackageOptions,
  /** the virtual module (the Lambda entry) that loads the polyfills before anything else (preload.ts) */
  preloadInto: string | null,
): Promise<BuiltContents> {
  const decorators = decoratorMetadataCompiler(settings.projectDir);
  const preloads = preloadInto ? decoratorPolyfills(settings.projectDir, decorators) : [];
  const verbatim = verbatimPackages(settings.projectDir);
  const always = alwaysExternal(settings.projectDir, verbatim);
  const prepared = {
    ...input,
    decorators,
    verbatim,
    forceExternal: always,
    virtualModules: withPreload(input.virtualModules, preloadInto ?? '', preloads, settings.projectDir),
  };
  const [first, trace] = await Promise.all([bundle(prepared), traceRuntimeFiles(entryFiles(imports), settings.projectDir)]);
  let output = first;
  let needs = runtimeNeeds(trace, output.inputs, settings.projectDir);
  if (needs.forceExternal.length > 0) {
    output = await bundle({ ...prepared, forceExternal: withPeers([...always, ...needs.forceExternal], settings.projectDir) });
    needs = runtimeNeeds(trace, output.inputs, settings.projectDir);
  }
  const files = runtimeFileEntries(needs, settings.exclude);
  const relativeTo = (file: string) => relative(settings.projectDir, file).split(sep).join('/');
  const unbundled = uniqueByDir([...output.unbundled.values(), ...neededPackages(needs, relativeTo)]);
  const installed = await installForTarget(unbundled, settings.architecture, options.install ?? 'auto');
  const missing = describeMissing(output.missing, settings.projectDir);
  return {
    entries: [...files.entries, ...installed.entries, ...outputEntries(output)],
    unbundled,
    warnings: [...output.warnings, ...needs.warnings, ...files.warnings, ...(missing ? [missing] : [])],
    cleanup: installed.cleanup,
  };
}

function uniqueByDir(packages: readonly UnbundledPackage[]): UnbundledPackage[] {
  const byDir = new Map<string, UnbundledPackage>();
  for (const p of packages) if (!byDir.has(p.dir)) byDir.set(p.dir, p);
  return [...byDir.values()];
}

/** One esbuild build, ESM with code splitting: the entry, the modules chunk (loaded by dynamic import), shared chunks. */
export async function buildBundled(
  settings: ResolvedSettings,
  imports: EntryImports,
  config: RuntimeConfig,
  options: PackageOptions,
): Promise<BuiltContents> {
  const input = {
    ...common(settings, options),
    entryPoints: { [ENTRY_BASENAME]: ENTRY_ID },
    virtualModules: {
      [ENTRY_ID]: { contents: entrySource(config, MODULES_ID), resolveDir: runtimeResolveDir(settings.projectDir), loader: 'js' as const },
      [MODULES_ID]: { contents: modulesSource(imports, (m) => m.file), resolveDir: settings.projectDir, loader: 'js' as const },
    },
    external: settings.external,
    describeError: describeErrorFor(imports, settings.projectDir),
  };
  return bundleWithRuntimeFiles(input, settings, imports, options, ENTRY_ID);
}

/** slimHandler's app archive: the modules file and its chunks, using the entry's runtime instance. */
export async function buildSlimApp(settings: ResolvedSettings, imports: EntryImports, options: PackageOptions): Promise<BuiltContents> {
  const input = {
    ...common(settings, options),
    entryPoints: { [MODULES_BASENAME]: MODULES_ID },
    virtualModules: { [MODULES_ID]: { contents: modulesSource(imports, (m) => m.file), resolveDir: settings.projectDir, loader: 'js' as const } },
    external: settings.external,
    runtimeShim: slimRuntimeShimSource(),
    describeError: describeErrorFor(imports, settings.projectDir),
  };
  // the polyfills go into the slim entry, which loads before the archive (buildSlimEntry)
  return bundleWithRuntimeFiles(input, settings, imports, options, null);
}

/** slimHandler's Lambda zip: the runtime and the loader, nothing of the app. */
export async function buildSlimEntry(settings: ResolvedSettings, config: RuntimeConfig, options: PackageOptions): Promise<ArchiveEntry[]> {
  // the slim entry holds only generated code, the runtime and the decorator polyfills: no warnings about the project
  const preloads = decoratorPolyfills(settings.projectDir, decoratorMetadataCompiler(settings.projectDir));
  const output = await bundle({
    ...common(settings, options),
    entryPoints: { [ENTRY_BASENAME]: ENTRY_ID },
    virtualModules: withPreload(
      { [ENTRY_ID]: { contents: slimEntrySource(config), resolveDir: runtimeResolveDir(settings.projectDir), loader: 'js' } },
      ENTRY_ID,
      preloads,
      settings.projectDir,
    ),
    external: [],
  });
  return outputEntries(output);
}

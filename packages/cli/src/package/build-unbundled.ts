/** `bundle: false`: the app's files (TypeScript compiled), a plain entry, production node_modules. */
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedSettings } from '@tsappa/templates';
import type { RuntimeConfig } from '@tsappa/runtime/contract';
import type { UnbundledPackage } from './bundle.js';
import type { BuiltContents } from './build-bundled.js';
import { layoutEntries, productionLayout } from './dependencies.js';
import { ENTRY_BASENAME, MODULES_BASENAME, entrySource, modulesSource } from './entry-source.js';
import { PackageError } from './errors.js';
import type { EntryImports } from './function-ref.js';
import { decoratorMetadataCompiler } from './decorator-metadata.js';
import { chooseStrategy, npmInstallForTarget } from './install.js';
import { nativeReason } from './native.js';
import { findInstalledPackage, productionDependencies, readPackageJson, type InstalledPackage } from './packages.js';
import { appFiles, compiledName } from './project-files.js';
import { isToolchainPackage } from './toolchain.js';
import type { ArchiveEntry, PackageOptions } from './types.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The project's production packages, plus the runtime the entry imports. */
function shippedPackages(settings: ResolvedSettings): InstalledPackage[] {
  const roots: InstalledPackage[] = [];
  for (const dep of productionDependencies(readPackageJson(settings.projectDir))) {
    if (isToolchainPackage(dep.name)) continue; // tsappa, esbuild, typescript: never shipped, wherever listed
    const pkg = findInstalledPackage(dep.name, settings.projectDir);
    if (pkg) roots.push(pkg);
    else if (!dep.optional) {
      throw new PackageError(`bundle: false ships node_modules, but dependency "${dep.name}" is not installed; run npm install first`, {
        setting: 'bundle',
        file: join(settings.projectDir, 'package.json'),
      });
    }
  }
  if (!roots.some((r) => r.name === '@tsappa/runtime')) {
    const runtime = findInstalledPackage('@tsappa/runtime', HERE);
    if (!runtime) throw new PackageError('@tsappa/runtime is not installed', { setting: 'bundle' });
    roots.push(runtime);
  }
  return roots;
}

async function nodeModules(roots: InstalledPackage[], settings: ResolvedSettings, options: PackageOptions) {
  if (chooseStrategy(options.install ?? 'auto', settings.architecture) === 'copy') {
    return { entries: layoutEntries(productionLayout(roots)), cleanup: async () => {} };
  }
  // workspace links are not on the registry: copy them, install the rest for the target
  const linked = roots.filter((r) => !r.dir.split(sep).includes('node_modules'));
  const installed = await npmInstallForTarget(
    roots.filter((r) => !linked.includes(r)),
    settings.architecture,
  );
  return { entries: [...installed.entries, ...layoutEntries(productionLayout(linked))], cleanup: installed.cleanup };
}

export async function buildUnbundled(
  settings: ResolvedSettings,
  imports: EntryImports,
  config: RuntimeConfig,
  options: PackageOptions,
): Promise<BuiltContents & { extra: ArchiveEntry[] }> {
  const files = await appFiles(settings.projectDir, {
    include: settings.include,
    runtime: settings.runtime,
    decorators: decoratorMetadataCompiler(settings.projectDir),
    packageType: readPackageJson(settings.projectDir).type,
  });
  const specifier = (m: { file: string }) => `./${compiledName(relative(settings.projectDir, m.file).split(sep).join('/'))}`;
  const modules = Buffer.from(modulesSource(imports, specifier));
  const entry = Buffer.from(entrySource(config, `./${MODULES_BASENAME}.mjs`));
  const roots = shippedPackages(settings);
  const installed = await nodeModules(roots, settings, options);
  const native: UnbundledPackage[] = [];
  for (const pkg of productionLayout(roots).values()) {
    const reason = nativeReason(pkg);
    if (reason) native.push({ ...pkg, native: true, reason });
  }
  return {
    entries: [
      { name: `${ENTRY_BASENAME}.mjs`, source: entry, size: entry.length },
      { name: `${MODULES_BASENAME}.mjs`, source: modules, size: modules.length },
      ...installed.entries,
    ],
    extra: files,
    unbundled: native,
    warnings: [],
    cleanup: installed.cleanup,
  };
}

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { build, type BuildFailure, type Loader, type Message, type Plugin } from 'esbuild';
import type { NodeRuntime } from '@tsappa/templates';
import { neverBundledReason } from './always-external.js';
import type { DecoratorCompiler } from './decorator-metadata.js';
import { PackageError } from './errors.js';
import { mentionsLocation, withModuleLocation } from './module-paths.js';
import { missingPackageError, type MissingPackage } from './missing-packages.js';
import { eagerModuleBodies } from './eager-modules.js';
import { withoutEmptyMaps, withoutSources, withSourcesRenamed } from './source-map.js';
import { globMatcher } from './filters.js';
import { LargeJsonFiles } from './large-json.js';
import { BUILTIN_NAMESPACE, loadBuiltinImport, resolveBuiltinImport } from './builtin-imports.js';
import { nativeReason } from './native.js';
import { VerbatimFiles, type VerbatimPackage } from './verbatim-files.js';
import { findInstalledPackage, isBuiltin, packageNameOf, type InstalledPackage } from './packages.js';

export interface VirtualModule {
  contents: string;
  /** where its imports resolve from */
  resolveDir: string;
  loader: 'js' | 'ts';
}

export interface BundleInput {
  projectDir: string;
  /** output name (no extension) → virtual module id */
  entryPoints: Record<string, string>;
  /** id → source; ids are imported as written (e.g. `tsappa:modules`) */
  virtualModules: Record<string, VirtualModule>;
  runtime: NodeRuntime;
  /** the `external` setting: package names or globs never bundled */
  external: readonly string[];
  bundleAwsSdk: boolean;
  /** replace `@tsappa/runtime` with this CommonJS source (the slim app archive shares the entry's runtime) */
  runtimeShim?: string;
  /** `app` (default): map the project's own code only; `all`: also map libraries and the runtime */
  sourceMaps?: 'app' | 'all';
  /** the setting each virtual module's imports came from, to name it in errors */
  describeError?: (message: Message) => string | null;
  /** packages never bundled (besides native addons and `external`): they load their own files by a computed path */
  forceExternal?: readonly string[];
  /** compiles the project's TypeScript when its tsconfig wants decorator metadata (see decorator-metadata.ts) */
  decorators?: DecoratorCompiler | null;
  /** bundled packages with files that ship as written (always-external.ts): imported from the zip's node_modules */
  verbatim?: readonly VerbatimPackage[];
}

export interface UnbundledPackage extends InstalledPackage {
  native: boolean;
  reason: string;
}

export interface BundleOutput {
  /** output files relative to the output root (`/`-separated) */
  files: { name: string; contents: Uint8Array }[];
  /** packages left out of the bundle (native addons and `external`), keyed by package directory */
  unbundled: Map<string, UnbundledPackage>;
  /** esbuild's warnings about the project's code (e.g. a require it cannot follow), formatted */
  warnings: string[];
  /** every file esbuild bundled (absolute paths) */
  inputs: Set<string>;
  /** packages that code inside node_modules requires but that are not installed: left as run-time requires */
  missing: MissingPackage[];
}

/**
 * CommonJS code bundled into ESM still finds `require`, `__filename` and `__dirname`;
 * `__tsappaRoot` is the task root (every chunk sits there) for module-paths.ts.
 */
export const ESM_BANNER =
  'import{createRequire as __tsappaCreateRequire}from"node:module";' +
  'import{fileURLToPath as __tsappaFileURLToPath,pathToFileURL as __tsappaPathToFileURL}from"node:url";' +
  'import{dirname as __tsappaDirname}from"node:path";' +
  'const require=__tsappaCreateRequire(import.meta.url),__filename=__tsappaFileURLToPath(import.meta.url),__dirname=__tsappaDirname(__filename),__tsappaRoot=__dirname;';

/** Modules esbuild loads from disk that may need rewriting (decorator metadata, their own location). */
const CODE_MODULE = /\.(c|m)?[jt]sx?$/;
const DECLARATION = /\.d\.(c|m)?ts$/;

function loaderFor(path: string): Loader {
  if (path.endsWith('.tsx')) return 'tsx';
  if (/\.(c|m)?ts$/.test(path)) return 'ts';
  if (path.endsWith('.jsx')) return 'jsx';
  return 'js';
}

/** The project's tsconfig.json text, for the TypeScript options esbuild's transform API needs. */
function readTsconfig(projectDir: string): string | undefined {
  try {
    return readFileSync(join(projectDir, 'tsconfig.json'), 'utf8');
  } catch {
    return undefined;
  }
}

const VIRTUAL = 'tsappa-virtual';
const RUNTIME_SHIM = 'tsappa-runtime-shim';

/** Generated modules (`tsappa-virtual:tsappa:entry`) are not the app's sources. */
const VIRTUAL_SOURCE = /^[\w-]+:/;

/** The project's own code: inside the project directory and not in a node_modules directory. */
function isAppSource(file: string, projectDir: string): boolean {
  return file.startsWith(projectDir + sep) && !file.split(sep).includes('node_modules');
}

export function esbuildTarget(runtime: NodeRuntime): string {
  return runtime.replace(/^nodejs(\d+)\.x$/, 'node$1');
}

function plugin(input: BundleInput, unbundled: Map<string, UnbundledPackage>, missing: Map<string, MissingPackage>, largeJson: LargeJsonFiles, verbatim: VerbatimFiles): Plugin {
  const isUserExternal = globMatcher(input.external);
  const forced = new Set(input.forceExternal ?? []);
  const tsconfigRaw = readTsconfig(input.projectDir);
  let nextModuleId = 0;
  const verdicts = new Map<string, UnbundledPackage | null>();
  const found = new Map<string, InstalledPackage | null>();
  return {
    name: 'tsappa',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (input.virtualModules[args.path]) return { path: args.path, namespace: VIRTUAL };
        if (largeJson.isDataSpecifier(args.path)) return { path: args.path, external: true };
        if (isBuiltin(args.path)) return resolveBuiltinImport(args);
        const name = packageNameOf(args.path);
        if (!name) {
          // a module whose functions' source text its package runs elsewhere ships as written
          const shipped = args.resolveDir && /^\.\.?\//.test(args.path) ? verbatim.importPath(resolve(args.resolveDir, args.path)) : null;
          return shipped ? { path: shipped, external: true } : undefined;
        }
        if (name === '@tsappa/runtime' && input.runtimeShim !== undefined) {
          return { path: name, namespace: RUNTIME_SHIM };
        }
        const from = args.resolveDir || input.projectDir;
        const lookup = `${from}\0${name}`;
        let pkg = found.get(lookup);
        if (pkg === undefined) {
          pkg = findInstalledPackage(name, from);
          found.set(lookup, pkg);
        }
        // The AWS SDK comes from the Lambda runtime (found through NODE_PATH, which the Node.js
        // 18+ runtimes also search for ES modules) unless a pinned, installed copy is bundled.
        if (name.startsWith('@aws-sdk/') && (!input.bundleAwsSdk || !pkg)) return { path: args.path, external: true };
        if (!pkg) {
          // A package's require of an optional package that is not installed (consolidate's
          // forty template engines, Nest's microservices) stays a run-time require: an error
          // only if that code path runs, as under Node. The app's own imports must resolve.
          if (isUserExternal(name)) return { path: args.path, external: true }; // provided at run time (a layer)
          if (!args.importer.split(sep).includes('node_modules')) return undefined; // esbuild reports it; see missing-packages.ts
          if (!missing.has(name)) missing.set(name, { name, importer: args.importer });
          return { path: args.path, external: true };
        }
        let verdict = verdicts.get(pkg.dir);
        if (verdict === undefined) {
          const native = nativeReason(pkg);
          const reason = native ?? (isUserExternal(name) ? 'listed in "external"' : forced.has(name) ? (neverBundledReason(name) ?? 'must stay one instance with a package that cannot be bundled, or loads its own files by a computed path') : null);
          verdict = reason ? { ...pkg, native: native !== null, reason } : null;
          verdicts.set(pkg.dir, verdict);
        }
        if (!verdict) return undefined;
        unbundled.set(pkg.dir, verdict);
        return { path: args.path, external: true };
      });
      // Big JSON ships as its own file, read when required (large-json.ts).
      b.onLoad({ filter: /\.json$/ }, async (args) => largeJson.moduleFor(await readFile(args.path, 'utf8')));
      // Decorator metadata (the project's TypeScript compiler) and each module's own location.
      b.onLoad({ filter: CODE_MODULE, namespace: 'file' }, async (args) => {
        if (DECLARATION.test(args.path)) return undefined;
        const appSource = isAppSource(args.path, input.projectDir);
        const compileDecorators = input.decorators && appSource && /\.(c|m)?tsx?$/.test(args.path);
        const source = await readFile(args.path, 'utf8');
        if (!compileDecorators && !mentionsLocation(source)) return undefined;
        const loader = loaderFor(args.path);
        const compiled = compileDecorators ? input.decorators!.compile(source, args.path) : source;
        const located = mentionsLocation(compiled)
          ? await withModuleLocation(compiled, {
              file: args.path,
              projectDir: input.projectDir,
              id: nextModuleId++,
              loader,
              tsconfigRaw: loader === 'ts' || loader === 'tsx' ? tsconfigRaw : undefined,
            })
          : null;
        // TypeScript stays "ts" for esbuild: an import of a name that is only a type is then not an error
        return { contents: located ?? compiled, loader: located !== null && loader === 'jsx' ? 'js' : loader };
      });
      b.onLoad({ filter: /.*/, namespace: BUILTIN_NAMESPACE }, loadBuiltinImport);
      b.onLoad({ filter: /.*/, namespace: VIRTUAL }, (args) => {
        const mod = input.virtualModules[args.path]!;
        return { contents: mod.contents, resolveDir: mod.resolveDir, loader: mod.loader };
      });
      b.onLoad({ filter: /.*/, namespace: RUNTIME_SHIM }, () => ({
        contents: input.runtimeShim ?? '',
        resolveDir: input.projectDir,
        loader: 'js',
      }));
    },
  };
}

function formatMessages(messages: readonly Message[], input: BundleInput): string {
  return messages
    .slice(0, 10)
    .map((m) => {
      const where = m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ` : '';
      const setting = input.describeError?.(m);
      const remedy = missingPackageError(m);
      return `${setting ? `${setting}: ` : ''}${where}${remedy ?? m.text}`;
    })
    .join('\n');
}

/**
 * esbuild names a map's sources from its build directory; in the zip the project is the task
 * root, so each source is renamed relative to where the map sits there (`src/app.ts` for a
 * chunk at the root), which is how the runtime (and Node) resolve them.
 */
function zipRelativeSource(projectDir: string, outdir: string, mapName: string): (source: string) => string {
  const mapDir = resolve(projectDir, mapName, '..');
  return (source) => (VIRTUAL_SOURCE.test(source) ? source : relative(mapDir, resolve(outdir, source)).split(sep).join('/'));
}

/** Bundles the virtual entry points: ESM with code splitting, minified, tree-shaken, source maps. */
export async function bundle(input: BundleInput): Promise<BundleOutput> {
  const unbundled = new Map<string, UnbundledPackage>();
  const missing = new Map<string, MissingPackage>();
  const largeJson = new LargeJsonFiles();
  const verbatim = new VerbatimFiles(input.verbatim ?? []);
  const outdir = `${input.projectDir}${sep}.tsappa${sep}build`;
  try {
    const result = await build({
      absWorkingDir: input.projectDir,
      entryPoints: input.entryPoints,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: esbuildTarget(input.runtime),
      splitting: true,
      outdir,
      write: false,
      outExtension: { '.js': '.mjs' },
      chunkNames: 'tsappa-chunk-[hash]',
      minify: true,
      treeShaking: true,
      keepNames: true,
      sourcemap: 'linked',
      sourcesContent: false,
      legalComments: 'none',
      banner: { js: ESM_BANNER },
      logLevel: 'silent',
      metafile: true,
      plugins: [plugin(input, unbundled, missing, largeJson, verbatim)],
    });
    const appOnly = (input.sourceMaps ?? 'app') === 'app';
    // maps slimmed to the app's sources first: the wrappers' rewrite then shifts columns in a
    // small map rather than in one that maps every library (on a big app, most of the time it took)
    const slimmed = result.outputFiles.map((f) => {
      const name = relative(outdir, f.path).split(sep).join('/');
      if (!appOnly || !name.endsWith('.map')) return { name, contents: f.contents };
      const slim = withoutSources(Buffer.from(f.contents).toString('utf8'), (source) => VIRTUAL_SOURCE.test(source) || !isAppSource(resolve(outdir, source), input.projectDir));
      return { name, contents: Buffer.from(slim) };
    });
    const mapped = eagerModuleBodies(slimmed).map(({ name, contents }) => {
      if (!name.endsWith('.map')) return { name, contents };
      return { name, contents: Buffer.from(withSourcesRenamed(Buffer.from(contents).toString('utf8'), zipRelativeSource(input.projectDir, outdir, name))) };
    });
    const files = [...withoutEmptyMaps(mapped), ...largeJson.files(), ...(await verbatim.files())];
    const inputs = new Set(Object.keys(result.metafile.inputs).filter((path) => !VIRTUAL_SOURCE.test(path)).map((path) => resolve(input.projectDir, path)));
    return { files, unbundled, warnings: result.warnings.map((w) => formatMessages([w], input)), inputs, missing: [...missing.values()] };
  } catch (error) {
    const failure = error as Partial<BuildFailure>;
    if (Array.isArray(failure.errors)) {
      const first = failure.errors[0];
      throw new PackageError(`esbuild could not bundle the app:\n${formatMessages(failure.errors, input)}`, {
        setting: first ? input.describeError?.(first) ?? null : null,
        file: first?.location?.file ?? null,
        cause: error,
      });
    }
    throw error;
  }
}

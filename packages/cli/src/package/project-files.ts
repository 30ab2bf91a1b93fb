import { readFileSync } from 'node:fs';
import { transform } from 'esbuild';
import type { NodeRuntime } from '@tsappa/templates';
import { esbuildTarget } from './bundle.js';
import type { DecoratorCompiler } from './decorator-metadata.js';
import { PackageError } from './errors.js';
import { DEV_FILE_PATTERNS, globMatcher, isSecretFile } from './filters.js';
import type { ArchiveEntry } from './types.js';
import { walkFiles } from './walk.js';

const TS_SOURCE = /\.(ts|mts|cts|tsx)$/;
const DECLARATION = /\.d\.(ts|mts|cts)$/;

/** The module format Node gives the compiled file: by extension, else by the package's "type". */
function outputFormat(path: string, packageType: string | undefined): 'esm' | 'cjs' {
  if (path.endsWith('.mts')) return 'esm';
  if (path.endsWith('.cts')) return 'cjs';
  return packageType === 'module' ? 'esm' : 'cjs';
}

/** `src/app.ts` → `src/app.js` (`.mts` → `.mjs`, `.cts` → `.cjs`); other paths unchanged. */
export function compiledName(path: string): string {
  if (DECLARATION.test(path)) return path;
  return path.replace(/\.mts$/, '.mjs').replace(/\.cts$/, '.cjs').replace(/\.tsx?$/, '.js');
}

/** Files of the project (never node_modules or .git), secrets removed; `keep` decides the rest. */
export function projectFiles(projectDir: string, keep: (rel: string) => boolean) {
  const skip = (rel: string, name: string) => name === 'node_modules' || name === '.git' || rel === '.tsappa';
  return walkFiles(projectDir, skip).filter((f) => keep(f.rel) && !isSecretFile(f.rel, () => readFileSync(f.abs, 'utf8')));
}

/** `include` globs: project files added to the zip at their own paths (bundle: true), never secrets. */
export function includedFiles(projectDir: string, include: readonly string[]): ArchiveEntry[] {
  if (include.length === 0) return [];
  const isIncluded = globMatcher(include);
  return projectFiles(projectDir, isIncluded).map((f) => ({ name: f.rel, source: f.abs, size: f.size }));
}

/**
 * `bundle: false`: the app's own files (dev files out unless included; `exclude` applied later),
 * TypeScript compiled file by file to JavaScript next to where it was.
 */
export async function appFiles(
  projectDir: string,
  options: {
    include: readonly string[];
    runtime: NodeRuntime;
    decorators?: DecoratorCompiler | null;
    /** package.json "type": Node loads a `.js` file as an ES module only under "module" */
    packageType?: string | undefined;
  },
): Promise<ArchiveEntry[]> {
  const isDev = globMatcher(DEV_FILE_PATTERNS);
  const isIncluded = globMatcher(options.include);
  const files = projectFiles(projectDir, (rel) => isIncluded(rel) || !isDev(rel));
  const out: ArchiveEntry[] = [];
  for (const file of files) {
    if (!TS_SOURCE.test(file.rel) || DECLARATION.test(file.rel)) {
      out.push({ name: file.rel, source: file.abs, size: file.size });
      continue;
    }
    const name = compiledName(file.rel);
    try {
      const source = readFileSync(file.abs, 'utf8');
      // decorator metadata needs the TypeScript compiler (see decorator-metadata.ts); esbuild then targets the runtime
      const input = options.decorators ? options.decorators.compile(source, file.abs) : source;
      const result = await transform(input, {
        loader: file.rel.endsWith('.tsx') ? 'tsx' : 'ts',
        // `.js` output is CommonJS unless the package says "type": "module" (how Node will load it):
        // TypeScript written for CommonJS imports `./clock`, which only require() resolves
        format: outputFormat(file.rel, options.packageType),
        // on node, CommonJS output names its exports for Node's ESM importer (cjs-module-lexer)
        platform: 'node',
        target: esbuildTarget(options.runtime),
        sourcemap: 'external',
        sourcefile: file.rel.split('/').pop(),
        sourcesContent: false,
      });
      const base = name.split('/').pop()!;
      const code = Buffer.from(`${result.code}//# sourceMappingURL=${base}.map\n`);
      const map = Buffer.from(result.map);
      out.push({ name, source: code, size: code.length }, { name: `${name}.map`, source: map, size: map.length });
    } catch (error) {
      throw new PackageError(`could not compile ${file.rel}: ${(error as Error).message}`, { file: file.abs, cause: error });
    }
  }
  return out;
}

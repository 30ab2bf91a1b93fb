/**
 * TypeScript that needs `emitDecoratorMetadata` (NestJS, TypeORM, class-validator) is compiled
 * with the TypeScript compiler, honouring the project's tsconfig. esbuild cannot emit decorator
 * metadata (`design:paramtypes`), and without it Nest cannot inject a single dependency.
 *
 * The compiler is the project's own `typescript` (every such project has it); tsappa does not
 * ship or pin one. Each file is compiled alone (`transpileModule`), as Nest's own swc and
 * webpack builders do, to ES modules so esbuild still sees imports and exports.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PackageError } from './errors.js';

/** The part of the `typescript` module this file uses. */
interface TypeScriptApi {
  version: string;
  findConfigFile(searchPath: string, fileExists: (path: string) => boolean, configName?: string): string | undefined;
  readConfigFile(path: string, read: (path: string) => string | undefined): { config?: unknown; error?: { messageText: unknown } };
  parseJsonConfigFileContent(json: unknown, host: unknown, basePath: string): { options: Record<string, unknown>; errors: unknown[] };
  transpileModule(source: string, options: { compilerOptions: Record<string, unknown>; fileName: string }): { outputText: string };
  sys: { fileExists(path: string): boolean; readFile(path: string): string | undefined };
  ModuleKind: Record<string, number>;
}

export interface DecoratorCompiler {
  /** the tsconfig that asked for it */
  tsconfig: string;
  /** compiles one TypeScript file to JavaScript (ES module syntax, inline source map) */
  compile(source: string, file: string): string;
}

/** A lenient read of a tsconfig file (comments and trailing commas allowed), for the yes/no question. */
function mentionsDecoratorMetadata(tsconfig: string): boolean {
  const text = readFileSync(tsconfig, 'utf8');
  return /"emitDecoratorMetadata"\s*:\s*true/.test(text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ''));
}

function loadTypeScript(projectDir: string): TypeScriptApi | null {
  try {
    return createRequire(join(projectDir, 'package.json'))('typescript') as TypeScriptApi;
  } catch {
    return null;
  }
}

/** The project's tsconfig.json (or the nearest one above), or null. */
function findTsconfig(projectDir: string): string | null {
  let dir = projectDir;
  for (;;) {
    const candidate = join(dir, 'tsconfig.json');
    try {
      readFileSync(candidate);
      return candidate;
    } catch {
      /* keep looking */
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * A compiler when the project's tsconfig sets `emitDecoratorMetadata`, else null (esbuild
 * compiles the TypeScript). Throws, naming the tsconfig, when the project lacks `typescript`.
 */
export function decoratorMetadataCompiler(projectDir: string): DecoratorCompiler | null {
  const tsconfig = findTsconfig(projectDir);
  if (!tsconfig || !mentionsDecoratorMetadata(tsconfig)) return null;
  const ts = loadTypeScript(projectDir);
  if (!ts) {
    throw new PackageError(
      `${tsconfig} sets "emitDecoratorMetadata", which esbuild cannot emit, and the TypeScript compiler is not installed in the project: run npm install --save-dev typescript`,
      { file: tsconfig },
    );
  }
  const read = ts.readConfigFile(tsconfig, (path) => ts.sys.readFile(path));
  if (read.error) throw new PackageError(`${tsconfig}: ${String(read.error.messageText)}`, { file: tsconfig });
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(tsconfig));
  if (parsed.options.emitDecoratorMetadata !== true) return null; // e.g. switched off by a later "extends"
  const compilerOptions: Record<string, unknown> = {
    ...parsed.options,
    // what esbuild needs to keep bundling: ES module syntax, one file at a time, a map it can chain
    module: ts.ModuleKind.ESNext,
    sourceMap: false,
    inlineSourceMap: true,
    inlineSources: false,
    declaration: false,
    declarationMap: false,
    emitDeclarationOnly: false,
    noEmit: false,
    outDir: undefined,
    rootDir: undefined,
  };
  return {
    tsconfig,
    compile: (source, file) => ts.transpileModule(source, { compilerOptions, fileName: file }).outputText,
  };
}

/**
 * Compile a TypeScript module with decorators the way apps do (tsc or esbuild, with or without
 * `experimentalDecorators`) and import the result, for the decorator tests.
 *
 * The compiled module is written to a temporary directory, so its import specifiers are made
 * absolute first: a relative one points at the source it was written beside (`../index.js` is
 * this package's `src/index.ts`, the same module instances the test uses), a bare one is resolved
 * from this package.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transform } from 'esbuild';
import ts from 'typescript';

export interface DecoratorBuild {
  compiler: 'tsc' | 'esbuild';
  /** legacy decorators; with tsc, `emitDecoratorMetadata` too (NestJS's tsconfig) */
  experimentalDecorators: boolean;
}

/** The four ways an app's decorators get compiled. */
export const DECORATOR_BUILDS: readonly DecoratorBuild[] = [
  { compiler: 'tsc', experimentalDecorators: false },
  { compiler: 'tsc', experimentalDecorators: true },
  { compiler: 'esbuild', experimentalDecorators: false },
  { compiler: 'esbuild', experimentalDecorators: true },
];

/** The compiler options of a build, for tsc (also used to type-check fixtures). */
export function tscOptions(build: Pick<DecoratorBuild, 'experimentalDecorators'>): ts.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    experimentalDecorators: build.experimentalDecorators,
    emitDecoratorMetadata: build.experimentalDecorators,
  };
}

export async function compileModule(source: string, fileName: string, build: DecoratorBuild): Promise<string> {
  if (build.compiler === 'tsc') {
    const { outputText, diagnostics } = ts.transpileModule(source, { compilerOptions: tscOptions(build), fileName, reportDiagnostics: true });
    if (diagnostics?.length) throw new Error(ts.flattenDiagnosticMessageText(diagnostics[0]!.messageText, '\n'));
    return outputText;
  }
  const { code } = await transform(source, {
    loader: 'ts',
    format: 'esm',
    target: 'es2022',
    sourcefile: fileName,
    // as `tsappa package` bundles: task names come from class names, which esbuild may otherwise rename
    keepNames: true,
    tsconfigRaw: { compilerOptions: { experimentalDecorators: build.experimentalDecorators } },
  });
  return code;
}

const fromThisPackage = createRequire(fileURLToPath(new URL('../../../package.json', import.meta.url)));

function absoluteSpecifier(specifier: string, sourceDir: string): string {
  if (specifier.startsWith('node:')) return specifier;
  if (specifier.startsWith('.')) {
    const target = resolve(sourceDir, specifier);
    const asTs = target.replace(/\.js$/, '.ts');
    return existsSync(asTs) ? asTs : target;
  }
  return fromThisPackage.resolve(specifier);
}

/** Rewrites every import specifier of a module's text (found by TypeScript's pre-processor). */
function rewriteSpecifiers(code: string, sourceDir: string): string {
  const { importedFiles } = ts.preProcessFile(code, true, true);
  let out = code;
  for (const { fileName, pos } of [...importedFiles].sort((a, b) => b.pos - a.pos)) {
    // `pos` can sit on the opening quote rather than after it: look for the name from there
    const start = out.indexOf(fileName, Math.max(0, pos - 1));
    out = out.slice(0, start) + absoluteSpecifier(fileName, sourceDir) + out.slice(start + fileName.length);
  }
  return out;
}

/** Compile the module at `file` with `build` and import it. */
export async function importCompiled<T = Record<string, unknown>>(file: string, build: DecoratorBuild): Promise<T> {
  return importCompiledSource<T>(readFileSync(file, 'utf8'), file, build);
}

/** Compile `source` (as if it were the file `file`) with `build` and import it. */
export async function importCompiledSource<T = Record<string, unknown>>(source: string, file: string, build: DecoratorBuild): Promise<T> {
  const code = rewriteSpecifiers(await compileModule(source, basename(file), build), dirname(file));
  const dir = mkdtempSync(join(tmpdir(), 'tsappa-decorators-'));
  const out = join(dir, `${basename(file, '.ts')}.mjs`);
  writeFileSync(out, code);
  try {
    return (await import(/* @vite-ignore */ pathToFileURL(out).href)) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true }); // loaded (or failed): the file is no longer needed
  }
}

// parsed declaration files, shared by every type check of a test file
const parsed = new Map<string, ts.SourceFile | undefined>();

/**
 * The type errors of the module at `file`, checked with this package's tsconfig and the decorator
 * setting of `build`. Only the module's own diagnostics: the runtime's sources are
 * `npm run typecheck`'s business.
 */
export function typeErrors(file: string, build: Pick<DecoratorBuild, 'experimentalDecorators'>): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(fileURLToPath(new URL('../../../tsconfig.json', import.meta.url)), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  const { experimentalDecorators, emitDecoratorMetadata } = tscOptions(build);
  const options: ts.CompilerOptions = { ...config!.options, experimentalDecorators, emitDecoratorMetadata, noEmit: true };
  const host = ts.createCompilerHost(options);
  // the AWS SDK's declarations (the runtime loads it lazily) are most of the work and none of the check
  host.resolveModuleNames = (names, containingFile) =>
    names.map((name) => (name.startsWith('@aws-sdk/') ? undefined : ts.resolveModuleName(name, containingFile, options, host).resolvedModule));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    if (!parsed.has(fileName)) parsed.set(fileName, getSourceFile(fileName, languageVersion, ...rest));
    return parsed.get(fileName);
  };
  const program = ts.createProgram([file], options, host);
  const source = program.getSourceFile(file);
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => {
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    return `${basename(file)}:${line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/**
 * Polyfills that must run before the app's first module: `reflect-metadata`, which decorators
 * compiled with metadata (NestJS, TypeORM, class-validator) call as soon as a class is defined.
 *
 * esbuild turns an ES module's import of a CommonJS package into a `require()` inside the
 * importing module's body, which runs after that module's other imports: Nest's
 * `import 'reflect-metadata'` at the top of `@nestjs/common` then runs after the decorated
 * classes it imports, and the app fails with `Reflect.getOwnMetadata is not a function`. So the
 * modules file imports a generated module holding the polyfill first; ES modules are evaluated
 * in import order, so its body (the polyfill) runs before any of the app's.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { DecoratorCompiler } from './decorator-metadata.js';
import type { VirtualModule } from './bundle.js';

export const PRELOAD_ID = 'tsappa:preload';

/** The absolute files to load first: reflect-metadata when decorator metadata is compiled and the project has it. */
export function decoratorPolyfills(projectDir: string, decorators: DecoratorCompiler | null): string[] {
  if (!decorators) return [];
  try {
    return [createRequire(join(projectDir, 'package.json')).resolve('reflect-metadata')];
  } catch {
    return [];
  }
}

/** `virtualModules` with the preload module, imported first by the module `firstOf`. */
export function withPreload(
  virtualModules: Record<string, VirtualModule>,
  firstOf: string,
  files: readonly string[],
  projectDir: string,
): Record<string, VirtualModule> {
  const target = virtualModules[firstOf];
  if (files.length === 0 || !target) return virtualModules;
  return {
    ...virtualModules,
    [PRELOAD_ID]: { contents: files.map((f) => `import ${JSON.stringify(f)};`).join('\n'), resolveDir: projectDir, loader: 'js' },
    [firstOf]: { ...target, contents: `import ${JSON.stringify(PRELOAD_ID)};\n${target.contents}` },
  };
}

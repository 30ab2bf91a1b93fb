/**
 * TypeScript that needs decorator metadata (NestJS, TypeORM) is compiled with the project's
 * TypeScript, in both packaging modes, and the package serves what a DI container needs.
 */
import { mkdir, mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PackageError, buildPackage } from './index.js';
import { httpApiEvent, invokeLikeLambda } from '../../test/support/test-lambda.js';
import { copyFixture, testSettings } from '../../test/support/test-settings.js';
import { unzipTo } from '../../test/support/test-zip.js';

const ROOT_MODULES = join(dirname(fileURLToPath(import.meta.url)), '../../../../node_modules');

/** The fixture, with the repository's typescript and reflect-metadata installed (linked) in its copy. */
async function decoratorsProject(packages = ['typescript', 'reflect-metadata']): Promise<string> {
  const dir = await copyFixture('decorators');
  await mkdir(join(dir, 'node_modules'), { recursive: true });
  for (const name of packages) await symlink(join(ROOT_MODULES, name), join(dir, 'node_modules', name), 'dir');
  return dir;
}

async function parameterTypes(dir: string, bundle: boolean): Promise<unknown> {
  const result = await buildPackage(testSettings(dir, { app: 'src/app.ts:app', bundle }), { install: 'copy' });
  const taskRoot = await mkdtemp(join(tmpdir(), 'tsappa-decorators-task-'));
  await unzipTo(result.path, taskRoot);
  const run = await invokeLikeLambda(taskRoot, result.handler, [httpApiEvent('GET', '/')]);
  const first = run.results[0];
  if (!first?.ok) throw new Error(`${first?.error}\n${run.stderr}`);
  return JSON.parse((first.value as { body: string }).body);
}

describe('emitDecoratorMetadata', () => {
  it('bundled: the constructor parameter types reach the running app', async () => {
    expect(await parameterTypes(await decoratorsProject(), true)).toEqual(['Clock', 'String']);
  });

  it('bundle: false: the same', async () => {
    expect(await parameterTypes(await decoratorsProject(), false)).toEqual(['Clock', 'String']);
  });

  it('without TypeScript in the project: an error naming the tsconfig and the fix', async () => {
    const dir = await decoratorsProject(['reflect-metadata']);
    const error = await buildPackage(testSettings(dir, { app: 'src/app.ts:app' }), { install: 'copy' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PackageError);
    expect((error as Error).message).toContain(join(dir, 'tsconfig.json'));
    expect((error as Error).message).toContain('npm install --save-dev typescript');
  });
});

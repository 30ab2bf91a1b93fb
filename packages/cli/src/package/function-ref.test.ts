import { describe, expect, it } from 'vitest';
import { PackageError } from './errors.js';
import { collectEntryImports, parseFunctionRef } from './function-ref.js';
import { copyFixture, testSettings } from '../../test/support/test-settings.js';

describe('function references', () => {
  it('splits module and export, defaulting to default', () => {
    expect(parseFunctionRef('src/app.ts:app', 'app')).toEqual({ module: 'src/app.ts', exportName: 'app' });
    expect(parseFunctionRef('src/app.ts', 'app')).toEqual({ module: 'src/app.ts', exportName: 'default' });
  });

  it('collects the app, every named function once, and the task modules', async () => {
    const dir = await copyFixture('package-basic');
    const imports = collectEntryImports(
      testSettings(dir, {
        events: [
          { kind: 'schedule', function: 'src/schedulers.ts:nightly', expression: 'rate(1 day)', name: 'a', enabled: true },
          { kind: 'schedule', function: 'src/schedulers.ts:nightly', expression: 'rate(2 days)', name: 'b', enabled: true },
        ],
        exceptionHandler: 'src/schedulers.ts:onError',
        taskModules: ['src/tasks.ts'],
      }),
    );
    expect(imports.app).toMatchObject({ ref: 'src/app.ts:app', exportName: 'app', setting: 'app' });
    expect(imports.functions.map((f) => [f.ref, f.setting])).toEqual([
      ['src/schedulers.ts:nightly', 'events[0].function'],
      ['src/schedulers.ts:onError', 'exceptionHandler'],
    ]);
    expect(imports.taskModules.map((t) => t.module)).toEqual(['src/tasks.ts']);
  });

  it('names the setting and the file when a module is missing', async () => {
    const dir = await copyFixture('package-basic');
    const settings = testSettings(dir, {
      authorizer: {
        function: 'src/auth.ts:authorize',
        arn: null,
        type: 'TOKEN',
        resultTtl: 300,
        tokenHeader: 'Authorization',
        validationExpression: null,
        identitySources: [],
      },
    });
    const error = (() => {
      try {
        collectEntryImports(settings);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PackageError);
    expect((error as PackageError).setting).toBe('authorizer.function');
    expect((error as PackageError).message).toMatch(/authorizer\.function: module "src\/auth\.ts" not found/);
  });
});

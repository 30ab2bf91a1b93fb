/**
 * `@task()` is a standard (TC39) decorator. The test transpiler here does not lower standard
 * decorators, so the fixture class is compiled with TypeScript itself (as `tsc` and esbuild do
 * for apps) and given this module's `task`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ENV } from '../contract.js';
import { FakeAws } from './__fixtures__/fake-ops.js';
import { TASK_MESSAGE_KEY } from './message.js';
import { setAwsOps } from './ops.js';
import { getTask } from './registry.js';
import { receiveTask } from './receive.js';
import { task } from './task.js';

async function define(source: string): Promise<Record<string, unknown>> {
  const wrapped = `export function define(task: any) {\n${source}\n}`;
  const { outputText } = ts.transpileModule(wrapped, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, experimentalDecorators: false },
  });
  const dir = mkdtempSync(join(tmpdir(), 'tsappa-decorator-'));
  const file = join(dir, 'fixture.mjs');
  writeFileSync(file, outputText);
  const mod = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as { define: (t: typeof task) => Record<string, unknown> };
  return mod.define(task);
}

afterEach(() => {
  setAwsOps(null);
  vi.unstubAllEnvs();
});

describe('@task()', () => {
  it('registers a static method as Class.method and runs it inline outside Lambda', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', '');
    const { Mailer } = await define(`
      class Mailer {
        static sent: string[] = [];
        @task() static async send(to: string) { this.sent.push(to); return 'sent to ' + to; }
      }
      return { Mailer };
    `);
    const cls = Mailer as { send(to: string): Promise<unknown>; sent: string[] };
    expect(getTask('Mailer.send').name).toBe('Mailer.send');
    expect(await cls.send('ann@example.com')).toEqual({ id: expect.any(String), service: 'inline', result: 'sent to ann@example.com' });
    expect(cls.sent).toEqual(['ann@example.com']);
  });

  it('takes a name or options, dispatches inside Lambda and the receiver calls it with the class as this', async () => {
    const aws = new FakeAws();
    setAwsOps(aws);
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'fn');
    vi.stubEnv('AWS_LAMBDA_FUNCTION_VERSION', '3');
    const { Reports } = await define(`
      class Reports {
        static built: number[] = [];
        @task('reports.build') static build(n: number) { this.built.push(n); return n; }
        @task({ name: 'reports.mail', service: 'sns' }) static mail() { return 1; }
      }
      return { Reports };
    `);
    vi.stubEnv(ENV.asyncTopicArn, 'arn:aws:sns:us-east-1:123456789012:t');
    const cls = Reports as { build(n: number): Promise<unknown>; mail(): Promise<unknown>; built: number[] };
    expect(await cls.build(5)).toEqual({ id: expect.any(String), service: 'lambda' });
    expect(cls.built).toEqual([]);
    expect(await cls.mail()).toMatchObject({ service: 'sns' });
    const message = JSON.parse(aws.invokes[0]!.payload);
    expect(message[TASK_MESSAGE_KEY]).toMatchObject({ name: 'reports.build', args: [5] });
    await receiveTask(message);
    expect(cls.built).toEqual([5]);
  });

  it('refuses instance methods', async () => {
    await expect(define(`class A { @task() send() { return 1; } } return { A };`)).rejects.toThrow('only static methods can be tasks');
  });

  it('refuses a duplicate name when the class is defined', async () => {
    await define(`class Once { @task() static go() { return 1; } } return { Once };`);
    await expect(define(`class Once { @task() static go() { return 1; } } return { Once };`)).rejects.toThrow('a task named "Once.go" is already registered');
  });
});

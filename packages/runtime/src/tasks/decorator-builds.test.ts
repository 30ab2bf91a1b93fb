/**
 * One task class (./__fixtures__/jobs.ts), written as an app writes it, compiled the four ways
 * apps compile decorators: tsc and esbuild, each with standard decorators and with
 * `experimentalDecorators` (plus `emitDecoratorMetadata` for tsc, as NestJS projects set it).
 * Each build runs its static and instance tasks inline, then inside Lambda through the payload
 * the call dispatched, received as the entry receives it.
 */
import { fileURLToPath } from 'node:url';
import 'reflect-metadata';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ENV } from '../contract.js';
import { DECORATOR_BUILDS, importCompiled, typeErrors } from './__fixtures__/compile.js';
import { FakeAws } from './__fixtures__/fake-ops.js';
import { isTaskMessage, TASK_MESSAGE_KEY, type TaskMessage } from './message.js';
import { setAwsOps } from './ops.js';
import { receiveTask } from './receive.js';
import { getTask, taskNames, unregisterTask } from './registry.js';
import { getTaskResult } from './results.js';

const FIXTURE = fileURLToPath(new URL('./__fixtures__/jobs.ts', import.meta.url));

interface Receipt {
  id: string;
  service: string;
  result?: unknown;
}

interface JobsModule {
  done: string[];
  resolved: { count: number };
  Mailer: { send(to: string, delivery: { urgent: boolean }): Promise<Receipt>; report(count: number): Promise<Receipt> };
  Greeter: new (greeting: string) => { greet(name: string): Promise<Receipt> };
}

function sent(payload: string): TaskMessage {
  const message: unknown = JSON.parse(payload);
  if (!isTaskMessage(message)) throw new Error(`not a task message: ${payload}`);
  return message;
}

let aws: FakeAws;
let namesBefore: Set<string>;
beforeEach(() => {
  aws = new FakeAws();
  setAwsOps(aws);
  namesBefore = new Set(taskNames());
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', '');
  vi.stubEnv(ENV.taskTable, 'jobs-dev-tasks');
});
afterEach(() => {
  // each build defines the same task names again
  for (const name of taskNames()) if (!namesBefore.has(name)) unregisterTask(name);
  setAwsOps(null);
  vi.unstubAllEnvs();
});

describe.each(DECORATOR_BUILDS)('@task() compiled by $compiler, experimentalDecorators: $experimentalDecorators', (build) => {
  it('registers Class.method names and the given name when the module loads', async () => {
    await importCompiled<JobsModule>(FIXTURE, build);
    expect(taskNames().filter((name) => !namesBefore.has(name))).toEqual(['Greeter.greet', 'Mailer.send', 'mailer.report']);
    expect(getTask('mailer.report').options).toEqual({ name: 'mailer.report', captureResponse: true });
  });

  it('runs static and instance tasks inline outside Lambda', async () => {
    const jobs = await importCompiled<JobsModule>(FIXTURE, build);
    expect(await jobs.Mailer.send('ann@example.com', { urgent: true })).toEqual({
      id: expect.any(String),
      service: 'inline',
      result: 'noreply@example.com -> ann@example.com (urgent)',
    });
    // an instance task runs on the registered instance, as it would in Lambda
    expect((await new jobs.Greeter('Hi').greet('Bob')).result).toBe('Hello, Bob');
    const report = await jobs.Mailer.report(3);
    expect(await getTaskResult(report.id)).toMatchObject({ status: 'complete', value: { count: 3 } });
    expect(jobs.done).toEqual(['noreply@example.com -> ann@example.com (urgent)', 'Hello, Bob', 'report 3']);
    expect(aws.invokes).toHaveLength(0);
  });

  it('inside Lambda dispatches each call, and the received payload runs it', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'jobs-dev');
    vi.stubEnv('AWS_LAMBDA_FUNCTION_VERSION', '4');
    const jobs = await importCompiled<JobsModule>(FIXTURE, build);

    const receipts = [
      await jobs.Mailer.send('ann@example.com', { urgent: false }),
      await new jobs.Greeter('Hi').greet('Bob'),
      await jobs.Mailer.report(7),
    ];
    expect(receipts.map((receipt) => receipt.service)).toEqual(['lambda', 'lambda', 'lambda']);
    expect(jobs.done).toEqual([]);
    expect(jobs.resolved.count).toBe(0);
    const messages = aws.invokes.map((invoke) => sent(invoke.payload));
    expect(messages.map((message) => message[TASK_MESSAGE_KEY].name)).toEqual(['Mailer.send', 'Greeter.greet', 'mailer.report']);
    expect(aws.invokes[0]!.target).toEqual({ functionName: 'jobs-dev', qualifier: '4' });

    // the receiving side: a fresh invocation of the same function with each payload
    expect(await receiveTask(messages[0]!)).toBe('noreply@example.com -> ann@example.com');
    expect(await receiveTask(messages[1]!)).toBe('Hello, Bob');
    expect(jobs.resolved.count).toBe(1);
    await receiveTask(messages[2]!);
    expect(await getTaskResult(receipts[2]!.id)).toMatchObject({ status: 'complete', value: { count: 7 } });
    expect(jobs.done).toEqual(['noreply@example.com -> ann@example.com', 'Hello, Bob', 'report 7']);
  });

  if (build.compiler === 'tsc' && build.experimentalDecorators) {
    it('keeps the emitDecoratorMetadata metadata beside @task()', async () => {
      const jobs = await importCompiled<JobsModule>(FIXTURE, build);
      expect(Reflect.getMetadata('design:paramtypes', jobs.Greeter.prototype, 'greet')).toEqual([String]);
      expect(Reflect.getMetadata('design:returntype', jobs.Greeter.prototype, 'greet')).toBe(Promise);
      expect(Reflect.getMetadata('design:paramtypes', jobs.Mailer, 'send')).toEqual([String, Object]);
    });
  }
});

describe('@task() types', () => {
  it.each([false, true])('an app using it type-checks with experimentalDecorators: %s', (experimentalDecorators) => {
    expect(typeErrors(FIXTURE, { experimentalDecorators })).toEqual([]);
  });
});

/**
 * `@task()` under both decorator protocols. The test transpiler here does not lower decorators
 * the way apps do, so each class is compiled by TypeScript or esbuild (./__fixtures__/compile.ts)
 * with and without `experimentalDecorators`, and imports this package's `task` as an app would.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ENV } from '../contract.js';
import { DECORATOR_BUILDS, importCompiledSource, type DecoratorBuild } from './__fixtures__/compile.js';
import { FakeAws } from './__fixtures__/fake-ops.js';
import { TaskInstanceError, registerTaskInstances } from './instances.js';
import { TASK_MESSAGE_KEY, type TaskMessage } from './message.js';
import { setAwsOps } from './ops.js';
import { receiveTask } from './receive.js';
import { DuplicateTaskError, getTask, taskNames, unregisterTask } from './registry.js';

// an inline class is compiled as if it were a file beside the fixtures
const SOURCE_FILE = fileURLToPath(new URL('./__fixtures__/inline.ts', import.meta.url));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

async function define(build: DecoratorBuild, body: string): Promise<Record<string, Loose>> {
  const source = `import { task, registerTaskInstances } from '../index.js';\n${body}`;
  return importCompiledSource(source, SOURCE_FILE, build);
}

let aws: FakeAws;
let namesBefore: Set<string>;
beforeEach(() => {
  aws = new FakeAws();
  setAwsOps(aws);
  namesBefore = new Set(taskNames());
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', '');
});
afterEach(() => {
  for (const name of taskNames()) if (!namesBefore.has(name)) unregisterTask(name);
  setAwsOps(null);
  vi.unstubAllEnvs();
});

function insideLambda(): void {
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'fn');
  vi.stubEnv('AWS_LAMBDA_FUNCTION_VERSION', '3');
}

function lastMessage(): TaskMessage {
  return JSON.parse(aws.invokes.at(-1)!.payload) as TaskMessage;
}

describe.each(DECORATOR_BUILDS)('@task() compiled by $compiler, experimentalDecorators: $experimentalDecorators', (build) => {
  describe('static methods', () => {
    it('registers Class.method and runs inline with the class as this', async () => {
      const { Mailer } = await define(build, `
        export class Mailer {
          static sent: string[] = [];
          @task() static async send(to: string) { this.sent.push(to); return 'sent to ' + to; }
        }`);
      expect(getTask('Mailer.send').thisArg).toBe(Mailer);
      expect(await Mailer.send('ann@example.com')).toEqual({ id: expect.any(String), service: 'inline', result: 'sent to ann@example.com' });
      expect(Mailer.sent).toEqual(['ann@example.com']);
    });

    it('takes a name or options; inside Lambda it dispatches and the receiver runs it', async () => {
      insideLambda();
      vi.stubEnv(ENV.asyncTopicArn, 'arn:aws:sns:us-east-1:123456789012:t');
      const { Reports } = await define(build, `
        export class Reports {
          static built: number[] = [];
          @task('reports.build') static build(n: number) { this.built.push(n); return n; }
          @task({ name: 'reports.mail', service: 'sns' }) static mail() { return 1; }
        }`);
      expect(await Reports.build(5)).toEqual({ id: expect.any(String), service: 'lambda' });
      expect(Reports.built).toEqual([]);
      expect(lastMessage()[TASK_MESSAGE_KEY]).toMatchObject({ name: 'reports.build', args: [5] });
      await receiveTask(lastMessage());
      expect(Reports.built).toEqual([5]);
      expect(getTask('reports.mail').options.service).toBe('sns');
    });

    it('refuses a duplicate name: at class definition (legacy), or at the next use of the registry (standard)', async () => {
      const defineOnce = async () => {
        await define(build, `export class Once { @task() static go() { return 1; } }`);
        return taskNames();
      };
      expect(await defineOnce()).toContain('Once.go');
      await expect(defineOnce()).rejects.toThrow(DuplicateTaskError);
      await expect(defineOnce()).rejects.toThrow('a task named "Once.go" is already registered');
    });

    it('keeps the class name even when the compiler renames the class while decorating it', async () => {
      // esbuild's standard decorators define `_Counter` and name it "Counter" after its static initializers
      const { Counter } = await define(build, `
        export class Counter {
          static count = 0;
          @task() static add(n: number) { Counter.count += n; return Counter.count; }
        }`);
      expect(Counter.name).toBe('Counter');
      expect(await Counter.add(2)).toMatchObject({ result: 2 });
      expect(getTask('Counter.add').thisArg).toBe(Counter);
    });
  });

  describe('instance methods', () => {
    const GREETER = `
      export class Greeter {
        static made = 0;
        constructor(readonly greeting: string) { Greeter.made++; }
        @task() async greet(name: string) { return this.greeting + ', ' + name; }
      }`;

    it('without a registered way to get the instance: a clear error at the call, naming the remedy', async () => {
      const { Greeter } = await define(build, GREETER);
      const greeter = new Greeter('Hi');
      expect(() => greeter.greet('Bob')).toThrow(TaskInstanceError);
      expect(() => greeter.greet('Bob')).toThrow(
        'task Greeter.greet is an instance method of Greeter, and nothing says how to get a Greeter instance to run it on: call registerTaskInstances(Greeter, (cls) => instance)',
      );
      insideLambda();
      expect(() => greeter.greet('Bob')).toThrow('NestJS: registerTaskInstances(Greeter, (cls) => app.get(cls))');
      expect(aws.invokes).toHaveLength(0);
      // a payload for it fails on the receiving side the same way
      const message: TaskMessage = { [TASK_MESSAGE_KEY]: { v: 1, id: 'i-1', name: 'Greeter.greet', args: ['Bob'], sentAt: 0 } };
      await expect(receiveTask(message)).rejects.toThrow(TaskInstanceError);
    });

    it('registered: registerTaskInstances names the task before any instance exists', async () => {
      const { Greeter } = await define(build, GREETER);
      let calls = 0;
      registerTaskInstances(Greeter, async (cls: Loose) => {
        calls++;
        return new cls('Hello');
      });
      expect(Greeter.made).toBe(0);
      expect(getTask('Greeter.greet').instanceOf).toBe(Greeter);
      const message: TaskMessage = { [TASK_MESSAGE_KEY]: { v: 1, id: 'i-2', name: 'Greeter.greet', args: ['Ann'], sentAt: 0 } };
      expect(await receiveTask(message)).toBe('Hello, Ann');
      expect(calls).toBe(1);
    });

    it('runs on the registered instance, inline and through a dispatched payload', async () => {
      const { Greeter } = await define(build, GREETER);
      const registered = new Greeter('Hello');
      registerTaskInstances(Greeter, () => registered);
      expect(await new Greeter('Hi').greet('Bob')).toMatchObject({ service: 'inline', result: 'Hello, Bob' });
      insideLambda();
      expect(await new Greeter('Hi').greet('Cy')).toEqual({ id: expect.any(String), service: 'lambda' });
      expect(lastMessage()[TASK_MESSAGE_KEY]).toMatchObject({ name: 'Greeter.greet', args: ['Cy'] });
      expect(await receiveTask(lastMessage())).toBe('Hello, Cy');
    });

    it('names a task on a base class after the base, and a subclass registration serves it', async () => {
      const { Base, Child } = await define(build, `
        export class Base { @task() hello(name: string) { return this.who() + ' greets ' + name; } who() { return 'base'; } }
        export class Child extends Base { override who() { return 'child'; } }`);
      registerTaskInstances(Child, () => new Child());
      expect(getTask('Base.hello').instanceOf).toBe(Base);
      expect((await new Base().hello('Dee')).result).toBe('child greets Dee');
    });

    it('says what the registered function gave when it is not an instance, or why it failed', async () => {
      const { Greeter } = await define(build, GREETER);
      registerTaskInstances(Greeter, () => undefined as Loose);
      await expect(new Greeter('x').greet('a')).rejects.toThrow(
        'task Greeter.greet: the function registered with registerTaskInstances(Greeter, ...) gave undefined, expected an instance of Greeter',
      );
      registerTaskInstances(Greeter, () => {
        throw new Error('no container yet');
      });
      await expect(new Greeter('x').greet('a')).rejects.toThrow('task Greeter.greet: getting the Greeter instance failed: no container yet');
    });

    it('needs nothing on the calling side when it targets another function', async () => {
      insideLambda();
      const { Billing } = await define(build, `
        export class Billing { @task({ name: 'billing.charge', remoteFunctionName: 'billing-prod' }) charge(cents: number) { return cents; } }`);
      expect(await new Billing().charge(250)).toMatchObject({ service: 'lambda' });
      expect(aws.invokes[0]!.target).toEqual({ functionName: 'billing-prod' });
    });

    it('refuses a duplicate name', async () => {
      // legacy decorators know the class at once, standard ones when it is registered
      const defineAndRegister = async () => {
        const { Twice } = await define(build, `export class Twice { @task() go() { return 1; } }`);
        registerTaskInstances(Twice, () => new Twice());
      };
      await defineAndRegister();
      await expect(defineAndRegister()).rejects.toThrow('a task named "Twice.go" is already registered');
    });
  });

  it('refuses what is not a method', async () => {
    await expect(define(build, `export class A { @task() get value() { return 1; } }`)).rejects.toThrow('@task() decorates methods');
    await expect(define(build, `export class B { @(task() as any) value = 1; }`)).rejects.toThrow('@task() decorates methods');
  });
});

describe('registerTaskInstances', () => {
  it('takes a list of classes served by one function', async () => {
    const build = DECORATOR_BUILDS[1]!;
    const { Orders, Invoices } = await define(build, `
      export class Orders { @task() place(id: string) { return 'order ' + id; } }
      export class Invoices { @task() issue(id: string) { return 'invoice ' + id; } }`);
    const asked: unknown[] = [];
    registerTaskInstances([Orders, Invoices], (cls: Loose) => {
      asked.push(cls);
      return new cls();
    });
    expect((await new Orders().place('o-1')).result).toBe('order o-1');
    expect((await new Invoices().issue('i-1')).result).toBe('invoice i-1');
    expect(asked).toEqual([Orders, Invoices]);
  });

  it('refuses a class without @task() instance methods, and what is not a class or a function', () => {
    class Plain {
      hello() {
        return 1;
      }
    }
    expect(() => registerTaskInstances(Plain, () => new Plain())).toThrow('registerTaskInstances(Plain): Plain has no @task() instance methods');
    expect(() => registerTaskInstances('Plain' as Loose, () => new Plain())).toThrow('registerTaskInstances(): expected a class, found string');
    expect(() => registerTaskInstances(Plain, 'app.get' as Loose)).toThrow('expected a function giving the instance of a class as the second argument, found string');
  });
});

describe('@task() with standard decorators only', () => {
  const standard = DECORATOR_BUILDS.filter((build) => !build.experimentalDecorators);

  it.each(standard)('refuses a private instance method ($compiler)', async (build) => {
    await expect(define(build, `export class P { @task() #send() { return 1; } }`)).rejects.toThrow(
      '@task() on #send: a private instance method cannot be a task',
    );
  });

  it.each(standard)('runs a private static method task ($compiler)', async (build) => {
    const { Vault } = await define(build, `
      export class Vault {
        @task() static #seal(n: number) { return n * 2; }
        static seal(n: number) { return Vault.#seal(n); }
      }`);
    expect((await Vault.seal(21)).result).toBe(42);
    expect(getTask('Vault.#seal').thisArg).toBe(Vault);
  });

  it.each(standard)('names an instance task when the first instance is made ($compiler)', async (build) => {
    const { Counter } = await define(build, `export class Counter { @task() add(n: number) { return n + 1; } }`);
    expect(taskNames()).not.toContain('Counter.add');
    new Counter();
    expect(getTask('Counter.add').instanceOf).toBe(Counter);
  });
});

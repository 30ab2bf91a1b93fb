/**
 * `@task()` on a method, under whichever decorator protocol the project's tsconfig picks:
 * - standard (TC39) decorators, `(value, context)`: TypeScript 5+ and esbuild by default;
 * - legacy decorators, `(target, key, descriptor)`: `experimentalDecorators: true` (NestJS,
 *   TypeORM...), where `target` is the class for a static method and its prototype otherwise.
 * They are told apart by what the decorator is called with. Under both, the task is named
 * `Class.method` (or as given), registered once its class is known, and the method is replaced
 * by one that calls the task. A static method runs with its class as `this`; an instance method
 * on the instance the app registered with registerTaskInstances (./instances.ts).
 *
 * When the class is known: legacy decorators get it at once. A standard decorator gets it when
 * the class is defined for a static method (registered just after, see registerTaskSoon), but
 * for an instance method only when an instance is made, or when registerTaskInstances names the
 * class, whichever comes first.
 */
import { callTask } from './call.js';
import { rememberInstanceMethod } from './instances.js';
import { registerTask, registerTaskSoon, type AnyFunction, type TaskClass, type TaskDefinition, type TaskOptions } from './registry.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyMethod<This> = (this: This, ...args: any) => any;

/** `@task()` as either protocol sees it; a project's tsconfig picks which signature applies. */
export interface TaskMethodDecorator {
  /** standard (TC39) decorators */
  <This, T extends AnyMethod<This>>(value: T, context: ClassMethodDecoratorContext<This, T>): T;
  /** legacy decorators (`experimentalDecorators: true`) */
  <T extends AnyFunction>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<T>): TypedPropertyDescriptor<T>;
}

const NOT_A_METHOD = '@task() decorates methods';

interface MethodTask {
  replacement: AnyFunction;
  /** name and register the task, now that its class is known (once; later calls do nothing) */
  attach(owner: TaskClass): void;
  /** a static method's class, known before its name is final: attach at the next registry use or call */
  attachSoon(owner: TaskClass): void;
  /** an instance method: attach to the class whose prototype holds the replacement, found from an instance */
  attachFrom(receiver: object): void;
}

function methodTask(options: TaskOptions, fn: AnyFunction, key: string | symbol, isStatic: boolean): MethodTask {
  const definition: TaskDefinition = { name: options.name ?? '', fn, options: { ...options } };
  let attached = false;
  let staticOwner: TaskClass | undefined;
  const task: MethodTask = {
    replacement(this: unknown, ...args: unknown[]) {
      if (!attached && staticOwner) task.attach(staticOwner);
      if (!attached && (typeof this === 'object' || typeof this === 'function') && this !== null) task.attachFrom(this);
      if (!attached) throw new TypeError(`@task() method ${String(key)}: call it on its class or an instance of it`);
      return callTask(definition, args);
    },
    attach(owner) {
      if (attached) return;
      definition.name = options.name ?? `${owner.name || 'anonymous'}.${String(key)}`;
      definition.options.name = definition.name;
      if (isStatic) definition.thisArg = owner;
      else definition.instanceOf = owner;
      attached = true; // first: registerTask may run this task's own waiting registration
      try {
        registerTask(definition);
      } catch (error) {
        attached = false;
        throw error;
      }
    },
    attachSoon(owner) {
      staticOwner = owner;
      registerTaskSoon(() => task.attach(owner));
    },
    attachFrom(receiver) {
      if (attached) return;
      for (let level: object | null = receiver; level; level = Object.getPrototypeOf(level) as object | null) {
        if (Object.getOwnPropertyDescriptor(level, key)?.value === task.replacement) {
          task.attach((level as { constructor: TaskClass }).constructor);
          return;
        }
      }
    },
  };
  Object.defineProperty(task.replacement, 'name', { value: fn.name, configurable: true });
  return task;
}

/**
 * Legacy decorators that keep metadata on the method itself (NestJS's `SetMetadata`, `@Post()`,
 * `@Cron()`...) may have run before `@task()` (they sit below it): the replacement keeps it.
 */
function keepFunctionMetadata(from: AnyFunction, to: AnyFunction): void {
  const reflect = Reflect as unknown as {
    getOwnMetadataKeys?: (target: object) => unknown[];
    getOwnMetadata?: (key: unknown, target: object) => unknown;
    defineMetadata?: (key: unknown, value: unknown, target: object) => void;
  };
  if (!reflect.getOwnMetadataKeys || !reflect.getOwnMetadata || !reflect.defineMetadata) return; // no reflect-metadata: nothing to keep
  for (const metadataKey of reflect.getOwnMetadataKeys(from)) reflect.defineMetadata(metadataKey, reflect.getOwnMetadata(metadataKey, from), to);
}

function isStandardContext(value: unknown): value is DecoratorContext {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';
}

function decorateStandard(options: TaskOptions, value: unknown, context: DecoratorContext): AnyFunction {
  if (context.kind !== 'method' || typeof value !== 'function') throw new TypeError(NOT_A_METHOD);
  if (context.private && !context.static) {
    throw new TypeError(`@task() on ${String(context.name)}: a private instance method cannot be a task (the receiving side cannot reach it); make it public or static`);
  }
  const task = methodTask(options, value as AnyFunction, context.name, context.static);
  if (context.static) {
    // runs once, when the class is defined: `this` is the class. Registered just after, once
    // esbuild (keepNames) has given the class its name back; see registerTaskSoon.
    context.addInitializer(function (this: unknown) {
      task.attachSoon(this as TaskClass);
    });
  } else {
    rememberInstanceMethod(task.replacement, task.attach);
    // runs as each instance is made, before the constructor's body: `this` is the instance
    context.addInitializer(function (this: unknown) {
      task.attachFrom(this as object);
    });
  }
  return task.replacement;
}

function decorateLegacy(options: TaskOptions, target: unknown, key: string | symbol, descriptor: unknown): PropertyDescriptor {
  const method = (descriptor as PropertyDescriptor | undefined)?.value as unknown;
  if (typeof method !== 'function' || (typeof target !== 'function' && (typeof target !== 'object' || target === null))) throw new TypeError(NOT_A_METHOD);
  const isStatic = typeof target === 'function';
  const owner = (isStatic ? target : (target as { constructor: unknown }).constructor) as TaskClass;
  const task = methodTask(options, method as AnyFunction, key, isStatic);
  task.attach(owner);
  if (!isStatic) rememberInstanceMethod(task.replacement, task.attach);
  keepFunctionMetadata(method as AnyFunction, task.replacement);
  return { ...(descriptor as PropertyDescriptor), value: task.replacement };
}

/** The `@task(...)` decorator for these options, under either protocol. */
export function makeTaskDecorator(options: TaskOptions): TaskMethodDecorator {
  function taskDecorator(...args: unknown[]): unknown {
    const [first, second, third] = args;
    if (isStandardContext(second)) return decorateStandard(options, first, second);
    if (args.length === 3 && (typeof second === 'string' || typeof second === 'symbol')) return decorateLegacy(options, first, second, third);
    throw new TypeError(NOT_A_METHOD);
  }
  return taskDecorator as TaskMethodDecorator;
}

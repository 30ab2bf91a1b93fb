/**
 * `task()`: make a function asynchronous.
 *
 *   export const sendWelcome = task(async (userId: string) => { ... });     // name: "sendWelcome"
 *   export const resize = task('images.resize', async (key: string) => { ... });
 *   export const report = task({ name: 'report', captureResponse: true }, build);
 *
 *   class Mailer {
 *     @task() static async send(to: string) { ... }                        // name: "Mailer.send"
 *   }
 *
 * Calling a task returns a promise of a receipt `{ id, service }`. Each task registers itself
 * when its module loads; names must be unique.
 */
import { callTask, type TaskReceipt } from './call.js';
import { registerTask, type AnyFunction, type TaskDefinition, type TaskOptions } from './registry.js';

export type Task<A extends unknown[] = unknown[], R = unknown> = ((...args: A) => Promise<TaskReceipt<Awaited<R>>>) & {
  /** the registered name */
  readonly taskName: string;
  /** the options given at definition */
  readonly options: Readonly<TaskOptions>;
  /** the undecorated function: calls it here and now */
  readonly fn: (...args: A) => R;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyMethod<This> = (this: This, ...args: any) => any;

/** A standard (TC39) method decorator. */
export type TaskMethodDecorator = <This, T extends AnyMethod<This>>(
  value: T,
  context: ClassMethodDecoratorContext<This, T>,
) => T;

function makeTask<A extends unknown[], R>(options: TaskOptions, fn: (...args: A) => R): Task<A, R> {
  if (typeof fn !== 'function') throw new TypeError('task(): expected a function');
  const name = options.name ?? fn.name;
  if (!name) throw new TypeError('task(): an anonymous function needs a name: task("name", fn) or task({ name }, fn)');
  const definition: TaskDefinition = { name, fn: fn as AnyFunction, options: { ...options, name } };
  registerTask(definition);
  const wrapper = (...args: A) => callTask(definition, args) as Promise<TaskReceipt<Awaited<R>>>;
  Object.defineProperties(wrapper, {
    name: { value: name },
    taskName: { value: name, enumerable: true },
    options: { value: Object.freeze({ ...definition.options }), enumerable: true },
    fn: { value: fn, enumerable: true },
  });
  return wrapper as Task<A, R>;
}

function makeDecorator(options: TaskOptions): TaskMethodDecorator {
  return <This, T extends AnyMethod<This>>(value: T, context: ClassMethodDecoratorContext<This, T>): T => {
    if (context.kind !== 'method') throw new TypeError('@task() decorates methods');
    if (!context.static) {
      throw new TypeError(
        `@task() on ${String(context.name)}: only static methods can be tasks (an instance's state cannot travel with the task); make it static or use task()`,
      );
    }
    const definition: TaskDefinition = { name: options.name ?? '', fn: value as unknown as AnyFunction, options: { ...options } };
    context.addInitializer(function (this: This) {
      // runs once, when the class is defined: `this` is the class
      const owner = this as unknown as { name?: string };
      definition.name = options.name ?? `${owner.name || 'anonymous'}.${String(context.name)}`;
      definition.thisArg = this;
      definition.options.name = definition.name;
      registerTask(definition);
    });
    const replacement = function (this: This, ...args: unknown[]) {
      return callTask(definition, args);
    };
    return replacement as unknown as T;
  };
}

/** Make `fn` a task named after it. */
export function task<A extends unknown[], R>(fn: (...args: A) => R): Task<A, R>;
/** Make `fn` a task with this name. */
export function task<A extends unknown[], R>(name: string, fn: (...args: A) => R): Task<A, R>;
/** Make `fn` a task with these options. */
export function task<A extends unknown[], R>(options: TaskOptions, fn: (...args: A) => R): Task<A, R>;
/** `@task()`, `@task("name")`, `@task({ ...options })` on a static method. */
export function task(nameOrOptions?: string | TaskOptions): TaskMethodDecorator;
export function task(first?: unknown, second?: unknown): unknown {
  if (typeof first === 'function') return makeTask({}, first as AnyFunction);
  const options: TaskOptions = typeof first === 'string' ? { name: first } : { ...((first as TaskOptions | undefined) ?? {}) };
  if (typeof second === 'function') return makeTask(options, second as AnyFunction);
  if (second !== undefined) throw new TypeError('task(): the second argument must be a function');
  return makeDecorator(options);
}

/**
 * `task()`: make a function asynchronous.
 *
 *   export const sendWelcome = task(async (userId: string) => { ... });     // name: "sendWelcome"
 *   export const resize = task('images.resize', async (key: string) => { ... });
 *   export const report = task({ name: 'report', captureResponse: true }, build);
 *
 *   class Mailer {
 *     @task() static async send(to: string) { ... }                        // name: "Mailer.send"
 *     @task() async notify(id: string) { ... }        // "Mailer.notify", see registerTaskInstances
 *   }
 *
 * Calling a task returns a promise of a receipt `{ id, service }`. Each task registers itself
 * when its module loads; names must be unique.
 */
import { callTask, type TaskReceipt } from './call.js';
import { makeTaskDecorator, type TaskMethodDecorator } from './decorator.js';
import { registerTask, type AnyFunction, type TaskDefinition, type TaskOptions } from './registry.js';

export type { TaskMethodDecorator };

export type Task<A extends unknown[] = unknown[], R = unknown> = ((...args: A) => Promise<TaskReceipt<Awaited<R>>>) & {
  /** the registered name */
  readonly taskName: string;
  /** the options given at definition */
  readonly options: Readonly<TaskOptions>;
  /** the undecorated function: calls it here and now */
  readonly fn: (...args: A) => R;
};

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

/** Make `fn` a task named after it. */
export function task<A extends unknown[], R>(fn: (...args: A) => R): Task<A, R>;
/** Make `fn` a task with this name. */
export function task<A extends unknown[], R>(name: string, fn: (...args: A) => R): Task<A, R>;
/** Make `fn` a task with these options. */
export function task<A extends unknown[], R>(options: TaskOptions, fn: (...args: A) => R): Task<A, R>;
/** `@task()`, `@task("name")`, `@task({ ...options })` on a method (standard or legacy decorators). */
export function task(nameOrOptions?: string | TaskOptions): TaskMethodDecorator;
export function task(first?: unknown, second?: unknown): unknown {
  if (typeof first === 'function') return makeTask({}, first as AnyFunction);
  const options: TaskOptions = typeof first === 'string' ? { name: first } : { ...((first as TaskOptions | undefined) ?? {}) };
  if (typeof second === 'function') return makeTask(options, second as AnyFunction);
  if (second !== undefined) throw new TypeError('task(): the second argument must be a function');
  return makeTaskDecorator(options);
}

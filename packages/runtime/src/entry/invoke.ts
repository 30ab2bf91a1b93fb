/**
 * Direct invocations from `tsappa invoke <stage> module:export`: `{ "tsappa:invoke": ref, args }`.
 * Only functions the package loaded can be called (EntryModules.functions, then registered
 * tasks by name, run here and now); nothing from the payload is ever imported or evaluated.
 */
import { taskThis } from '../tasks/instances.js';
import { findTask, taskNames } from '../tasks/registry.js';
import { FunctionNotFoundError } from './errors.js';
import { findFunction } from './refs.js';
import type { EntryRuntime } from './runtime.js';

export async function runDirectInvoke(runtime: EntryRuntime, ref: string, args: unknown): Promise<unknown> {
  const list = args === undefined ? [] : args;
  if (!Array.isArray(list)) throw new TypeError(`tsappa invoke ${ref}: args must be a JSON array, got ${typeof args}`);
  const fn = findFunction(runtime.modules, ref);
  if (fn) return fn(...list);
  const task = findTask(ref);
  if (task) return task.fn.apply(await taskThis(task), list);
  const functions = Object.keys(runtime.modules.functions).sort();
  const tasks = taskNames();
  throw new FunctionNotFoundError(
    `tsappa invoke: ${ref} is neither a function of the package nor a task; functions: ${functions.length ? functions.join(', ') : '(none)'}; tasks: ${tasks.length ? tasks.join(', ') : '(none)'}`,
  );
}

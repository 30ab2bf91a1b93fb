/**
 * `run(taskOrName, args, options)`: dispatch a task chosen at run time. A name that is not
 * registered here can still be sent to another function with `remoteFunctionName`.
 */
import { callTask, type CallableDefinition, type TaskReceipt } from './call.js';
import { findTask, getTask, type TaskOptions } from './registry.js';

export type RunOptions = Omit<TaskOptions, 'name'>;

export function run(taskOrName: string | { readonly taskName: string }, args: readonly unknown[] = [], options: RunOptions = {}): Promise<TaskReceipt> {
  const name = typeof taskOrName === 'string' ? taskOrName : taskOrName?.taskName;
  if (typeof name !== 'string' || !name) {
    throw new TypeError('run(): expected a task (made with task()) or a task name');
  }
  if (!Array.isArray(args)) throw new TypeError(`run(${name}): args must be an array`);
  let definition: CallableDefinition | undefined = findTask(name);
  if (!definition && options.remoteFunctionName) definition = { name, options: {} };
  definition ??= getTask(name); // throws, naming the known tasks
  return callTask(definition, args, options);
}

/** Schedules: the rule's constant input names the function, called with (event, context). */
import { resolveFunction } from './refs.js';
import type { EntryRuntime } from './runtime.js';

export async function runSchedule(runtime: EntryRuntime, ref: string, event: unknown, context: unknown): Promise<unknown> {
  const fn = resolveFunction(runtime.modules, ref, 'schedule');
  return fn(event, context);
}

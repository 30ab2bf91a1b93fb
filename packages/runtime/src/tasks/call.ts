/**
 * What happens when a task is called: check the arguments, then dispatch it inside Lambda (and
 * return a receipt at once) or run it inline outside Lambda (the receipt holds the result).
 */
import { dispatchTask } from './dispatch.js';
import { insideLambda } from './environment.js';
import { assertTaskInstances, taskThis } from './instances.js';
import { trackDispatch } from './pending.js';
import { serializeArgs } from './json.js';
import { defaultTaskService, type TaskDefinition, type TaskOptions, type TaskService } from './registry.js';
import { recordLocalResult, recordTaskStatus } from './results.js';

export interface TaskReceipt<R = unknown> {
  id: string;
  /** how it was dispatched; `inline` outside Lambda */
  service: TaskService | 'inline';
  /** the value, when it ran inline */
  result?: R;
}

/** A definition that may have no local function (a task of a remote function, run by name). */
export type CallableDefinition = Omit<TaskDefinition, 'fn'> & { fn?: TaskDefinition['fn'] };

/**
 * Call a task. The argument check is synchronous, so a bad argument (or an instance method task
 * with no registered way to get its instance) throws at the call site; everything else settles
 * the returned promise.
 */
export function callTask(definition: CallableDefinition, args: readonly unknown[], overrides: TaskOptions = {}): Promise<TaskReceipt> {
  const checked = serializeArgs(definition.name, args);
  const options: TaskOptions = { ...definition.options, ...withoutUndefined(overrides) };
  // an instance method task runs here unless it targets another function: it needs its instance
  if (!options.remoteFunctionName) assertTaskInstances(definition);
  const id = crypto.randomUUID(); // the Web Crypto global: node:crypto loads only when a task is called
  if (!insideLambda()) return runInline(definition, id, checked, options);
  const service = options.service ?? defaultTaskService();
  const dispatched = (async (): Promise<TaskReceipt> => {
    if (options.captureResponse) {
      await recordTaskStatus({ id, name: definition.name, status: 'in progress', ttlSeconds: options.resultTtlSeconds });
    }
    try {
      await dispatchTask({ id, name: definition.name, args: checked, service, options });
    } catch (error) {
      if (options.captureResponse) {
        await recordTaskStatus({ id, name: definition.name, status: 'failed', error, ttlSeconds: options.resultTtlSeconds }).catch(() => undefined);
      }
      throw error;
    }
    return { id, service };
  })();
  trackDispatch(dispatched);
  return dispatched;
}

async function runInline(definition: CallableDefinition, id: string, args: unknown[], options: TaskOptions): Promise<TaskReceipt> {
  const fn = definition.fn;
  if (!fn) {
    throw new Error(`task ${definition.name} is not defined here and cannot run inline outside Lambda (it targets ${options.remoteFunctionName ?? 'another function'})`);
  }
  // the same JSON round trip as a dispatched task, so local runs see what Lambda would
  const received = JSON.parse(JSON.stringify(args)) as unknown[];
  try {
    const result = await fn.apply(await taskThis(definition), received);
    if (options.captureResponse) recordLocalResult({ id, name: definition.name, status: 'complete', value: result });
    return { id, service: 'inline', result };
  } catch (error) {
    if (options.captureResponse) recordLocalResult({ id, name: definition.name, status: 'failed', error });
    throw error;
  }
}

function withoutUndefined(options: TaskOptions): TaskOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as TaskOptions;
}

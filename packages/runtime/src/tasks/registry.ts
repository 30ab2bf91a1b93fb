/**
 * The task registry, filled as modules load (each `task()` / `@task()` registers itself). The
 * receiving side looks tasks up here by name; nothing else can be called.
 *
 * It lives on `globalThis` under a registered symbol, so an app that ends up with two copies of
 * the runtime (one bundled with the app, one with the entry) still has a single registry.
 */

export type TaskService = 'lambda' | 'sns';

export interface TaskOptions {
  /** unique name of the task; defaults to the function's name (`Class.method` for @task()) */
  name?: string;
  /** how it is dispatched inside Lambda; defaults to the stage's `asyncSource` */
  service?: TaskService;
  /** run it in another deployed function (Event invoke of that function's name or ARN) */
  remoteFunctionName?: string;
  /** region of `remoteFunctionName` */
  remoteRegion?: string;
  /** record `in progress`, then `complete`/`failed` in the task table (see getTaskResult) */
  captureResponse?: boolean;
  /** how long a captured result is kept (DynamoDB TTL), default one day */
  resultTtlSeconds?: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFunction = (...args: any[]) => unknown;

/** A class, abstract or not, whatever its constructor takes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TaskClass<T extends object = object> = abstract new (...args: any[]) => T;

export interface TaskDefinition {
  name: string;
  fn: AnyFunction;
  /** the value of `this` when the receiver calls it (the class of a static @task() method) */
  thisArg?: unknown;
  /** for an instance @task() method: its class; the receiver calls it on an instance of it (see ./instances.ts) */
  instanceOf?: TaskClass;
  options: TaskOptions;
}

interface TaskState {
  tasks: Map<string, TaskDefinition>;
  /** registrations waiting until their name is final (see registerTaskSoon) */
  waiting: Array<() => void>;
  defaultService: TaskService;
}

const KEY = Symbol.for('tsappa.runtime.tasks');

export function taskState(): TaskState {
  const holder = globalThis as unknown as Record<symbol, TaskState | undefined>;
  let state = holder[KEY];
  if (!state) {
    state = { tasks: new Map(), waiting: [], defaultService: 'lambda' };
    holder[KEY] = state;
  }
  return state;
}

export class DuplicateTaskError extends Error {
  override name = 'DuplicateTaskError';
}

export class UnknownTaskError extends Error {
  override name = 'UnknownTaskError';
}

/**
 * Register later: `register` runs before the registry is next read or written, once. For a name
 * that is not final yet when the task is defined: esbuild's standard decorators rename a class
 * and give its name back (`keepNames`) only after its static initializers ran. A registration
 * that fails (a duplicate name) throws from that next use, once.
 */
export function registerTaskSoon(register: () => void): void {
  taskState().waiting.push(register);
}

function registerWaiting(state: TaskState): void {
  while (state.waiting.length > 0) state.waiting.shift()!();
}

export function registerTask(definition: TaskDefinition): void {
  const state = taskState();
  registerWaiting(state);
  const { tasks } = state;
  const existing = tasks.get(definition.name);
  if (existing) {
    throw new DuplicateTaskError(
      `a task named "${definition.name}" is already registered; task names must be unique (give one of them { name: "..." })`,
    );
  }
  tasks.set(definition.name, definition);
}

export function findTask(name: string): TaskDefinition | undefined {
  const state = taskState();
  registerWaiting(state);
  return state.tasks.get(name);
}

/** The registered task of that name, or an UnknownTaskError that names the known ones. */
export function getTask(name: string): TaskDefinition {
  const task = findTask(name);
  if (!task) {
    const known = taskNames();
    throw new UnknownTaskError(
      `unknown task "${name}"; known tasks: ${known.length ? known.join(', ') : '(none: is the module defining it in taskModules?)'}`,
    );
  }
  return task;
}

/** Names of every registered task, sorted. */
export function taskNames(): string[] {
  const state = taskState();
  registerWaiting(state);
  return [...state.tasks.keys()].sort();
}

/** Forget a task (tests, hot reload). */
export function unregisterTask(name: string): boolean {
  const state = taskState();
  registerWaiting(state);
  return state.tasks.delete(name);
}

/** The service used when a task names none; the entry sets it from the stage's `asyncSource`. */
export function setDefaultTaskService(service: TaskService): void {
  taskState().defaultService = service;
}

export function defaultTaskService(): TaskService {
  return taskState().defaultService;
}

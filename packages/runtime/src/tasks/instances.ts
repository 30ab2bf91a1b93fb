/**
 * Instance method tasks: how the receiving side gets the instance to call an instance
 * `@task()` method on. Only the task's name and arguments travel, never the instance, so the
 * app registers where instances of the class come from, once, where it starts:
 *
 *   registerTaskInstances(Mailer, () => mailer);                          // one shared instance
 *   registerTaskInstances(MailService, async (cls) => (await nest()).get(cls)); // NestJS's container
 *
 * Like the registry, this lives on `globalThis` under a registered symbol, so two copies of the
 * runtime in one app still share it.
 */
import type { TaskClass, TaskDefinition } from './registry.js';

/** What the `this` of a task depends on. */
type TaskThisSource = Pick<TaskDefinition, 'name' | 'thisArg' | 'instanceOf'>;

/** Gives the instance of `cls` that the class's task methods run on. */
export type TaskInstanceResolver<C extends TaskClass> = (cls: C) => InstanceType<C> | Promise<InstanceType<C>>;

/** An instance @task() method: learns its class when it is registered here, if not before. */
export type AttachToClass = (owner: TaskClass) => void;

interface InstanceState {
  resolvers: Map<TaskClass, TaskInstanceResolver<TaskClass>>;
  /** each instance @task() method's replacement function, and how to tell it its class */
  methods: WeakMap<object, AttachToClass>;
}

export class TaskInstanceError extends Error {
  override name = 'TaskInstanceError';
}

const KEY = Symbol.for('tsappa.runtime.taskInstances');

function instanceState(): InstanceState {
  const holder = globalThis as unknown as Record<symbol, InstanceState | undefined>;
  let state = holder[KEY];
  if (!state) {
    state = { resolvers: new Map(), methods: new WeakMap() };
    holder[KEY] = state;
  }
  return state;
}

/** The decorator records each instance task method it makes (see registerTaskInstances). */
export function rememberInstanceMethod(replacement: object, attach: AttachToClass): void {
  instanceState().methods.set(replacement, attach);
}

function className(cls: TaskClass): string {
  return cls.name || 'anonymous class';
}

/** Attach every instance task method of `cls` and its base classes to the class defining it. */
function attachInstanceMethods(cls: TaskClass): number {
  const { methods } = instanceState();
  let found = 0;
  for (let level: object | null = cls.prototype as object; level && level !== Object.prototype; level = Object.getPrototypeOf(level) as object | null) {
    for (const key of Reflect.ownKeys(level)) {
      const value = Object.getOwnPropertyDescriptor(level, key)?.value as unknown;
      const attach = typeof value === 'function' ? methods.get(value) : undefined;
      if (!attach) continue;
      attach((level as { constructor: TaskClass }).constructor);
      found++;
    }
  }
  return found;
}

/**
 * Register how the receiving side gets the instance that `cls`'s instance `@task()` methods run
 * on: `resolve(cls)` gives it, or a promise of it, each time such a task runs. Call it where the
 * app starts, in the module the package loads. A class registered again takes the new resolver.
 */
export function registerTaskInstances<C extends TaskClass>(cls: C | readonly C[], resolve: TaskInstanceResolver<C>): void {
  const classes: readonly C[] = Array.isArray(cls) ? cls : [cls as C];
  if (typeof resolve !== 'function') {
    throw new TypeError(`registerTaskInstances(): expected a function giving the instance of a class as the second argument, found ${typeof resolve}`);
  }
  for (const each of classes) {
    if (typeof each !== 'function') throw new TypeError(`registerTaskInstances(): expected a class, found ${each === null ? 'null' : typeof each}`);
    if (attachInstanceMethods(each) === 0) {
      throw new TypeError(`registerTaskInstances(${className(each)}): ${className(each)} has no @task() instance methods`);
    }
    instanceState().resolvers.set(each, resolve as TaskInstanceResolver<TaskClass>);
  }
}

/** The registered class whose instances serve `owner`'s tasks: itself, else a subclass. */
function registeredFor(owner: TaskClass): [TaskClass, TaskInstanceResolver<TaskClass>] | undefined {
  const { resolvers } = instanceState();
  const own = resolvers.get(owner);
  if (own) return [owner, own];
  for (const entry of resolvers) {
    if (Object.prototype.isPrototypeOf.call(owner.prototype, entry[0].prototype)) return entry;
  }
  return undefined;
}

function missingInstancesError(definition: TaskThisSource, owner: TaskClass): TaskInstanceError {
  const name = className(owner);
  return new TaskInstanceError(
    `task ${definition.name} is an instance method of ${name}, and nothing says how to get a ${name} instance to run it on: ` +
      `call registerTaskInstances(${name}, (cls) => instance) where the app starts (NestJS: registerTaskInstances(${name}, (cls) => app.get(cls))), ` +
      `or make the method static`,
  );
}

/** The calling side's check: an instance task can only be sent when its receiver can run it. */
export function assertTaskInstances(definition: TaskThisSource): void {
  const owner = definition.instanceOf;
  if (owner && !registeredFor(owner)) throw missingInstancesError(definition, owner);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value !== 'object') return `a ${typeof value}`;
  const ctor = (value as { constructor?: { name?: string } }).constructor;
  return ctor?.name ? `an instance of ${ctor.name}` : 'an object';
}

/** The `this` a task runs with: its class (static), or the registered instance (instance method). */
export async function taskThis(definition: TaskThisSource): Promise<unknown> {
  const owner = definition.instanceOf;
  if (!owner) return definition.thisArg;
  const registered = registeredFor(owner);
  if (!registered) throw missingInstancesError(definition, owner);
  const [cls, resolve] = registered;
  let instance: unknown;
  try {
    instance = await resolve(cls);
  } catch (error) {
    throw new TaskInstanceError(`task ${definition.name}: getting the ${className(cls)} instance failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  }
  if (!(instance instanceof owner)) {
    throw new TaskInstanceError(
      `task ${definition.name}: the function registered with registerTaskInstances(${className(cls)}, ...) gave ${describe(instance)}, expected an instance of ${className(owner)}`,
    );
  }
  return instance;
}

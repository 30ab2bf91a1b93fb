/**
 * Task arguments cross a process boundary as JSON. `JSON.stringify` throws on cycles and
 * BigInt but silently drops or alters other values (functions, `undefined` in arrays, NaN, a Map
 * becomes `{}`), so the call site checks the arguments first and throws with the path of the
 * first value that would not arrive intact.
 *
 * Allowed: null, booleans, finite numbers, strings, arrays, plain objects, `undefined` as an
 * object property (omitted, which reads back as undefined) and objects with `toJSON` (Date,
 * Buffer: their JSON form is what arrives).
 */

export class TaskArgumentError extends TypeError {
  override name = 'TaskArgumentError';
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'bigint') return 'a BigInt';
  const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
  return ctor ? `a ${ctor}` : 'an object without a prototype';
}

function check(value: unknown, path: string, seen: Set<object>, inArray: boolean): string | null {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : `${path} is ${describe(value)}, which JSON turns into null`;
    case 'undefined':
      return inArray ? `${path} is undefined, which JSON turns into null` : null;
    case 'function':
    case 'symbol':
    case 'bigint':
      return `${path} is ${describe(value)}, which JSON cannot carry`;
  }
  if (value === null) return null;
  const object = value as object;
  if (typeof (object as { toJSON?: unknown }).toJSON === 'function') return null;
  if (seen.has(object)) return `${path} is a circular reference`;
  seen.add(object);
  try {
    if (Array.isArray(object)) {
      for (let i = 0; i < object.length; i++) {
        const problem = check(object[i], `${path}[${i}]`, seen, true);
        if (problem) return problem;
      }
      return null;
    }
    const proto = Object.getPrototypeOf(object) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      return `${path} is ${describe(object)}, which JSON cannot carry (pass a plain object)`;
    }
    for (const [key, child] of Object.entries(object)) {
      const problem = check(child, /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`, seen, false);
      if (problem) return problem;
    }
    return null;
  } finally {
    seen.delete(object);
  }
}

/**
 * Serialise task arguments, or throw a TaskArgumentError naming the first offending value.
 * Trailing `undefined` arguments are dropped (they read back as missing).
 */
export function serializeArgs(taskName: string, args: readonly unknown[]): unknown[] {
  const trimmed = [...args];
  while (trimmed.length > 0 && trimmed[trimmed.length - 1] === undefined) trimmed.pop();
  const problem = check(trimmed, 'args', new Set(), false);
  if (problem) throw new TaskArgumentError(`task ${taskName}: ${problem}`);
  try {
    JSON.stringify(trimmed);
  } catch (error) {
    throw new TaskArgumentError(`task ${taskName}: the arguments do not serialise to JSON: ${(error as Error).message}`);
  }
  return trimmed;
}

/**
 * Looking up functions by reference in the loaded modules. Only `EntryModules.functions` (what
 * the settings name, imported by the generated entry) can be reached: a reference is a key,
 * never a path that gets imported or code that gets evaluated.
 */
import type { EntryModules } from '../contract.js';
import { FunctionNotFoundError } from './errors.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFunction = (...args: any[]) => unknown;

/** `./src/a.ts:default` and `src/a.ts` name the same export. */
export function normalizeRef(ref: string): string {
  let value = ref.trim().replace(/\\/g, '/');
  while (value.startsWith('./')) value = value.slice(2);
  const colon = value.lastIndexOf(':');
  if (colon <= 0 || value.slice(colon + 1).includes('/')) value = `${value}:default`;
  else if (colon === value.length - 1) value = `${value}default`;
  return value;
}

/** The function the modules hold under `ref`, if any. */
export function findFunction(modules: EntryModules, ref: string): AnyFunction | undefined {
  const direct = modules.functions[ref];
  if (typeof direct === 'function') return direct as AnyFunction;
  const wanted = normalizeRef(ref);
  for (const [key, value] of Object.entries(modules.functions)) {
    if (normalizeRef(key) === wanted && typeof value === 'function') return value as AnyFunction;
  }
  return undefined;
}

/** The function under `ref`, or an error naming `purpose` and the known references. */
export function resolveFunction(modules: EntryModules, ref: string, purpose: string): AnyFunction {
  const fn = findFunction(modules, ref);
  if (fn) return fn;
  const present = ref in modules.functions;
  const known = Object.keys(modules.functions).sort();
  throw new FunctionNotFoundError(
    present
      ? `${purpose} ${ref} is not a function (it is ${typeof modules.functions[ref]})`
      : `${purpose} ${ref} is not in the package; known functions: ${known.length ? known.join(', ') : '(none)'}`,
  );
}

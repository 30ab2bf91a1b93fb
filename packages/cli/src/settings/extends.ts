/** `extends` chains: a stage starts from the stage it names (chains allowed, cycles are errors). */
import type { SettingsProblem } from './errors.js';

type Stage = Record<string, unknown>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deep merge: plain objects merge key by key, arrays and scalars replace, `null` clears.
 * The result never holds the `extends` key.
 */
export function mergeStage(base: Stage, override: Stage): Stage {
  const out: Stage = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (key === 'extends') continue;
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? mergeStage(current, value) : value;
  }
  delete out.extends;
  return out;
}

/** The chain from the stage itself up to its furthest ancestor, or the problem that breaks it. */
export function extendsChain(
  stages: Record<string, Stage>,
  stage: string,
  file: string,
): { chain: string[] } | { problem: SettingsProblem } {
  const chain: string[] = [stage];
  let current = Object.hasOwn(stages, stage) ? stages[stage] : undefined;
  while (current && typeof current.extends === 'string') {
    const parent = current.extends;
    const from = chain[chain.length - 1] ?? stage;
    if (chain.includes(parent)) {
      const cycle = chain.slice(chain.indexOf(parent));
      // Name the cycle from the stage that comes first in the file, so it is reported once.
      const order = Object.keys(stages);
      const first = cycle.reduce((a, b) => (order.indexOf(a) <= order.indexOf(b) ? a : b));
      const rotated = [...cycle.slice(cycle.indexOf(first)), ...cycle.slice(0, cycle.indexOf(first)), first];
      return {
        problem: {
          file,
          stage: first,
          path: 'extends',
          message: `expected a chain without cycles, found the cycle ${rotated.map((s) => `"${s}"`).join(' -> ')}`,
        },
      };
    }
    // own stages only: a prototype key such as "toString" is not a stage
    if (!Object.hasOwn(stages, parent)) {
      const known = Object.keys(stages).map((s) => `"${s}"`).join(', ');
      return { problem: { file, stage: from, path: 'extends', message: `expected the name of a stage in this file (${known}), found "${parent}"` } };
    }
    chain.push(parent);
    current = stages[parent];
  }
  return { chain };
}

/** The stage's settings with its ancestors' merged underneath, furthest ancestor first. */
export function mergeChain(stages: Record<string, Stage>, chain: readonly string[]): Stage {
  return [...chain].reverse().reduce<Stage>((merged, name) => mergeStage(merged, (Object.hasOwn(stages, name) ? stages[name] : undefined) ?? {}), {});
}

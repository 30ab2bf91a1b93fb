/** zod issues -> settings problems, with "expected ..., found ..." and "did you mean". */
import type { z } from 'zod';
import { didYouMean } from './did-you-mean.js';
import { describeValue, formatPath, type SettingsProblem } from './errors.js';

type Issue = z.core.$ZodIssue;

/** The keys an object schema accepts at `path` inside `schema`, for "did you mean". */
function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: unknown = schema;
  for (const key of path) {
    current = unwrap(current);
    const def = (current as { def?: { type?: string; shape?: Record<string, unknown>; element?: unknown; options?: unknown[]; valueType?: unknown } }).def;
    if (!def) return [];
    if (def.type === 'object' && def.shape && typeof key === 'string') current = def.shape[key];
    else if (def.type === 'array' && typeof key === 'number') current = def.element;
    else if (def.type === 'record') current = def.valueType;
    else if (def.type === 'union' && def.options) {
      const withKey = def.options.map(unwrap).find((option) => {
        const shape = (option as { def?: { shape?: Record<string, unknown> } }).def?.shape;
        return shape && typeof key === 'string' && key in shape;
      });
      if (!withKey) return [];
      current = (withKey as { def: { shape: Record<string, unknown> } }).def.shape[key as string];
    } else return [];
  }
  current = unwrap(current);
  const def = (current as { def?: { type?: string; shape?: Record<string, unknown>; options?: unknown[] } }).def;
  if (def?.type === 'object' && def.shape) return Object.keys(def.shape);
  if (def?.type === 'union' && def.options) {
    return def.options.flatMap((option) => Object.keys((unwrap(option) as { def?: { shape?: object } }).def?.shape ?? {}));
  }
  return [];
}

function unwrap(schema: unknown): unknown {
  let current = schema as { def?: { type?: string; innerType?: unknown } } | undefined;
  while (current?.def && ['optional', 'nullable', 'default'].includes(current.def.type ?? '') && current.def.innerType) {
    current = current.def.innerType as typeof current;
  }
  return current;
}

function expectation(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${article(issue.expected)}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `expected at least ${String(issue.minimum)} item(s)`
        : issue.origin === 'string'
          ? `expected at least ${String(issue.minimum)} character(s)`
          : `expected a number ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `expected at most ${String(issue.maximum)} item(s)`
        : issue.origin === 'string'
          ? `expected at most ${String(issue.maximum)} character(s)`
          : `expected a number ${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}`;
    case 'invalid_value':
      return `expected ${issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`}`;
    default:
      return issue.message.startsWith('expected') ? issue.message : `expected ${issue.message}`;
  }
}

function article(type: string): string {
  if (type === 'int') return 'a whole number';
  if (type === 'array' || type === 'object') return `an ${type}`;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** One problem per issue; an unknown-keys issue becomes one problem per key. */
export function problemsFromIssues(
  issues: readonly Issue[],
  schema: z.ZodType,
  where: { file: string; stage: string | null; prefix?: PropertyKey[] },
): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  for (const issue of issues) {
    const fullPath = [...(where.prefix ?? []), ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, issue.path);
      for (const key of issue.keys) {
        const suggestion = didYouMean(key, known);
        problems.push({
          file: where.file,
          stage: where.stage,
          path: formatPath([...fullPath, key]),
          message: `unknown key${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
        });
      }
      continue;
    }
    const found = 'input' in issue ? `, found ${describeValue(issue.input)}` : '';
    problems.push({ file: where.file, stage: where.stage, path: formatPath(fullPath), message: `${expectation(issue)}${found}` });
  }
  return problems;
}

/** Settings problems: one clear line each, naming the file, the stage and the key path. */
import { isAbsolute, relative } from 'node:path';

export interface SettingsProblem {
  file: string;
  /** null for problems with the file as a whole */
  stage: string | null;
  /** key path such as `cors.allowOrigins[0]`; "" for the stage itself */
  path: string;
  message: string;
}

export function formatProblem(problem: SettingsProblem, cwd = process.cwd()): string {
  const fromCwd = relative(cwd, problem.file);
  const file = fromCwd && !fromCwd.startsWith('..') && !isAbsolute(fromCwd) ? fromCwd : problem.file;
  const where = [file, problem.stage === null ? null : `stage "${problem.stage}"`, problem.path || null]
    .filter((part) => part !== null)
    .join(': ');
  return `${where}: ${problem.message}`;
}

/** Invalid settings: exit code 2. */
export class SettingsError extends Error {
  readonly exitCode = 2;
  constructor(readonly problems: SettingsProblem[]) {
    super(problems.map((problem) => formatProblem(problem)).join('\n'));
    this.name = 'SettingsError';
  }
}

/** `["cors", "allowOrigins", 0]` -> `cors.allowOrigins[0]` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out ? `${out}.${String(key)}` : String(key);
  }, '');
}

/** What was found, for "expected X, found Y". */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array (${JSON.stringify(value).slice(0, 60)})`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return `${typeof value} ${String(value)}`;
}

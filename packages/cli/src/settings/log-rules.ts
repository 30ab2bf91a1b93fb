/** Lambda takes ApplicationLogLevel and SystemLogLevel only with LogFormat JSON (LoggingConfig). */
import type { ResolvedSettings } from '@tsappa/templates';
import type { RuleFinding } from './rules.js';

export function logRuleErrors(s: ResolvedSettings): RuleFinding[] {
  if (s.logFormat === 'JSON') return [];
  const errors: RuleFinding[] = [];
  for (const key of ['applicationLogLevel', 'systemLogLevel'] as const) {
    if (s[key] !== null) {
      errors.push({ path: key, message: `expected "logFormat": "JSON" with a log level (Lambda accepts log levels only with the JSON format), found "logFormat": "${s.logFormat}"` });
    }
  }
  return errors;
}

/**
 * reservedConcurrency against the other settings. The account's own limits (its concurrency and
 * what other functions reserve) are checked when AWS is reached: deploy/concurrency-limit.ts.
 */
import type { ResolvedSettings } from '@tsappa/templates';
import type { RuleFinding } from './rules.js';

export function concurrencyFindings(s: ResolvedSettings): { errors: RuleFinding[]; warnings: RuleFinding[] } {
  const errors: RuleFinding[] = [];
  const warnings: RuleFinding[] = [];
  const reserved = s.reservedConcurrency;
  if (reserved === null) return { errors, warnings };
  if (reserved === 0) {
    warnings.push({
      path: 'reservedConcurrency',
      message: '0 disables the function: Lambda throttles every invocation (HTTP requests, schedules, tasks and event sources) until it is raised',
    });
  }
  // Lambda: provisioned concurrency cannot exceed the function's reserved concurrency
  if (s.provisionedConcurrency > reserved) {
    errors.push({
      path: 'reservedConcurrency',
      message: `expected at least provisionedConcurrency (${s.provisionedConcurrency}): Lambda keeps provisioned environments inside the reservation, found ${reserved}`,
    });
  }
  return { errors, warnings };
}

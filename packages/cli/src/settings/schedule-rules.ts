/** Rules across a schedule event's EventBridge Scheduler options. */
import type { ResolvedSettings } from '@tsappa/templates';
import type { RuleFinding } from './rules.js';

export function scheduleRuleErrors(s: ResolvedSettings): RuleFinding[] {
  const errors: RuleFinding[] = [];
  for (const [index, event] of s.events.entries()) {
    if (event.kind !== 'schedule' || !event.startDate || !event.endDate) continue;
    if (Date.parse(event.endDate) <= Date.parse(event.startDate)) {
      errors.push({ path: `events[${index}].endDate`, message: `expected a date after startDate ${event.startDate}, found ${event.endDate}` });
    }
  }
  return errors;
}

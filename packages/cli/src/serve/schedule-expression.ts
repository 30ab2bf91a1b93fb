/**
 * EventBridge schedule expressions: `rate(value unit)` and AWS `cron(...)` (./aws-cron.ts).
 * `rate` follows AWS's rules (a positive whole number; `minute|hour|day` singular for 1, plural
 * otherwise). Locally, `allowSeconds` also accepts `rate(N second|seconds)` so tests and demos
 * need not wait a minute; EventBridge itself has no seconds.
 */
import { CronSyntaxError, parseAwsCron, type AwsCron } from './aws-cron.js';

export type ScheduleExpression =
  | { kind: 'rate'; everyMs: number; expression: string }
  | { kind: 'cron'; cron: AwsCron; expression: string };

const UNIT_MS: Record<string, number> = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export function parseScheduleExpression(expression: string, options: { allowSeconds?: boolean } = {}): ScheduleExpression {
  const text = expression.trim();
  const rate = /^rate\(\s*(\S+)\s+(\S+)\s*\)$/i.exec(text);
  if (rate) {
    const [, valueText, unitText] = rate as unknown as [string, string, string];
    if (!/^\d+$/.test(valueText) || Number(valueText) < 1) {
      throw new CronSyntaxError(`rate value must be a positive whole number, not "${valueText}"`);
    }
    const value = Number(valueText);
    const unit = unitText.toLowerCase();
    const singular = unit.replace(/s$/, '');
    const known = UNIT_MS[singular];
    if (!known || (singular === 'second' && !options.allowSeconds)) {
      throw new CronSyntaxError(`rate unit must be minute(s), hour(s) or day(s), not "${unitText}"`);
    }
    if (value === 1 && unit !== singular) throw new CronSyntaxError(`use "rate(1 ${singular})": the unit is singular for 1`);
    if (value > 1 && unit === singular) throw new CronSyntaxError(`use "rate(${value} ${singular}s)": the unit is plural above 1`);
    return { kind: 'rate', everyMs: value * known, expression: text };
  }
  const cron = /^cron\((.*)\)$/i.exec(text);
  if (cron) return { kind: 'cron', cron: parseAwsCron(cron[1] as string), expression: text };
  throw new CronSyntaxError(`"${expression}" is neither rate(...) nor cron(...)`);
}

/**
 * When the schedule fires next, strictly after `after`. A rate schedule counts its periods from
 * `since` (when it was enabled); a cron expression is read in `timeZone` (default UTC).
 */
export function nextFiring(schedule: ScheduleExpression, after: Date, since: Date, timeZone?: string): Date | null {
  if (schedule.kind === 'cron') return schedule.cron.next(after, timeZone);
  const elapsed = after.getTime() - since.getTime();
  const periods = Math.max(0, Math.floor(elapsed / schedule.everyMs)) + 1;
  return new Date(since.getTime() + periods * schedule.everyMs);
}

/** A Scheduler schedule's zone and dates (./scheduler.ts ScheduleRule). */
export interface ScheduleBounds {
  timeZone?: string | undefined;
  /** ISO instants: no firing before `startDate`, none at or after `endDate` */
  startDate?: string | undefined;
  endDate?: string | undefined;
}

/**
 * nextFiring within a Scheduler schedule's dates: a rate schedule's first firing is its
 * StartDate, then one every period from there; a cron one fires at its first match from the
 * StartDate on; nothing fires from the EndDate on
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html).
 */
export function nextFiringWithin(schedule: ScheduleExpression, after: Date, since: Date, bounds: ScheduleBounds): Date | null {
  const start = bounds.startDate ? Date.parse(bounds.startDate) : null;
  let next: Date | null;
  if (start === null) next = nextFiring(schedule, after, since, bounds.timeZone);
  else if (schedule.kind === 'rate') next = after.getTime() < start ? new Date(start) : nextFiring(schedule, after, new Date(start));
  else next = nextFiring(schedule, new Date(Math.max(after.getTime(), start - 1)), since, bounds.timeZone);
  const end = bounds.endDate ? Date.parse(bounds.endDate) : null;
  return next && end !== null && next.getTime() >= end ? null : next;
}

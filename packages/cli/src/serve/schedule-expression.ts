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
 * `since` (when it was enabled).
 */
export function nextFiring(schedule: ScheduleExpression, after: Date, since: Date): Date | null {
  if (schedule.kind === 'cron') return schedule.cron.next(after);
  const elapsed = after.getTime() - since.getTime();
  const periods = Math.max(0, Math.floor(elapsed / schedule.everyMs)) + 1;
  return new Date(since.getTime() + periods * schedule.everyMs);
}

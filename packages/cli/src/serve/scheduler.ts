/**
 * The stage's EventBridge rules and Scheduler schedules, locally: the keep-warm rule and each
 * enabled schedule event, fired on their real `rate()` / AWS `cron()` expressions, in UTC or,
 * for a schedule with a `timezone`, on that zone's wall clock (daylight saving time as
 * EventBridge Scheduler handles it), between its startDate and endDate. A flexible window is
 * not emulated: the firing comes at the scheduled time, the earliest AWS could choose. As on
 * AWS, the function receives the target's constant `Input` as its event: KEEP_WARM_INPUT, or
 * `{ "tsappa:schedule": ref }` (packages/templates/src/schedules.ts). Each firing is one log line.
 */
import { usesScheduler, type ResolvedSettings, type ScheduleEvent } from '@tsappa/templates';
import type { InvokeOutcome } from './function-host.js';
import { scheduleLine, type ServeLog } from './log.js';
import { nextFiringWithin, parseScheduleExpression, type ScheduleBounds, type ScheduleExpression } from './schedule-expression.js';

/** The keep-warm rule's constant input (the runtime contract's KEEP_WARM_INPUT). */
export const KEEP_WARM_INPUT = { 'tsappa:keepWarm': true } as const;
/** setTimeout's ceiling; longer waits are taken in steps. */
const MAX_TIMER_MS = 2_147_483_647;

export interface ScheduleRule extends ScheduleBounds {
  /** `keep-warm` or the schedule event's name */
  name: string;
  expression: string;
  /** the event the function receives */
  input: unknown;
}

/** A Scheduler schedule's zone and dates, as the rule carries them (none for an Events rule). */
function boundsOf(event: ScheduleEvent): ScheduleBounds {
  if (!usesScheduler(event)) return {};
  return {
    timeZone: event.timezone ?? 'UTC',
    ...(event.startDate ? { startDate: event.startDate } : {}),
    ...(event.endDate ? { endDate: event.endDate } : {}),
  };
}

/** The rules that fire: keep-warm (when on) and the enabled schedule events. */
export function scheduleRules(settings: ResolvedSettings, overrides: Record<string, string> = {}): ScheduleRule[] {
  const rules: ScheduleRule[] = [];
  if (settings.keepWarm) {
    rules.push({ name: 'keep-warm', expression: overrides['keep-warm'] ?? settings.keepWarmExpression, input: KEEP_WARM_INPUT });
  }
  for (const event of settings.events) {
    if (event.kind !== 'schedule' || !event.enabled) continue;
    const schedule: ScheduleEvent = event;
    rules.push({
      name: schedule.name,
      expression: overrides[schedule.name] ?? schedule.expression,
      input: { 'tsappa:schedule': schedule.function },
      ...boundsOf(schedule),
    });
  }
  return rules;
}

/** `cron(0 9 * * ? *)`, with the zone of a Scheduler schedule: `cron(0 9 * * ? *) Europe/Berlin`. */
function describeExpression(rule: ScheduleRule): string {
  return rule.timeZone ? `${rule.expression} ${rule.timeZone}` : rule.expression;
}

export interface SchedulerOptions {
  rules: ScheduleRule[];
  invoke: (event: unknown) => Promise<InvokeOutcome>;
  log: ServeLog;
  /** accept `rate(N seconds)` (a local extension for tests and demos) */
  allowSeconds?: boolean;
  now?: () => number;
  /** each firing, once the function answered (the local console) */
  onFired?: (name: string, outcome: InvokeOutcome) => void;
}

interface Armed {
  rule: ScheduleRule;
  schedule: ScheduleExpression;
  since: Date;
  timer: NodeJS.Timeout | null;
  next: Date | null;
  last: Date | null;
}

export class Scheduler {
  private armed = new Map<string, Armed>();
  private inFlight = new Set<Promise<InvokeOutcome>>();
  private stopped = true;
  private readonly now: () => number;

  /** Parses every expression up front: a bad one throws before anything starts. */
  constructor(private readonly options: SchedulerOptions) {
    this.now = options.now ?? Date.now;
    for (const rule of options.rules) {
      let schedule: ScheduleExpression;
      try {
        schedule = parseScheduleExpression(rule.expression, { allowSeconds: options.allowSeconds });
      } catch (err) {
        throw new Error(`schedule ${rule.name}: ${(err as Error).message}`, { cause: err });
      }
      this.armed.set(rule.name, { rule, schedule, since: new Date(0), timer: null, next: null, last: null });
    }
  }

  start(): void {
    this.stopped = false;
    const since = new Date(this.now());
    for (const armed of this.armed.values()) {
      armed.since = since;
      this.arm(armed);
    }
  }

  /** When each rule fires next (null: never again). */
  nextFirings(): Record<string, Date | null> {
    return Object.fromEntries([...this.armed].map(([name, armed]) => [name, armed.next]));
  }

  /** Fires a rule now, as EventBridge would. */
  fire(name: string): Promise<InvokeOutcome> {
    const armed = this.armed.get(name);
    if (!armed) return Promise.reject(new Error(`no schedule named "${name}" (have: ${[...this.armed.keys()].join(', ') || 'none'})`));
    const started = this.now();
    const run = this.options.invoke(armed.rule.input).then((outcome) => {
      const note = outcome.ok ? undefined : `${outcome.error.errorType}: ${outcome.error.errorMessage}`;
      this.options.log(scheduleLine(name, describeExpression(armed.rule), outcome.ok ? 'ok' : outcome.timedOut ? 'timeout' : 'error', this.now() - started, note));
      this.options.onFired?.(name, outcome);
      return outcome;
    });
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
    return run;
  }

  /** Stops the timers; firings in progress finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const armed of this.armed.values()) {
      if (armed.timer) clearTimeout(armed.timer);
      armed.timer = null;
    }
    await Promise.allSettled([...this.inFlight]);
  }

  private arm(armed: Armed): void {
    if (this.stopped) return;
    const now = new Date(this.now());
    // never before (or at) the firing just done, even when the timer woke a little early
    const after = armed.last && armed.last.getTime() > now.getTime() ? armed.last : now;
    const next = armed.next && armed.next.getTime() > now.getTime() ? armed.next : nextFiringWithin(armed.schedule, after, armed.since, armed.rule);
    armed.next = next;
    if (!next) return;
    const wait = Math.max(0, next.getTime() - now.getTime());
    armed.timer = setTimeout(() => {
      armed.timer = null;
      if (this.stopped) return;
      if (this.now() >= next.getTime() - 5) {
        armed.next = null;
        armed.last = next;
        void this.fire(armed.rule.name).catch(() => undefined);
      }
      this.arm(armed);
    }, Math.min(wait, MAX_TIMER_MS));
    armed.timer.unref?.();
  }
}

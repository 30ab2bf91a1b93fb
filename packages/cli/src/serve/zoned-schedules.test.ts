/**
 * Schedules with a time zone, as `serve` fires them: cron read on the zone's wall clock, with
 * daylight saving time handled as EventBridge Scheduler does (a skipped wall-clock time does not
 * fire, a repeated one fires once), and the startDate/endDate bounds.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeSettings } from '../../test/fixtures/serve-handler/support.js';
import { parseAwsCron } from './aws-cron.js';
import type { InvokeOutcome } from './function-host.js';
import { nextFiringWithin, parseScheduleExpression } from './schedule-expression.js';
import { Scheduler, scheduleRules } from './scheduler.js';
import { instantOf, wallTime } from './zoned-time.js';

/** The first `count` firings of `cron(body)` in `zone` after `after`, as UTC minutes. */
function firings(body: string, zone: string, after: string, count: number): string[] {
  const cron = parseAwsCron(body);
  const out: string[] = [];
  let at: Date | null = new Date(after);
  for (let i = 0; i < count && at; i += 1) {
    at = cron.next(at, zone);
    if (at) out.push(at.toISOString().slice(0, 16));
  }
  return out;
}

describe('wall-clock time in a zone', () => {
  it('maps an instant to the zone and back', () => {
    expect(wallTime(Date.parse('2026-07-01T07:00:00Z'), 'Europe/Berlin')).toEqual({ year: 2026, month: 7, day: 1, hour: 9, minute: 0 });
    expect(new Date(instantOf({ year: 2026, month: 1, day: 15, hour: 9, minute: 0 }, 'Europe/Berlin')!).toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(new Date(instantOf({ year: 2026, month: 1, day: 15, hour: 9, minute: 0 }, 'Asia/Kolkata')!).toISOString()).toBe('2026-01-15T03:30:00.000Z');
  });

  it('has no instant for a time the spring-forward skips, and the first of a repeated one', () => {
    // Europe/Berlin, 2026-03-29: 02:00 CET becomes 03:00 CEST; 2026-10-25: 03:00 CEST becomes 02:00 CET
    expect(instantOf({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Berlin')).toBeNull();
    expect(new Date(instantOf({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Berlin')!).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });
});

describe('cron in a time zone', () => {
  it('fires at the same wall-clock time across a DST change (08:00Z in winter, 07:00Z in summer)', () => {
    expect(firings('0 9 * * ? *', 'Europe/Berlin', '2026-03-27T00:00:00Z', 4)).toEqual(['2026-03-27T08:00', '2026-03-28T08:00', '2026-03-29T07:00', '2026-03-30T07:00']);
    expect(firings('0 9 * * ? *', 'UTC', '2026-03-27T00:00:00Z', 2)).toEqual(['2026-03-27T09:00', '2026-03-28T09:00']);
  });

  it('skips a firing whose wall-clock time the spring-forward skips', () => {
    expect(firings('30 2 * * ? *', 'Europe/Berlin', '2026-03-27T00:00:00Z', 3)).toEqual(['2026-03-27T01:30', '2026-03-28T01:30', '2026-03-30T00:30']);
    // America/New_York, 2026-03-08: 02:00 EST becomes 03:00 EDT
    expect(firings('0 2 * * ? *', 'America/New_York', '2026-03-07T00:00:00Z', 2)).toEqual(['2026-03-07T07:00', '2026-03-09T06:00']);
  });

  it('fires a repeated wall-clock time once, at its first occurrence, when the clock falls back', () => {
    expect(firings('30 2 * * ? *', 'Europe/Berlin', '2026-10-24T00:00:00Z', 3)).toEqual(['2026-10-24T00:30', '2026-10-25T00:30', '2026-10-26T01:30']);
    // every half hour: 02:00 and 02:30 CEST fire, the repeated 02:00 and 02:30 CET do not
    expect(firings('0/30 * * * ? *', 'Europe/Berlin', '2026-10-24T23:45:00Z', 4)).toEqual(['2026-10-25T00:00', '2026-10-25T00:30', '2026-10-25T02:00', '2026-10-25T02:30']);
  });

  it('reads the day fields on the zone\'s calendar', () => {
    // 23:30 on a Friday in Sydney: 13:30Z that Friday in July (AEST, +10), 12:30Z in January (AEDT, +11)
    expect(firings('30 23 ? * FRI *', 'Australia/Sydney', '2026-07-01T00:00:00Z', 1)).toEqual(['2026-07-03T13:30']);
    expect(firings('30 23 ? * FRI *', 'Australia/Sydney', '2026-01-01T00:00:00Z', 1)).toEqual(['2026-01-02T12:30']);
  });
});

describe('start and end dates', () => {
  const since = new Date('2026-01-01T00:00:00Z');

  it('starts a rate schedule at its startDate, one period apart from there', () => {
    const rate = parseScheduleExpression('rate(2 hours)');
    const bounds = { startDate: '2026-02-01T10:15:00.000Z' };
    expect(nextFiringWithin(rate, new Date('2026-01-20T00:00:00Z'), since, bounds)?.toISOString()).toBe('2026-02-01T10:15:00.000Z');
    expect(nextFiringWithin(rate, new Date('2026-02-01T10:15:00Z'), since, bounds)?.toISOString()).toBe('2026-02-01T12:15:00.000Z');
  });

  it('fires a cron schedule first at its first match from the startDate, in its zone', () => {
    const cron = parseScheduleExpression('cron(0 9 * * ? *)');
    expect(nextFiringWithin(cron, new Date('2026-01-20T00:00:00Z'), since, { timeZone: 'Europe/Berlin', startDate: '2026-02-01T08:00:00.000Z' })?.toISOString()).toBe('2026-02-01T08:00:00.000Z');
    expect(nextFiringWithin(cron, new Date('2026-01-20T00:00:00Z'), since, { timeZone: 'Europe/Berlin', startDate: '2026-02-01T08:00:01.000Z' })?.toISOString()).toBe('2026-02-02T08:00:00.000Z');
  });

  it('fires nothing from the endDate on', () => {
    const cron = parseScheduleExpression('cron(0 9 * * ? *)');
    const bounds = { timeZone: 'Europe/Berlin', endDate: '2026-02-02T08:00:00.000Z' };
    expect(nextFiringWithin(cron, new Date('2026-02-01T00:00:00Z'), since, bounds)?.toISOString()).toBe('2026-02-01T08:00:00.000Z');
    expect(nextFiringWithin(cron, new Date('2026-02-01T08:00:00Z'), since, bounds)).toBeNull();
  });
});

describe('serve fires zoned schedules', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lists a Scheduler schedule with its zone and dates, and a plain one without', () => {
    const settings = fakeSettings({
      keepWarm: false,
      events: [
        { kind: 'schedule', function: 'src/a.ts:plain', expression: 'rate(1 day)', name: 'plain', enabled: true },
        { kind: 'schedule', function: 'src/a.ts:berlin', expression: 'cron(30 2 * * ? *)', name: 'berlin', enabled: true, timezone: 'Europe/Berlin', flexibleWindow: null, startDate: null, endDate: '2027-01-01T00:00:00.000Z' },
        { kind: 'schedule', function: 'src/a.ts:window', expression: 'rate(1 hour)', name: 'window', enabled: true, timezone: null, flexibleWindow: 10, startDate: null, endDate: null },
      ],
    });
    expect(scheduleRules(settings)).toEqual([
      { name: 'plain', expression: 'rate(1 day)', input: { 'tsappa:schedule': 'src/a.ts:plain' } },
      { name: 'berlin', expression: 'cron(30 2 * * ? *)', input: { 'tsappa:schedule': 'src/a.ts:berlin' }, timeZone: 'Europe/Berlin', endDate: '2027-01-01T00:00:00.000Z' },
      { name: 'window', expression: 'rate(1 hour)', input: { 'tsappa:schedule': 'src/a.ts:window' }, timeZone: 'UTC' },
    ]);
  });

  it('fires across the spring-forward on the zone\'s wall clock, skipping the missing 02:30', async () => {
    vi.setSystemTime(new Date('2026-03-27T00:00:00Z'));
    const fired: string[] = [];
    const lines: string[] = [];
    const invoke = async (): Promise<InvokeOutcome> => {
      fired.push(new Date().toISOString());
      return { ok: true, requestId: 'r', value: null, durationMs: 1 };
    };
    const scheduler = new Scheduler({ rules: [{ name: 'berlin', expression: 'cron(30 2 * * ? *)', input: {}, timeZone: 'Europe/Berlin' }], invoke, log: (line) => lines.push(line) });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(4 * 24 * 3600_000);
    expect(fired).toEqual(['2026-03-27T01:30:00.000Z', '2026-03-28T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
    expect(lines[0]).toMatch(/schedule berlin cron\(30 2 \* \* \? \*\) Europe\/Berlin ok/);
    await scheduler.stop();
  });
});

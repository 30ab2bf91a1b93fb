import { describe, expect, it } from 'vitest';
import { CronSyntaxError, parseAwsCron } from './aws-cron.js';
import { nextFiring, parseScheduleExpression } from './schedule-expression.js';

/** The next firing of `cron(body)` strictly after `after` (ISO, UTC), as an ISO string. */
function next(body: string, after: string): string | null {
  return parseAwsCron(body).next(new Date(after))?.toISOString().replace(':00.000Z', 'Z') ?? null;
}

/** The first `count` firings after `after`. */
function firings(body: string, after: string, count: number): string[] {
  const cron = parseAwsCron(body);
  const out: string[] = [];
  let at: Date | null = new Date(after);
  for (let i = 0; i < count && at; i += 1) {
    at = cron.next(at);
    if (at) out.push(at.toISOString().slice(0, 16));
  }
  return out;
}

describe('AWS cron: plain fields', () => {
  it('fires daily at a fixed time, strictly after the given instant', () => {
    expect(next('0 12 * * ? *', '2025-01-01T11:59:30Z')).toBe('2025-01-01T12:00Z');
    expect(next('0 12 * * ? *', '2025-01-01T12:00:00Z')).toBe('2025-01-02T12:00Z');
    expect(next('0 2 * * ? *', '2025-12-31T23:59:00Z')).toBe('2026-01-01T02:00Z');
  });

  it('handles increments, lists (in any order) and ranges', () => {
    expect(firings('0/15 * * * ? *', '2025-01-01T10:07:00Z', 4)).toEqual(['2025-01-01T10:15', '2025-01-01T10:30', '2025-01-01T10:45', '2025-01-01T11:00']);
    expect(firings('*/20 * * * ? *', '2025-01-01T10:00:00Z', 3)).toEqual(['2025-01-01T10:20', '2025-01-01T10:40', '2025-01-01T11:00']);
    expect(firings('10-20/5 9 * * ? *', '2025-01-01T00:00:00Z', 4)).toEqual(['2025-01-01T09:10', '2025-01-01T09:15', '2025-01-01T09:20', '2025-01-02T09:10']);
    expect(firings('35,5 14 * * ? *', '2025-01-01T00:00:00Z', 3)).toEqual(['2025-01-01T14:05', '2025-01-01T14:35', '2025-01-02T14:05']);
    expect(firings('0 */6 * * ? *', '2025-01-01T01:00:00Z', 4)).toEqual(['2025-01-01T06:00', '2025-01-01T12:00', '2025-01-01T18:00', '2025-01-02T00:00']);
    expect(firings('* * * * ? *', '2025-01-01T00:00:59.999Z', 2)).toEqual(['2025-01-01T00:01', '2025-01-01T00:02']);
  });

  it('wraps ranges that run past the end (hours 22-2, FRI-MON)', () => {
    expect(firings('0 22-2 * * ? *', '2025-01-01T21:00:00Z', 6)).toEqual([
      '2025-01-01T22:00',
      '2025-01-01T23:00',
      '2025-01-02T00:00',
      '2025-01-02T01:00',
      '2025-01-02T02:00',
      '2025-01-02T22:00',
    ]);
    // 2025-01-01 is a Wednesday
    expect(firings('0 8 ? * FRI-MON *', '2025-01-01T00:00:00Z', 5)).toEqual([
      '2025-01-03T08:00',
      '2025-01-04T08:00',
      '2025-01-05T08:00',
      '2025-01-06T08:00',
      '2025-01-10T08:00',
    ]);
  });

  it('uses 1-7 = SUN-SAT for day-of-week, numbers and names alike, any case', () => {
    expect(next('0 8 ? * 1 *', '2025-01-01T00:00:00Z')).toBe('2025-01-05T08:00Z'); // Sunday
    expect(next('0 8 ? * SUN *', '2025-01-01T00:00:00Z')).toBe('2025-01-05T08:00Z');
    expect(next('0 8 ? * 7 *', '2025-01-01T00:00:00Z')).toBe('2025-01-04T08:00Z'); // Saturday
    expect(firings('0 18 ? * mon-fri *', '2025-01-03T18:00:00Z', 2)).toEqual(['2025-01-06T18:00', '2025-01-07T18:00']);
    expect(firings('0 18 ? * 2-6 *', '2025-01-03T18:00:00Z', 2)).toEqual(['2025-01-06T18:00', '2025-01-07T18:00']);
  });

  it('takes month names and the year field', () => {
    expect(firings('0 0 1 JAN,JUL ? *', '2025-01-01T00:00:00Z', 3)).toEqual(['2025-07-01T00:00', '2026-01-01T00:00', '2026-07-01T00:00']);
    expect(next('0 0 1 1 ? 2027', '2025-03-01T00:00:00Z')).toBe('2027-01-01T00:00Z');
    expect(next('0 0 1 1 ? 2027', '2027-01-01T00:00:00Z')).toBeNull();
    expect(next('* * * * ? 2020', '2025-01-01T00:00:00Z')).toBeNull();
    expect(firings('30 6 29 2 ? 2024-2032', '2024-03-01T00:00:00Z', 2)).toEqual(['2028-02-29T06:30', '2032-02-29T06:30']);
  });

  it('skips days a month does not have', () => {
    expect(firings('0 0 31 * ? *', '2025-01-31T12:00:00Z', 2)).toEqual(['2025-03-31T00:00', '2025-05-31T00:00']);
    const started = Date.now();
    expect(next('0 0 30 2 ? *', '2025-01-01T00:00:00Z')).toBeNull(); // never: searched to 2199, quickly
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('AWS cron: L, W and #', () => {
  it('L in day-of-month: the last day, and L-n', () => {
    expect(firings('0 10 L * ? *', '2025-02-10T00:00:00Z', 3)).toEqual(['2025-02-28T10:00', '2025-03-31T10:00', '2025-04-30T10:00']);
    expect(next('0 10 L * ? *', '2024-02-10T00:00:00Z')).toBe('2024-02-29T10:00Z'); // leap year
    expect(next('0 10 L-2 * ? *', '2025-02-01T00:00:00Z')).toBe('2025-02-26T10:00Z');
    expect(next('0 10 L-30 * ? *', '2025-02-01T00:00:00Z')).toBe('2025-03-01T10:00Z'); // no day -2 in February
  });

  it('W: the weekday nearest to a day, never leaving the month', () => {
    expect(next('0 9 15W * ? *', '2025-02-01T00:00:00Z')).toBe('2025-02-14T09:00Z'); // the 15th is a Saturday
    expect(next('0 9 15W * ? *', '2025-06-01T00:00:00Z')).toBe('2025-06-16T09:00Z'); // the 15th is a Sunday
    expect(next('0 9 15W * ? *', '2025-01-01T00:00:00Z')).toBe('2025-01-15T09:00Z'); // a Wednesday
    expect(next('0 9 1W * ? *', '2025-02-01T00:00:00Z')).toBe('2025-02-03T09:00Z'); // Saturday the 1st → Monday the 3rd
    expect(next('0 9 31W * ? *', '2025-08-01T00:00:00Z')).toBe('2025-08-29T09:00Z'); // Sunday the 31st → Friday
    expect(next('0 9 31W * ? *', '2025-02-01T00:00:00Z')).toBe('2025-03-31T09:00Z'); // February has no 31st
    expect(next('0 9 LW * ? *', '2025-05-01T00:00:00Z')).toBe('2025-05-30T09:00Z'); // last day is a Saturday
  });

  it('L in day-of-week: Saturday alone, the last such weekday after a number', () => {
    expect(next('0 12 ? * L *', '2025-01-01T00:00:00Z')).toBe('2025-01-04T12:00Z');
    expect(firings('0 12 ? * 6L *', '2025-01-01T00:00:00Z', 2)).toEqual(['2025-01-31T12:00', '2025-02-28T12:00']); // last Friday
    expect(next('0 12 ? * FRIL *', '2025-01-01T00:00:00Z')).toBe('2025-01-31T12:00Z');
  });

  it('#: the nth weekday of the month', () => {
    expect(firings('0 12 ? * 2#1 *', '2025-01-01T00:00:00Z', 2)).toEqual(['2025-01-06T12:00', '2025-02-03T12:00']); // first Monday
    expect(next('0 12 ? * MON#2 *', '2025-01-01T00:00:00Z')).toBe('2025-01-13T12:00Z');
    expect(next('0 12 ? * 3#5 *', '2025-01-01T00:00:00Z')).toBe('2025-04-29T12:00Z'); // first month with a 5th Tuesday
  });
});

describe('AWS cron: syntax errors', () => {
  it.each([
    ['0 12 * * *', /6 fields/],
    ['0 12 * * * *', /exactly one of day-of-month and day-of-week/],
    ['0 12 ? * ? *', /exactly one of day-of-month and day-of-week/],
    ['0 12 1 * MON *', /exactly one/],
    ['60 12 * * ? *', /minutes value 60/],
    ['0 24 * * ? *', /hours value 24/],
    ['0 12 ? * 8 *', /day-of-week value 8/],
    ['0 12 ? * 0 *', /day-of-week value 0/],
    ['0 12 0 * ? *', /day-of-month value 0/],
    ['0 12 * 13 ? *', /month value 13/],
    ['0 12 * * ? 1969', /year value 1969/],
    ['0 12 * FOO ? *', /invalid month value "FOO"/],
    ['L 12 * * ? *', /invalid minutes value "L"/],
    ['0 12 * ? ? *', /invalid month value "\?"/],
    ['0 12 2#1 * ? *', /invalid day-of-month/],
    ['0 12 ? * 2W *', /invalid day-of-week/],
    ['0 12 ? * 2#6 *', /between #1 and #5/],
    ['0/0 12 * * ? *', /invalid increment/],
    ['0,,5 12 * * ? *', /empty item/],
  ])('refuses cron(%s)', (body, message) => {
    expect(() => parseAwsCron(body)).toThrow(CronSyntaxError);
    expect(() => parseAwsCron(body)).toThrow(message);
  });
});

describe('schedule expressions', () => {
  it('parses rate() with AWS units and plural rules', () => {
    expect(parseScheduleExpression('rate(5 minutes)')).toMatchObject({ kind: 'rate', everyMs: 300_000 });
    expect(parseScheduleExpression('rate(1 minute)')).toMatchObject({ kind: 'rate', everyMs: 60_000 });
    expect(parseScheduleExpression('rate(2 hours)')).toMatchObject({ kind: 'rate', everyMs: 7_200_000 });
    expect(parseScheduleExpression('rate(1 day)')).toMatchObject({ kind: 'rate', everyMs: 86_400_000 });
    expect(() => parseScheduleExpression('rate(1 minutes)')).toThrow(/singular/);
    expect(() => parseScheduleExpression('rate(5 minute)')).toThrow(/plural/);
    expect(() => parseScheduleExpression('rate(0 minutes)')).toThrow(/positive whole number/);
    expect(() => parseScheduleExpression('rate(1.5 hours)')).toThrow(/positive whole number/);
    expect(() => parseScheduleExpression('rate(5 weeks)')).toThrow(/unit/);
    expect(() => parseScheduleExpression('rate(10 seconds)')).toThrow(/unit/);
    expect(parseScheduleExpression('rate(10 seconds)', { allowSeconds: true })).toMatchObject({ kind: 'rate', everyMs: 10_000 });
  });

  it('parses cron() and refuses anything else', () => {
    expect(parseScheduleExpression('cron(0 12 * * ? *)')).toMatchObject({ kind: 'cron', expression: 'cron(0 12 * * ? *)' });
    expect(() => parseScheduleExpression('every day')).toThrow(/neither rate/);
    expect(() => parseScheduleExpression('cron(0 12 * * *)')).toThrow(/6 fields/);
  });

  it('counts rate periods from when the schedule started', () => {
    const since = new Date('2025-01-01T00:00:00Z');
    const every5 = parseScheduleExpression('rate(5 minutes)');
    expect(nextFiring(every5, new Date('2025-01-01T00:00:00Z'), since)?.toISOString()).toBe('2025-01-01T00:05:00.000Z');
    expect(nextFiring(every5, new Date('2025-01-01T00:12:00Z'), since)?.toISOString()).toBe('2025-01-01T00:15:00.000Z');
    expect(nextFiring(every5, new Date('2025-01-01T00:10:00Z'), since)?.toISOString()).toBe('2025-01-01T00:15:00.000Z');
    const cron = parseScheduleExpression('cron(0 12 * * ? *)');
    expect(nextFiring(cron, new Date('2025-01-01T13:00:00Z'), since)?.toISOString()).toBe('2025-01-02T12:00:00.000Z');
  });
});

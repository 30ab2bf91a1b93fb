/**
 * AWS's cron dialect (EventBridge rules and Scheduler), evaluated in UTC or in an IANA zone:
 * `cron(minutes hours day-of-month month day-of-week year)`.
 *
 * | field | values | wildcards |
 * |---|---|---|
 * | minutes | 0-59 | , - * / |
 * | hours | 0-23 | , - * / |
 * | day-of-month | 1-31 | , - * ? / L W (`L`, `L-3`, `15W`, `LW`) |
 * | month | 1-12 or JAN-DEC | , - * / |
 * | day-of-week | 1-7 or SUN-SAT (1 = Sunday) | , - * ? L # (`L` = Saturday, `6L`, `2#1`) |
 * | year | 1970-2199 | , - * / |
 *
 * Exactly one of day-of-month and day-of-week is `?`. Ranges may wrap (`FRI-MON`, `22-2`).
 * Written here because the npm parsers either use Unix day numbers (0 = Sunday), lack the year
 * field or `W`, or mis-handle unsorted lists.
 */

import { instantOf, wallTime, type WallTime } from './zoned-time.js';

export class CronSyntaxError extends Error {
  override name = 'CronSyntaxError';
}

interface FieldDef {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const FIELDS: Record<'minutes' | 'hours' | 'dom' | 'month' | 'dow' | 'year', FieldDef> = {
  minutes: { name: 'minutes', min: 0, max: 59 },
  hours: { name: 'hours', min: 0, max: 23 },
  dom: { name: 'day-of-month', min: 1, max: 31 },
  month: { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  dow: { name: 'day-of-week', min: 1, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
  year: { name: 'year', min: 1970, max: 2199 },
};

type DaySpecial =
  | { kind: 'last'; offset: number } // L, L-n
  | { kind: 'lastWeekday' } // LW
  | { kind: 'nearestWeekday'; day: number } // nW
  | { kind: 'lastOfWeekday'; weekday: number } // nL (day-of-week)
  | { kind: 'nthWeekday'; weekday: number; nth: number }; // n#k

interface DayField {
  any: boolean;
  values: Set<number>;
  specials: DaySpecial[];
}

export interface AwsCron {
  minutes: number[];
  hours: number[];
  dom: DayField | null; // null: '?'
  months: Set<number>;
  dow: DayField | null;
  years: Set<number>;
  /**
   * The next firing strictly after `after` (to the minute), or null when there is none, with
   * the expression read on the wall clock of `timeZone` (IANA name; default UTC, as Events rules).
   */
  next(after: Date, timeZone?: string): Date | null;
}

function value(text: string, def: FieldDef): number {
  const upper = text.toUpperCase();
  const named = def.names?.indexOf(upper) ?? -1;
  if (named >= 0) return named + 1;
  if (!/^\d+$/.test(text)) throw new CronSyntaxError(`invalid ${def.name} value "${text}"`);
  const n = Number(text);
  if (n < def.min || n > def.max) throw new CronSyntaxError(`${def.name} value ${n} is outside ${def.min}-${def.max}`);
  return n;
}

/** Expands `*`, `a`, `a-b`, `a/s`, `*\/s`, `a-b/s` lists into the set of values. */
function expand(field: string, def: FieldDef): Set<number> {
  const out = new Set<number>();
  for (const part of field.split(',')) {
    if (part === '') throw new CronSyntaxError(`empty item in ${def.name} "${field}"`);
    const [range, stepText, extra] = part.split('/');
    if (extra !== undefined) throw new CronSyntaxError(`invalid ${def.name} "${part}"`);
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1 || (stepText !== undefined && !/^\d+$/.test(stepText))) {
      throw new CronSyntaxError(`invalid increment in ${def.name} "${part}"`);
    }
    let start: number;
    let end: number;
    if (range === '*') {
      start = def.min;
      end = def.max;
    } else if ((range as string).includes('-')) {
      const [a, b, more] = (range as string).split('-');
      if (more !== undefined || !a || !b) throw new CronSyntaxError(`invalid range in ${def.name} "${part}"`);
      start = value(a, def);
      end = value(b, def);
    } else {
      start = value(range as string, def);
      end = stepText === undefined ? start : def.max;
    }
    const span = def.max - def.min + 1;
    const length = end >= start ? end - start : end - start + span; // wrap-around ranges
    for (let i = 0; i <= length; i += step) out.add(((start - def.min + i) % span) + def.min);
  }
  return out;
}

/**
 * A day field: "?" (none), "*" (any), or a list whose parts are either the field's special
 * forms (`special` takes those and returns true) or plain values and ranges.
 */
function dayField(field: string, def: FieldDef, special: (upper: string, result: DayField) => boolean): DayField | null {
  if (field === '?') return null;
  if (field === '*') return { any: true, values: new Set(), specials: [] };
  const result: DayField = { any: false, values: new Set(), specials: [] };
  const plain = field.split(',').filter((part) => !special(part.toUpperCase(), result));
  if (plain.length) for (const v of expand(plain.join(','), def)) result.values.add(v);
  return result;
}

/** Day of month: `L`, `L-n`, `LW`, `nW` besides values. */
function dayOfMonthField(field: string): DayField | null {
  return dayField(field, FIELDS.dom, (upper, result) => {
    let m: RegExpExecArray | null;
    if (upper === 'L') result.specials.push({ kind: 'last', offset: 0 });
    else if ((m = /^L-(\d+)$/.exec(upper))) {
      const offset = Number(m[1]);
      if (offset > 30) throw new CronSyntaxError(`offset from the last day must be at most 30, not ${offset}`);
      result.specials.push({ kind: 'last', offset });
    } else if (upper === 'LW' || upper === 'WL') result.specials.push({ kind: 'lastWeekday' });
    else if ((m = /^(\d+)W$/.exec(upper))) result.specials.push({ kind: 'nearestWeekday', day: value(m[1] as string, FIELDS.dom) });
    else return false;
    return true;
  });
}

/** Day of week: `L` (Saturday), `dL`, `d#n` besides values. */
function dayOfWeekField(field: string): DayField | null {
  return dayField(field, FIELDS.dow, (upper, result) => {
    let m: RegExpExecArray | null;
    if (upper === 'L') result.values.add(7);
    else if ((m = /^([A-Z]{3}|\d+)L$/.exec(upper))) result.specials.push({ kind: 'lastOfWeekday', weekday: value(m[1] as string, FIELDS.dow) });
    else if ((m = /^([A-Z]{3}|\d+)#(\d+)$/.exec(upper))) {
      const nth = Number(m[2]);
      if (nth < 1 || nth > 5) throw new CronSyntaxError(`"#${nth}" must be between #1 and #5`);
      result.specials.push({ kind: 'nthWeekday', weekday: value(m[1] as string, FIELDS.dow), nth });
    } else return false;
    return true;
  });
}

function utcWallTime(instant: number): WallTime {
  const date = new Date(instant);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: date.getUTCHours(), minute: date.getUTCMinutes() };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 1 = Sunday … 7 = Saturday */
function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

function nearestWeekday(year: number, month: number, day: number): number {
  const last = daysInMonth(year, month);
  const target = Math.min(day, last);
  const weekday = weekdayOf(year, month, target);
  if (weekday === 7) return target - 1 >= 1 ? target - 1 : target + 2; // Saturday → Friday (or Monday the 3rd)
  if (weekday === 1) return target + 1 <= last ? target + 1 : target - 2; // Sunday → Monday (or Friday)
  return target;
}

function domMatches(field: DayField, year: number, month: number, day: number): boolean {
  if (field.any || field.values.has(day)) return true;
  const last = daysInMonth(year, month);
  return field.specials.some((s) => {
    switch (s.kind) {
      case 'last':
        return day === last - s.offset;
      case 'lastWeekday':
        return day === nearestWeekday(year, month, last);
      case 'nearestWeekday':
        return s.day <= last && day === nearestWeekday(year, month, s.day);
      default:
        return false;
    }
  });
}

function dowMatches(field: DayField, year: number, month: number, day: number): boolean {
  if (field.any) return true;
  const weekday = weekdayOf(year, month, day);
  if (field.values.has(weekday)) return true;
  return field.specials.some((s) => {
    switch (s.kind) {
      case 'lastOfWeekday':
        return weekday === s.weekday && day + 7 > daysInMonth(year, month);
      case 'nthWeekday':
        return weekday === s.weekday && Math.ceil(day / 7) === s.nth;
      default:
        return false;
    }
  });
}

/** Parses the inside of `cron(...)`. Throws `CronSyntaxError` with the reason. */
export function parseAwsCron(body: string): AwsCron {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new CronSyntaxError(`an AWS cron expression has 6 fields (minutes hours day-of-month month day-of-week year), not ${fields.length}`);
  }
  const [min, hour, domText, monthText, dowText, yearText] = fields as [string, string, string, string, string, string];
  if ((domText === '?') === (dowText === '?')) {
    throw new CronSyntaxError('exactly one of day-of-month and day-of-week must be "?"');
  }
  const minutes = [...expand(min, FIELDS.minutes)].sort((a, b) => a - b);
  const hours = [...expand(hour, FIELDS.hours)].sort((a, b) => a - b);
  const dom = dayOfMonthField(domText);
  const dow = dayOfWeekField(dowText);
  const months = expand(monthText, FIELDS.month);
  const years = expand(yearText, FIELDS.year);
  const maxYear = Math.max(...years);

  const dayMatches = (y: number, m: number, d: number) => (dom ? domMatches(dom, y, m, d) : dow ? dowMatches(dow, y, m, d) : false);

  /** Wall-clock times the expression matches, in order, from `start` (inclusive). */
  function* matches(start: WallTime): Generator<WallTime> {
    let y = start.year;
    let m = start.month;
    let d = start.day;
    let first = true;
    while (y <= maxYear) {
      if (!years.has(y)) {
        y += 1;
        m = 1;
        d = 1;
        first = false;
        continue;
      }
      if (!months.has(m)) {
        m += 1;
        d = 1;
        first = false;
        if (m > 12) {
          m = 1;
          y += 1;
        }
        continue;
      }
      if (d <= daysInMonth(y, m) && dayMatches(y, m, d)) {
        const fromHour = first ? start.hour : 0;
        for (const hour of hours) {
          if (hour < fromHour) continue;
          const fromMinute = first && hour === fromHour ? start.minute : 0;
          for (const minute of minutes) if (minute >= fromMinute) yield { year: y, month: m, day: d, hour, minute };
        }
      }
      first = false;
      d += 1;
      if (d > daysInMonth(y, m)) {
        d = 1;
        m += 1;
        if (m > 12) {
          m = 1;
          y += 1;
        }
      }
    }
  }

  function next(after: Date, timeZone = 'UTC'): Date | null {
    // the first whole minute strictly after `after`
    const start = Math.floor(after.getTime() / 60_000) * 60_000 + 60_000;
    if (timeZone === 'UTC') {
      const first = matches(utcWallTime(start)).next();
      return first.done ? null : new Date(Date.UTC(first.value.year, first.value.month - 1, first.value.day, first.value.hour, first.value.minute));
    }
    // in a zone: skipped wall-clock times do not fire, repeated ones fire once (zoned-time.ts)
    for (const candidate of matches(wallTime(start, timeZone))) {
      const instant = instantOf(candidate, timeZone);
      if (instant !== null && instant > after.getTime()) return new Date(instant);
    }
    return null;
  }

  return { minutes, hours, dom, months, dow, years, next };
}

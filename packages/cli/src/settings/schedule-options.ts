/**
 * What a schedule event may add to run on EventBridge Scheduler instead of an Events rule: the
 * time zone of its expression, a flexible window, and the dates it runs between
 * (https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html).
 */
import { z } from 'zod';
import { isIanaTimeZone } from './time-zone.js';

/** Scheduler's FlexibleTimeWindow.MaximumWindowInMinutes bounds. */
export const FLEXIBLE_WINDOW_MINUTES = { min: 1, max: 1440 } as const;

export const scheduleTimeZone = z.string().refine(isIanaTimeZone, {
  message: 'expected an IANA time zone name such as "Europe/Berlin", "America/New_York" or "UTC"',
});

const WINDOW_EXPECTED = `expected whole minutes ${FLEXIBLE_WINDOW_MINUTES.min}-${FLEXIBLE_WINDOW_MINUTES.max} or "off"`;

/**
 * Checked by one refinement, not `.int().min().max()` in a union: their issues abort, and the
 * union of event kinds (schedule or source) would then hide them behind its own message.
 */
export const flexibleWindow = z
  .custom<number | 'off'>(() => true)
  .superRefine((value, ctx) => {
    if (value === 'off') return;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < FLEXIBLE_WINDOW_MINUTES.min || value > FLEXIBLE_WINDOW_MINUTES.max) {
      ctx.addIssue({ code: 'custom', input: value, message: WINDOW_EXPECTED });
    }
  });

/** A date and time with its offset ("2026-03-01T09:00:00Z", "2026-03-01T09:00:00+01:00"); Scheduler takes UTC instants. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Date.parse rolls "02-30" over into March: the written day must exist in its month. */
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const scheduleDate = z.string().refine((text) => DATE_TIME.test(text) && isCalendarDate(text) && !Number.isNaN(Date.parse(text)), {
  message: 'expected an ISO 8601 date and time with its offset, such as "2026-03-01T09:00:00Z"',
});

/** A written date as the UTC instant Scheduler stores ("2026-03-01T08:00:00.000Z"). */
export function utcInstant(text: string): string {
  return new Date(text).toISOString();
}

/**
 * Wall-clock time in an IANA zone, for evaluating schedules the way EventBridge Scheduler does
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#daylist-savings-time):
 * a wall-clock time the spring-forward skips does not exist (the firing is skipped), and one the
 * fall-back repeats happens once (its first occurrence).
 */

export interface WallTime {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let found = formatters.get(zone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    formatters.set(zone, found);
  }
  return found;
}

/** The wall clock in `zone` at `instant` (to the minute). */
export function wallTime(instant: number, zone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute! };
}

const asUtc = (t: WallTime) => Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
const DAY_MS = 86_400_000;

/** The zone's offset from UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, zone: string): number {
  return asUtc(wallTime(instant, zone)) - Math.floor(instant / 60_000) * 60_000;
}

/**
 * The instant the wall clock of `zone` shows `time`: null when the clock skips it (spring
 * forward), the first of the two when it shows it twice (fall back).
 */
export function instantOf(time: WallTime, zone: string): number | null {
  const local = asUtc(time);
  const offsets = new Set([offsetAt(local - DAY_MS, zone), offsetAt(local, zone), offsetAt(local + DAY_MS, zone)]);
  const matching = [...offsets].map((offset) => local - offset).filter((instant) => asUtc(wallTime(instant, zone)) === local);
  return matching.length === 0 ? null : Math.min(...matching);
}

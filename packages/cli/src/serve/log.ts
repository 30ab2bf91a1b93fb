/** One line per request, schedule firing and task attempt: what, status, duration. */

export type ServeLog = (line: string) => void;

function time(date: Date): string {
  return date.toISOString().slice(11, 23);
}

function ms(durationMs: number): string {
  return `${Math.round(durationMs)}ms`;
}

/** `16:25:01.123 GET /dev/quote?type=daily 200 12ms` (and why, for answers the gateway made). */
export function requestLine(method: string, url: string, status: number, durationMs: number, note?: string, now = new Date()): string {
  return `${time(now)} ${method} ${url} ${status} ${ms(durationMs)}${note ? ` (${note})` : ''}`;
}

/** `16:25:01.123 schedule quote-of-the-day cron(0 12 * * ? *) ok 5ms` */
export function scheduleLine(name: string, expression: string, status: string, durationMs: number, note?: string, now = new Date()): string {
  return `${time(now)} schedule ${name} ${expression} ${status} ${ms(durationMs)}${note ? ` (${note})` : ''}`;
}

/** `16:25:01.123 task sendSms 1b2c… attempt 1/3 ok 5ms` */
export function taskLine(
  name: string,
  id: string,
  attempt: number,
  attempts: number,
  status: string,
  durationMs: number,
  note?: string,
  now = new Date(),
): string {
  return `${time(now)} task ${name} ${id} attempt ${attempt}/${attempts} ${status} ${ms(durationMs)}${note ? ` (${note})` : ''}`;
}

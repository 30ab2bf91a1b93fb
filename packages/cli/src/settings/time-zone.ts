/**
 * IANA time zone names, as EventBridge Scheduler takes them in ScheduleExpressionTimezone
 * ("Europe/Berlin", "America/Sao_Paulo", "UTC"). Checked against the IANA database that Node's
 * ICU carries, so a typo or an unknown zone is refused before anything is deployed. UTC offsets
 * ("+01:00"), which newer Intl versions also take, are no IANA names and are refused too.
 */
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;

export function isIanaTimeZone(name: string): boolean {
  if (!IANA_NAME.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

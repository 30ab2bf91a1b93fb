/**
 * IANA time zone names, as EventBridge Scheduler takes them in ScheduleExpressionTimezone
 * ("Europe/Berlin", "America/Sao_Paulo", "UTC"). Checked against the IANA database that Node's
 * ICU carries, so a typo or an unknown zone is refused before anything is deployed. UTC offsets
 * ("+01:00"), which newer Intl versions also take, are no IANA names and are refused too.
 */
const SEGMENT = /^[A-Za-z0-9_+-]+$/;

/** "Area/Location" or "Area/Location/Sublocation" (or a single name such as "UTC"), starting with a letter. */
function looksLikeIanaName(name: string): boolean {
  const segments = name.split('/');
  return /^[A-Za-z]/.test(name) && segments.length <= 3 && segments.every((segment) => SEGMENT.test(segment));
}

export function isIanaTimeZone(name: string): boolean {
  if (!looksLikeIanaName(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

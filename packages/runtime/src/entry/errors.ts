/** The entry's errors: each names what it was working on. */

/** A cold-start failure: remote env, the slim archive, or loading the app. */
export class InitError extends Error {
  override name = 'InitError';
  constructor(
    /** what failed, e.g. "remoteEnv s3://bucket/env.json" */
    readonly subject: string,
    cause: unknown,
  ) {
    super(`tsappa init failed: ${subject}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** An event the entry does not know how to dispatch. */
export class UnknownEventError extends Error {
  override name = 'UnknownEventError';
}

/** A reference to a function the package does not contain (or that is not a function). */
export class FunctionNotFoundError extends Error {
  override name = 'FunctionNotFoundError';
}

/** A short description of a received event for error messages: its shape, never its secrets in full. */
export function describeEvent(event: unknown): string {
  if (event === null || event === undefined) return String(event);
  if (typeof event !== 'object') return `a ${typeof event} (${JSON.stringify(event)?.slice(0, 80)})`;
  if (Array.isArray(event)) return `an array of ${event.length}`;
  const keys = Object.keys(event);
  const shown = keys.slice(0, 12).join(', ') + (keys.length > 12 ? `, … (${keys.length} keys)` : '');
  const records = (event as { Records?: unknown }).Records;
  if (Array.isArray(records) && records.length > 0) {
    const first = records[0] as Record<string, unknown> | undefined;
    const source = first?.eventSource ?? first?.EventSource;
    return `an object with Records (${records.length}, eventSource ${JSON.stringify(source)})`;
  }
  return keys.length ? `an object with keys ${shown}` : 'an empty object';
}

/** Lambda's limits that shape HTTP responses. */

/** Largest synchronous (buffered) response payload Lambda returns: 6 MB. */
export const MAX_BUFFERED_RESPONSE_BYTES = 6 * 1024 * 1024;

/** Time kept back from the Lambda deadline to answer 500 before Lambda kills the invocation. */
export const DEFAULT_DEADLINE_MARGIN_MS = 500;

/**
 * Milliseconds the app has to finish its response, from the context's remaining time; `undefined`
 * when the context cannot tell (then there is no deadline).
 */
export function appTimeout(context: { getRemainingTimeInMillis?: () => number } | undefined, marginMs: number): number | undefined {
  const remaining = typeof context?.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : NaN;
  if (!(remaining > 0) || !Number.isFinite(remaining)) return undefined;
  // Never spend more than half the remaining time on the margin.
  return Math.max(1, remaining - Math.min(marginMs, remaining / 2));
}

export function tooLargeMessage(bytes: number): string {
  return (
    `Response too large: ${bytes} bytes, over the 6 MB (${MAX_BUFFERED_RESPONSE_BYTES} bytes) limit of a buffered ` +
    `AWS Lambda response. Send less, or enable responseStreaming (Function URLs, REST APIs in STREAM mode).`
  );
}

/**
 * Retries for the two AWS conditions a deploy meets in normal operation:
 * - API Gateway's control plane throttles (TooManyRequestsException, about 10 requests/s,
 *   CreateDeployment 1 per 5 s, domain create/delete 1 per 30 s): back off exponentially;
 * - Lambda refuses a call while an update is in progress (ResourceConflictException): wait
 *   for the function's `LastUpdateStatus`, then try again.
 */

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function errorName(error: unknown): string {
  return (error as { name?: string; Code?: string } | null)?.name ?? (error as { Code?: string } | null)?.Code ?? '';
}

const THROTTLES = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'ThrottledException', 'RequestLimitExceeded']);

export function isThrottle(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  return THROTTLES.has(errorName(error)) || status === 429;
}

export function isLambdaConflict(error: unknown): boolean {
  return errorName(error) === 'ResourceConflictException';
}

export interface RetryOptions {
  /** which errors to retry */
  retryable: (error: unknown) => boolean;
  /** attempts in all, the first included; default 8 */
  attempts?: number;
  /** first delay; doubled each time, with jitter; default 1000 ms */
  baseMs?: number;
  /** longest delay; default 30 s */
  maxMs?: number;
  /** runs before each retry (e.g. wait for the Lambda update to finish) instead of a plain sleep when it returns true */
  beforeRetry?: (error: unknown, attempt: number) => Promise<boolean | void>;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Delay before retry `attempt` (1-based): base * 2^(attempt-1), capped, with ±25% jitter. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const raw = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return Math.round(raw * (0.75 + random() * 0.5));
}

export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  const attempts = options.attempts ?? 8;
  const wait = options.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts || !options.retryable(error)) throw error;
      const delay = backoffDelay(attempt, options.baseMs ?? 1000, options.maxMs ?? 30_000, options.random);
      options.onRetry?.(error, attempt, delay);
      const handled = options.beforeRetry ? await options.beforeRetry(error, attempt) : false;
      if (!handled) await wait(delay);
    }
  }
}

/** API Gateway control-plane calls: back off on TooManyRequests. */
export function withApiGatewayRetry<T>(fn: () => Promise<T>, overrides: Partial<RetryOptions> = {}): Promise<T> {
  return withRetry(fn, { retryable: isThrottle, attempts: 8, baseMs: 2000, maxMs: 32_000, ...overrides });
}

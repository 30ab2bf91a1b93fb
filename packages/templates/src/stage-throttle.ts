/**
 * The stage-wide throttle: a token bucket on every method of the stage (the `/*` `*` method
 * setting), under the account's regional quota and over any usage plan's per-key throttle.
 */
import type { ThrottleSettings } from './settings.js';

/**
 * The default: 1,000 requests per second, bursts of 2,000. A tenth of the account's regional
 * API Gateway quota (10,000 per second, bursts of 5,000, shared by every API of the account in
 * the region), so one runaway stage (a retry loop, a crawler) cannot take the whole quota from
 * the others; 86 million requests a day, more than a normal app serves, and more than the
 * function can answer with Lambda's default 1,000 concurrent executions at a second each.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
 */
export const DEFAULT_STAGE_THROTTLE: ThrottleSettings = { rateLimit: 1000, burstLimit: 2000 };

/** The account's default regional quota (raised only by a request to AWS). */
export const ACCOUNT_THROTTLE_QUOTA: ThrottleSettings = { rateLimit: 10_000, burstLimit: 5000 };

/** The method setting's throttling properties (none with `throttle: false`). */
export function throttleMethodSetting(throttle: ThrottleSettings | false): Record<string, unknown> {
  if (throttle === false) return {};
  return { ThrottlingRateLimit: throttle.rateLimit, ThrottlingBurstLimit: throttle.burstLimit };
}

/**
 * Warnings about the API stage's logging and throttle (accessLogging, executionLogging,
 * detailedMetrics, throttle): choices that work but cost, leak or refuse more than intended.
 */
import { ACCOUNT_THROTTLE_QUOTA, type ResolvedSettings } from '@tsappa/templates';
import type { RuleFinding } from './rules.js';

const STAGE_KEYS = ['accessLogging', 'executionLogging', 'detailedMetrics', 'throttle'] as const;

export function stageControlWarnings(s: ResolvedSettings, explicit: ReadonlySet<string>): RuleFinding[] {
  const warnings: RuleFinding[] = [];
  if (!s.apiGateway) {
    for (const key of STAGE_KEYS) if (explicit.has(key)) warnings.push({ path: key, message: 'is ignored without "apiGateway": true (there is no API stage)' });
    return warnings;
  }
  if (s.executionLogging === 'INFO') {
    warnings.push({
      path: 'executionLogging',
      message: 'INFO writes API Gateway\'s trace of every request (each step, with the request\'s path, query string and authorizer results) to CloudWatch Logs, billed per GB: use it to debug, then go back to "ERROR"',
    });
  }
  if (s.throttle !== false) {
    if (s.throttle.burstLimit === 0) {
      warnings.push({ path: 'throttle.burstLimit', message: '0 lets no request through: API Gateway answers every request with 429 Too Many Requests' });
    }
    const { rateLimit, burstLimit } = ACCOUNT_THROTTLE_QUOTA;
    if (s.throttle.rateLimit > rateLimit || s.throttle.burstLimit > burstLimit) {
      warnings.push({
        path: 'throttle',
        message: `is above the account's default API Gateway quota in a region (${rateLimit} requests/s, bursts of ${burstLimit}), which applies first unless AWS raised it for the account`,
      });
    }
  }
  return warnings;
}

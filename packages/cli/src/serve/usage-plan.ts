/**
 * The stage's usage plan, for the local API key: throttling as a token bucket (`rateLimit`
 * requests per second refilling a bucket of `burstLimit`) answering 429 "Too Many Requests", and
 * the quota per UTC day / week (from Monday) / month answering 429 "Limit Exceeded".
 */
import type { UsagePlanSettings } from '@tsappa/templates';
import { gatewayAnswer, type HttpAnswer } from './proxy-event.js';

function periodStart(period: 'DAY' | 'WEEK' | 'MONTH', now: number): number {
  const d = new Date(now);
  if (period === 'MONTH') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (period === 'DAY') return day;
  const sinceMonday = (d.getUTCDay() + 6) % 7;
  return day - sinceMonday * 86_400_000;
}

export class UsagePlanMeter {
  private tokens: number;
  private refilledAt: number;
  private quotaPeriod = -1;
  private used = 0;

  constructor(
    private readonly plan: UsagePlanSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = plan.throttle?.burstLimit ?? 0;
    this.refilledAt = now();
  }

  /** Counts one request; an answer when API Gateway would refuse it, else null. */
  admit(): HttpAnswer | null {
    const now = this.now();
    const { throttle, quota } = this.plan;
    if (throttle) {
      const capacity = Math.max(1, throttle.burstLimit);
      this.tokens = Math.min(capacity, this.tokens + ((now - this.refilledAt) / 1000) * throttle.rateLimit);
      this.refilledAt = now;
      if (this.tokens < 1) return gatewayAnswer(429, 'Too Many Requests', 'ThrottledException');
    }
    if (quota) {
      const period = periodStart(quota.period, now);
      if (period !== this.quotaPeriod) {
        this.quotaPeriod = period;
        this.used = 0;
      }
      if (this.used >= quota.limit) return gatewayAnswer(429, 'Limit Exceeded', 'LimitExceededException');
      this.used += 1;
    }
    if (throttle) this.tokens -= 1;
    return null;
  }
}

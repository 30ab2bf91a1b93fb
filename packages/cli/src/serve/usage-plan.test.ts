import { describe, expect, it } from 'vitest';
import { UsagePlanMeter } from './usage-plan.js';

const status = (meter: UsagePlanMeter) => meter.admit()?.statusCode ?? 200;

describe('UsagePlanMeter', () => {
  it('throttles with a token bucket: burstLimit at once, then rateLimit per second', () => {
    let now = 0;
    const meter = new UsagePlanMeter({ throttle: { rateLimit: 2, burstLimit: 3 }, quota: null }, () => now);
    expect([status(meter), status(meter), status(meter), status(meter)]).toEqual([200, 200, 200, 429]);
    expect(JSON.parse(meter.admit()!.body.toString())).toEqual({ message: 'Too Many Requests' });
    now += 500; // one token back
    expect([status(meter), status(meter)]).toEqual([200, 429]);
    now += 10_000; // refills to the burst limit, no more
    expect([status(meter), status(meter), status(meter), status(meter)]).toEqual([200, 200, 200, 429]);
  });

  it('enforces the quota per UTC period', () => {
    let now = Date.parse('2025-01-06T23:59:00Z'); // a Monday
    const daily = new UsagePlanMeter({ throttle: null, quota: { limit: 2, period: 'DAY' } }, () => now);
    expect([status(daily), status(daily), status(daily)]).toEqual([200, 200, 429]);
    expect(JSON.parse(daily.admit()!.body.toString())).toEqual({ message: 'Limit Exceeded' });
    now = Date.parse('2025-01-07T00:00:01Z');
    expect(status(daily)).toBe(200);

    now = Date.parse('2025-01-06T00:00:00Z');
    const weekly = new UsagePlanMeter({ throttle: null, quota: { limit: 1, period: 'WEEK' } }, () => now);
    expect(status(weekly)).toBe(200);
    now = Date.parse('2025-01-12T23:00:00Z'); // Sunday, same week
    expect(status(weekly)).toBe(429);
    now = Date.parse('2025-01-13T00:00:00Z'); // next Monday
    expect(status(weekly)).toBe(200);
  });
});

import { describe, expect, it } from 'vitest';
import { realClock, rolloutTimeScale } from './clock.js';

describe('rollout clock', () => {
  it('runs at real speed unless the test-only TSAPPA_ROLLOUT_TIME_SCALE says otherwise', () => {
    expect(rolloutTimeScale({})).toBe(1);
    expect(rolloutTimeScale({ TSAPPA_ROLLOUT_TIME_SCALE: '0.01' })).toBe(0.01);
  });

  it('refuses a scale that would slow a rollout down or stop its clock', () => {
    for (const value of ['0', '-1', '2', 'fast']) {
      expect(() => rolloutTimeScale({ TSAPPA_ROLLOUT_TIME_SCALE: value }), value).toThrow(/TSAPPA_ROLLOUT_TIME_SCALE is ".*": expected a number above 0 and at most 1/);
    }
  });

  it('scales every wait, and a Ctrl-C ends a wait at once', async () => {
    const clock = realClock(0.0001);
    let started = Date.now();
    await clock.sleep(60_000); // 6 ms
    expect(Date.now() - started).toBeLessThan(1000);

    const controller = new AbortController();
    started = Date.now();
    const wait = realClock(1).sleep(60_000, controller.signal);
    setTimeout(() => controller.abort(), 10);
    await wait;
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

/** The stage-wide throttle (stage-throttle.ts). */
import { describe, expect, it } from 'vitest';
import { render, resource } from './__fixtures__/template.js';
import { ACCOUNT_THROTTLE_QUOTA, DEFAULT_STAGE_THROTTLE } from './stage-throttle.js';

const methodSettings = (t: ReturnType<typeof render>) => resource(t, 'ApiStage').Properties.MethodSettings as Record<string, unknown>[];

describe('stage throttle', () => {
  it('by default throttles every method of the stage at 1,000 requests/s, bursts of 2,000', () => {
    expect(methodSettings(render())).toEqual([
      expect.objectContaining({ ResourcePath: '/*', HttpMethod: '*', ThrottlingRateLimit: 1000, ThrottlingBurstLimit: 2000 }),
    ]);
  });

  it('the default stays under the account quota it protects', () => {
    expect(DEFAULT_STAGE_THROTTLE.rateLimit).toBeLessThan(ACCOUNT_THROTTLE_QUOTA.rateLimit);
    expect(DEFAULT_STAGE_THROTTLE.burstLimit).toBeLessThan(ACCOUNT_THROTTLE_QUOTA.burstLimit);
    expect(DEFAULT_STAGE_THROTTLE.burstLimit).toBeGreaterThanOrEqual(DEFAULT_STAGE_THROTTLE.rateLimit);
  });

  it('takes the settings', () => {
    expect(methodSettings(render({ throttle: { rateLimit: 12.5, burstLimit: 0 } }))[0]).toMatchObject({ ThrottlingRateLimit: 12.5, ThrottlingBurstLimit: 0 });
  });

  it('throttle: false leaves throttling to the account', () => {
    const setting = methodSettings(render({ throttle: false }))[0];
    expect(setting).not.toHaveProperty('ThrottlingRateLimit');
    expect(setting).not.toHaveProperty('ThrottlingBurstLimit');
  });
});

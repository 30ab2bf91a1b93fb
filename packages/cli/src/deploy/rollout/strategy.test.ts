import { describe, expect, it } from 'vitest';
import { duration, percent, rolloutSteps } from './strategy.js';

describe('rollout steps of a CodeDeploy strategy', () => {
  it('canary: 10% for the interval, then all', () => {
    expect(rolloutSteps('Canary10Percent5Minutes')).toEqual([{ weight: 0.1, holdMs: 300_000 }]);
    expect(rolloutSteps('Canary10Percent30Minutes')).toEqual([{ weight: 0.1, holdMs: 1_800_000 }]);
  });

  it('linear: +10% every interval, nine holds before all', () => {
    const steps = rolloutSteps('Linear10PercentEvery3Minutes');
    expect(steps.map((s) => percent(s.weight))).toEqual(['10%', '20%', '30%', '40%', '50%', '60%', '70%', '80%', '90%']);
    expect(new Set(steps.map((s) => s.holdMs))).toEqual(new Set([180_000]));
    expect(rolloutSteps('Linear10PercentEvery1Minute')[0]).toEqual({ weight: 0.1, holdMs: 60_000 });
  });

  it('AllAtOnce: no steps', () => {
    expect(rolloutSteps('AllAtOnce')).toEqual([]);
  });

  it('says durations the way people read them', () => {
    expect(duration(300_000)).toBe('5 min');
    expect(duration(90_000)).toBe('1.5 min');
    expect(duration(4_000)).toBe('4 s');
  });
});

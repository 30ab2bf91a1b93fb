import { describe, expect, it } from 'vitest';
import { stackUpdateRollout } from './stack-update.js';

describe('stack updates with a deployment strategy', () => {
  it('follow the stack for as long as CodeDeploy shifts, and say so', () => {
    expect(stackUpdateRollout({ deployment: { strategy: 'Canary10Percent15Minutes', alarms: [] } })).toEqual({
      extraDeadlineMs: 15 * 60_000,
      note: expect.stringMatching(/CodeDeploy shifts live to it over 15 min/),
    });
    expect(stackUpdateRollout({ deployment: { strategy: 'Linear10PercentEvery10Minutes', alarms: [] } }).extraDeadlineMs).toBe(90 * 60_000);
  });

  it('change nothing without deployment, or with AllAtOnce', () => {
    expect(stackUpdateRollout({ deployment: null })).toEqual({ extraDeadlineMs: 0, note: null });
    expect(stackUpdateRollout({ deployment: { strategy: 'AllAtOnce', alarms: ['a'] } })).toEqual({ extraDeadlineMs: 0, note: null });
  });
});

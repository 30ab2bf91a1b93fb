import { describe, expect, it } from 'vitest';
import { describeRollForward, rolledBack } from './roll-forward.js';

describe('rolledBack', () => {
  it('is live on a version older than the stack published', () => {
    expect(rolledBack('3', '5')).toEqual({ live: '3', stack: '5' });
    expect(rolledBack('9', '10')).toEqual({ live: '9', stack: '10' }); // numbers, not strings
  });

  it('is not live on the stack version, nor on a newer one the fast path published', () => {
    expect(rolledBack('5', '5')).toBeNull();
    expect(rolledBack('6', '5')).toBeNull();
    expect(rolledBack('10', '9')).toBeNull();
  });

  it('is not anything that is not two published versions', () => {
    expect(rolledBack('$LATEST', '5')).toBeNull();
    expect(rolledBack('3', '$LATEST')).toBeNull();
    expect(rolledBack(undefined, '5')).toBeNull();
    expect(rolledBack('3', undefined)).toBeNull();
    expect(rolledBack(null, null)).toBeNull();
    expect(rolledBack('', '5')).toBeNull();
  });

  it('is named in the update changes', () => {
    expect(describeRollForward({ live: '3', stack: '5' })).toBe('live: version 3 (rolled back) -> 5');
  });
});

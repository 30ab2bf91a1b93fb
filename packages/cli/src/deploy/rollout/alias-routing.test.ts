import { describe, expect, it } from 'vitest';
import { formatStatus, type StageStatus } from '../status.js';
import { describeRouting, rolloutInProgress, routingOf } from './alias-routing.js';

describe('live alias routing', () => {
  it('reads a rollout in progress from the alias RoutingConfig, the new version first', () => {
    const alias = { FunctionVersion: '6', RoutingConfig: { AdditionalVersionWeights: { '7': 0.1 } } };
    expect(routingOf(alias)).toEqual({ version: '6', additional: { version: '7', weight: 0.1 } });
    expect(rolloutInProgress(alias)).toBe('version 7 at 10%, version 6 at 90%');
  });

  it('sees no rollout when the alias serves one version (no routing, or weights cleared)', () => {
    expect(rolloutInProgress({ FunctionVersion: '7' })).toBeNull();
    expect(rolloutInProgress({ FunctionVersion: '7', RoutingConfig: { AdditionalVersionWeights: {} } })).toBeNull();
    expect(describeRouting({ version: '7', additional: null })).toBe('version 7');
  });

  it('status shows it on the Live line', () => {
    const status = {
      stage: 'dev',
      region: 'us-east-1',
      stack: { name: 'quote-api-dev', status: 'UPDATE_COMPLETE', reason: null, lastUpdated: null },
      function: { name: 'quote-api-dev', runtime: 'nodejs22.x', architecture: 'x86_64', memorySize: 512, codeSize: 2048, lastModified: null, liveVersion: '6', rollout: 'version 7 at 30%, version 6 at 70%' },
      url: null,
      domain: null,
      schedules: [],
      apiKeyId: null,
      deadLetterArn: null,
    } as unknown as StageStatus;
    expect(formatStatus(status)).toMatch(/^Live +version 6; rollout: version 7 at 30%, version 6 at 70%$/m);
    const settled = { ...status, function: { ...status.function!, rollout: null } };
    expect(formatStatus(settled)).toMatch(/^Live +version 6$/m);
    const rolledBack = { ...status, function: { ...status.function!, rollout: null, rolledBackFrom: '8' } };
    expect(formatStatus(rolledBack)).toMatch(/^Live +version 6 \(a rollback: the stack's version is 8, which the next "tsappa update" serves again\)$/m);
  });
});

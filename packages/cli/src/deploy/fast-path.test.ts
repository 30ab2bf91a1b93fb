import type { LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { lambdaCodeSha256 } from './changes.js';
import { fastPathUpdate, type FastPathRollout } from './fast-path.js';
import { fakeCloudWatch, virtualClock } from './rollout/__fixtures__/fakes.js';

const SHA = 'ab'.repeat(32);

function fakeLambda(published: string, codeSha = lambdaCodeSha256(SHA)) {
  const calls: { name: string; input: Record<string, unknown> }[] = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const name = command.constructor.name.replace(/Command$/, '');
      calls.push({ name, input: command.input });
      if (name === 'GetFunctionConfiguration') return { State: 'Active', LastUpdateStatus: 'Successful', CodeSha256: codeSha };
      if (name === 'PublishVersion') return { Version: published };
      return {};
    },
  };
  return { client: client as unknown as LambdaClient, calls };
}

describe('fast path', () => {
  it('updates the code, waits, publishes with the expected sha and moves live', async () => {
    const { client, calls } = fakeLambda('5');
    const result = await fastPathUpdate(client, { functionName: 'fn', bucket: 'b', key: 'k.zip', sha256: SHA, previousVersion: '4' }, { sleep: async () => {} });
    expect(result).toEqual({ version: '5', previousVersion: '4', shares: [] });
    expect(calls.map((c) => c.name)).toEqual(['UpdateFunctionCode', 'GetFunctionConfiguration', 'PublishVersion', 'UpdateAlias']);
    expect(calls[0]!.input).toEqual({ FunctionName: 'fn', S3Bucket: 'b', S3Key: 'k.zip' });
    expect(calls[2]!.input.CodeSha256).toBe(lambdaCodeSha256(SHA));
    expect(calls[3]!.input).toEqual({ FunctionName: 'fn', Name: 'live', FunctionVersion: '5' });
  });

  it('never moves live to an older version', async () => {
    const { client, calls } = fakeLambda('3');
    await expect(fastPathUpdate(client, { functionName: 'fn', bucket: 'b', key: 'k.zip', sha256: SHA, previousVersion: '4' })).rejects.toThrow(/refusing to move live back/);
    expect(calls.map((c) => c.name)).not.toContain('UpdateAlias');
  });

  it('stops when the function runs other code than the upload (a concurrent deploy)', async () => {
    const { client } = fakeLambda('5', 'other');
    await expect(fastPathUpdate(client, { functionName: 'fn', bucket: 'b', key: 'k.zip', sha256: SHA, previousVersion: '4' })).rejects.toThrow(/another deploy/);
  });

  describe('with deployment', () => {
    const rollout = (strategy: FastPathRollout['deployment']['strategy'], lines: string[] = []): FastPathRollout => ({
      deployment: { strategy, alarms: [] },
      cloudWatch: fakeCloudWatch({ alarms: () => [], errors: () => [] }).client,
      clock: virtualClock(),
      signal: new AbortController().signal,
      progress: (line) => lines.push(line),
    });

    it('publishes, then shifts live by the strategy instead of moving it at once', async () => {
      const { client, calls } = fakeLambda('5');
      const lines: string[] = [];
      const result = await fastPathUpdate(client, { functionName: 'fn', bucket: 'b', key: 'k.zip', sha256: SHA, previousVersion: '4' }, { sleep: async () => {}, rollout: rollout('Canary10Percent10Minutes', lines) });
      expect(result).toEqual({ version: '5', previousVersion: '4', shares: [0.1] });
      const aliases = calls.filter((c) => c.name === 'UpdateAlias').map((c) => c.input);
      expect(aliases).toEqual([
        { FunctionName: 'fn', Name: 'live', FunctionVersion: '4', RoutingConfig: { AdditionalVersionWeights: { '5': 0.1 } } },
        { FunctionName: 'fn', Name: 'live', FunctionVersion: '5', RoutingConfig: { AdditionalVersionWeights: {} } },
      ]);
      expect(lines.join('\n')).toMatch(/version 5 at 10%, version 4 at 90%; 100% in 10 min/);
    });

    it('moves live at once when there is no previous version to shift from', async () => {
      const { client, calls } = fakeLambda('1');
      const result = await fastPathUpdate(client, { functionName: 'fn', bucket: 'b', key: 'k.zip', sha256: SHA, previousVersion: null }, { sleep: async () => {}, rollout: rollout('Linear10PercentEvery1Minute') });
      expect(result.shares).toEqual([]);
      expect(calls.filter((c) => c.name === 'UpdateAlias').map((c) => c.input)).toEqual([{ FunctionName: 'fn', Name: 'live', FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: {} } }]);
    });

    it('Ctrl-C during the shift puts all traffic back on the previous version, says so, and lets go of SIGINT', async () => {
      const { client, calls } = fakeLambda('5');
      const lines: string[] = [];
      const before = process.listeners('SIGINT');
      let sleeps = 0;
      const clock = virtualClock(() => {
        // the second wait: the user presses Ctrl-C (tsappa's own SIGINT listener, no other)
        if (++sleeps === 2) for (const listener of process.listeners('SIGINT').filter((l) => !before.includes(l))) listener('SIGINT');
      });
      const run = fastPathUpdate(client, { functionName: 'fn', bucket: 'b', key: 'k.zip', sha256: SHA, previousVersion: '4' }, {
        sleep: async () => {},
        rollout: { deployment: { strategy: 'Linear10PercentEvery1Minute', alarms: [] }, cloudWatch: fakeCloudWatch({ alarms: () => [], errors: () => [] }).client, clock, progress: (line) => lines.push(line), pollMs: 60_000 },
      });
      await expect(run).rejects.toThrow(/interrupted: the rollout of version 5 stopped; live serves version 4 again, all of its traffic \(routing cleared\)/);
      expect(lines).toContainEqual(expect.stringMatching(/^Ctrl-C: moving all of live's traffic back to version 4/));
      expect(calls.filter((c) => c.name === 'UpdateAlias').at(-1)!.input).toEqual({ FunctionName: 'fn', Name: 'live', FunctionVersion: '4', RoutingConfig: { AdditionalVersionWeights: {} } });
      expect(process.listeners('SIGINT')).toEqual(before);
    });
  });
});

/**
 * The fast path's own rollout, a whole canary or linear shift in virtual time: it reaches 100%
 * with the routing cleared, and an alarm, the new version's errors or Ctrl-C put `live` back on
 * the old version alone.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { fakeAliasLambda, fakeCloudWatch, virtualClock } from './__fixtures__/fakes.js';
import { cloudWatchHealth, type RolloutHealth } from './health.js';
import { rollOut, RolloutStopped, type RolloutPlan } from './shift.js';

const MINUTE = 60_000;
const plan = (strategy: RolloutPlan['strategy']): RolloutPlan => ({ functionName: 'quote-api-dev', strategy, previousVersion: '6', version: '7' });
const healthy: RolloutHealth = { missingAlarms: async () => [], problem: async () => null };

async function stopped(promise: Promise<unknown>): Promise<RolloutStopped> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RolloutStopped) return error;
    throw error;
  }
  throw new Error('the rollout finished');
}

describe('rollout on the code fast path', () => {
  it('canary: 10% for 5 minutes, then 100% with the routing cleared', async () => {
    const lambda = fakeAliasLambda('6');
    const clock = virtualClock();
    const lines: string[] = [];
    const start = clock.now();
    const result = await rollOut(plan('Canary10Percent5Minutes'), { lambda: lambda.client, health: healthy, clock, progress: (l) => lines.push(l) });
    expect(result.shares).toEqual([0.1]);
    expect(lambda.history).toEqual([
      { version: '6', weights: { '7': 0.1 } },
      { version: '7', weights: {} },
    ]);
    expect(clock.now() - start).toBe(5 * MINUTE);
    expect(lines[0]).toMatch(/version 7 at 10%, version 6 at 90%; 100% in 5 min/);
    // a line a minute while the share is held
    expect(lines.slice(1, -1)).toEqual(['4 min', '3 min', '2 min', '1 min'].map((left) => `rollout: version 7 at 10%, ${left} to go; no alarm, no error so far`));
    expect(lines.at(-1)).toMatch(/version 7 at 100%/);
  });

  it('linear: +10% every interval, 90% last, then 100%', async () => {
    const lambda = fakeAliasLambda('6');
    const clock = virtualClock();
    await rollOut(plan('Linear10PercentEvery2Minutes'), { lambda: lambda.client, health: healthy, clock, progress: () => {} });
    expect(lambda.history.map((s) => s.weights['7'] ?? (s.version === '7' ? 1 : 0))).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(lambda.alias).toEqual({ version: '7', weights: {} });
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBe(9 * 2 * MINUTE);
  });

  it('an alarm going off mid-way rolls back to the old version alone, naming the alarm', async () => {
    const lambda = fakeAliasLambda('6');
    let state = 'OK';
    const clock = virtualClock((now) => {
      if (now - Date.UTC(2026, 0, 1) >= 2 * MINUTE) state = 'ALARM';
    });
    const cloudWatch = fakeCloudWatch({ alarms: () => [{ AlarmName: 'api-5xx', StateValue: state, StateReason: 'Threshold Crossed' }], errors: () => [] });
    const health = cloudWatchHealth(cloudWatch.client, { functionName: 'quote-api-dev', version: '7', alarms: ['api-5xx'] }, clock.now);
    const error = await stopped(rollOut(plan('Canary10Percent5Minutes'), { lambda: lambda.client, health, clock, progress: () => {} }));
    expect(error.why).toBe('unhealthy');
    expect(error.message).toMatch(/rolled back: alarm "api-5xx" is in ALARM \(Threshold Crossed\); live serves version 6 again/);
    expect(lambda.alias).toEqual({ version: '6', weights: {} });
    expect(lambda.history.some((s) => s.version === '7')).toBe(false);
    expect(clock.now() - Date.UTC(2026, 0, 1)).toBeLessThan(5 * MINUTE);
  });

  it("the new version's errors roll it back, with their count", async () => {
    const lambda = fakeAliasLambda('6');
    let reads = 0;
    const clock = virtualClock();
    const cloudWatch = fakeCloudWatch({ alarms: () => [], errors: () => (++reads >= 3 ? [0, 2, 1] : []) });
    const health = cloudWatchHealth(cloudWatch.client, { functionName: 'quote-api-dev', version: '7', alarms: [] }, clock.now);
    const error = await stopped(rollOut(plan('Linear10PercentEvery1Minute'), { lambda: lambda.client, health, clock, progress: () => {} }));
    expect(error.message).toMatch(/rolled back: version 7 had 3 errors \(AWS\/Lambda Errors\) since the rollout began; live serves version 6 again/);
    expect(lambda.alias).toEqual({ version: '6', weights: {} });
    const query = cloudWatch.calls.find((c) => c.name === 'GetMetricData')!.input as { MetricDataQueries: { MetricStat: { Metric: { Dimensions: unknown } } }[] };
    expect(query.MetricDataQueries[0]!.MetricStat.Metric.Dimensions).toEqual([
      { Name: 'FunctionName', Value: 'quote-api-dev' },
      { Name: 'Resource', Value: 'quote-api-dev:live' },
      { Name: 'ExecutedVersion', Value: '7' },
    ]);
  });

  it('Ctrl-C mid-way puts all traffic back on the old version and says so', async () => {
    const lambda = fakeAliasLambda('6');
    const controller = new AbortController();
    const clock = virtualClock((now) => {
      if (now - Date.UTC(2026, 0, 1) >= 3 * MINUTE) controller.abort();
    });
    const error = await stopped(rollOut(plan('Linear10PercentEvery1Minute'), { lambda: lambda.client, health: healthy, clock, signal: controller.signal, progress: () => {} }));
    expect(error.why).toBe('interrupted');
    expect(error.message).toMatch(/interrupted: the rollout of version 7 stopped; live serves version 6 again, all of its traffic \(routing cleared\)/);
    expect(lambda.alias).toEqual({ version: '6', weights: {} });
    expect(lambda.history.map((s) => s.weights['7'] ?? 0)).toEqual([0.1, 0.2, 0.3, 0]);
  });

  it('AllAtOnce shifts nothing: live moves at once, routing cleared, no waiting, no watching', async () => {
    const lambda = fakeAliasLambda('6');
    const clock = virtualClock();
    let watched = 0;
    const health: RolloutHealth = { missingAlarms: async () => (watched++, []), problem: async () => (watched++, null) };
    const result = await rollOut(plan('AllAtOnce'), { lambda: lambda.client, health, clock, progress: () => {} });
    expect(result.shares).toEqual([]);
    expect(lambda.history).toEqual([{ version: '7', weights: {} }]);
    expect(clock.slept).toEqual([]);
    expect(watched).toBe(0);
  });

  it('refuses to start with an alarm that does not exist, or one already in ALARM; live is not touched', async () => {
    const lambda = fakeAliasLambda('6');
    const clock = virtualClock();
    const cloudWatch = fakeCloudWatch({ alarms: () => [{ AlarmName: 'api-5xx', StateValue: 'ALARM' }], errors: () => [] });
    const missing = cloudWatchHealth(cloudWatch.client, { functionName: 'quote-api-dev', version: '7', alarms: ['api-5xx', 'api-typo'] }, clock.now);
    await expect(rollOut(plan('Canary10Percent5Minutes'), { lambda: lambda.client, health: missing, clock, progress: () => {} })).rejects.toThrow(
      /deployment\.alarms: no CloudWatch alarm named "api-typo"; live still serves version 6/,
    );
    const firing = cloudWatchHealth(cloudWatch.client, { functionName: 'quote-api-dev', version: '7', alarms: ['api-5xx'] }, clock.now);
    const error = await stopped(rollOut(plan('Canary10Percent5Minutes'), { lambda: lambda.client, health: firing, clock, progress: () => {} }));
    expect(error.message).toMatch(/not rolled out: alarm "api-5xx" is in ALARM before any traffic moved; live still serves version 6/);
    expect(lambda.history).toEqual([]);
  });

  it('a rollback that fails names the command that puts live back', async () => {
    const lambda = fakeAliasLambda('6');
    let updates = 0;
    const failingRollback = {
      send: async (command: { constructor: { name: string } }) => {
        if (command.constructor.name === 'UpdateAliasCommand' && ++updates > 1) throw new Error('throttled');
        return lambda.client.send(command as never);
      },
    } as unknown as LambdaClient;
    let reads = 0;
    const health: RolloutHealth = { missingAlarms: async () => [], problem: async () => (reads++ === 0 ? null : 'alarm "x" is in ALARM') };
    const run = rollOut(plan('Canary10Percent5Minutes'), { lambda: failingRollback, health, clock: virtualClock(), progress: () => {} });
    await expect(run).rejects.toMatchObject({
      message: expect.stringMatching(/moving live back to version 6 failed: throttled/),
      hint: expect.stringMatching(/aws lambda update-alias --function-name quote-api-dev --name live --function-version 6 --routing-config AdditionalVersionWeights=\{\}/),
    });
  });

  it('an AWS call failing mid-way (the metrics unreadable) never leaves live split: it goes back to the old version', async () => {
    const lambda = fakeAliasLambda('6');
    let reads = 0;
    const health: RolloutHealth = {
      missingAlarms: async () => [],
      problem: async () => {
        if (++reads === 3) throw new Error('CloudWatch.GetMetricData: Rate exceeded');
        return null;
      },
    };
    const error = await stopped(rollOut(plan('Linear10PercentEvery1Minute'), { lambda: lambda.client, health, clock: virtualClock(), progress: () => {} }));
    expect(error.message).toMatch(/rolled back: the rollout could not go on \(CloudWatch\.GetMetricData: Rate exceeded\); live serves version 6 again/);
    expect(lambda.alias).toEqual({ version: '6', weights: {} });
  });
});

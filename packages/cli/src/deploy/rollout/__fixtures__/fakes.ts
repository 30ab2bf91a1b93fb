/** Test doubles for rollouts: a Lambda keeping one alias, CloudWatch with scripted answers, a clock of virtual time. */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { sdkFake } from '../../../../test/sdk-fake.js';
import type { RolloutClock } from '../clock.js';

interface SentCommand {
  constructor: { name: string };
  input: Record<string, unknown>;
}

export interface AliasState {
  version: string;
  weights: Record<string, number>;
}

/** A Lambda whose `live` alias follows UpdateAlias; every call is recorded. */
export function fakeAliasLambda(version: string) {
  const alias: AliasState = { version, weights: {} };
  const calls: { name: string; input: Record<string, unknown> }[] = [];
  /** every state the alias went through, after each UpdateAlias */
  const history: AliasState[] = [];
  const client = {
    send: async (command: SentCommand) => {
      const name = command.constructor.name.replace(/Command$/, '');
      calls.push({ name, input: command.input });
      if (name === 'UpdateAlias') {
        if (typeof command.input.FunctionVersion === 'string') alias.version = command.input.FunctionVersion;
        const routing = command.input.RoutingConfig as { AdditionalVersionWeights?: Record<string, number> } | undefined;
        if (routing) alias.weights = { ...(routing.AdditionalVersionWeights ?? {}) };
        history.push({ version: alias.version, weights: { ...alias.weights } });
      }
      return {};
    },
  };
  return { client: client as unknown as LambdaClient, alias, calls, history };
}

/** Virtual time: `sleep` advances it at once; `onSleep` runs before each wait returns. */
export function virtualClock(onSleep: (now: number) => void = () => {}): RolloutClock & { slept: number[] } {
  let now = Date.UTC(2026, 0, 1);
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms, signal) => {
      if (signal?.aborted) return;
      slept.push(ms);
      now += ms;
      onSleep(now);
    },
  };
}

/** CloudWatch answering DescribeAlarms and GetMetricData from functions of the moment (a CloudWatchClient, as the SDK's paginators require). */
export function fakeCloudWatch(answers: { alarms: () => { AlarmName: string; StateValue: string; StateReason?: string }[]; errors: () => number[] }) {
  const calls: { name: string; input: Record<string, unknown> }[] = [];
  const client = sdkFake(CloudWatchClient, {
    send: async (command: SentCommand) => {
      const name = command.constructor.name.replace(/Command$/, '');
      calls.push({ name, input: command.input });
      if (name === 'DescribeAlarms') {
        const wanted = new Set(command.input.AlarmNames as string[]);
        return { MetricAlarms: answers.alarms().filter((a) => wanted.has(a.AlarmName)) };
      }
      if (name === 'GetMetricData') return { MetricDataResults: [{ Id: 'errors', Values: answers.errors() }] };
      throw new Error(`unexpected ${name}`);
    },
  });
  return { client, calls };
}

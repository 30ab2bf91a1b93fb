/**
 * What a rollout watches while it shifts traffic: the stage's `deployment.alarms` (any in
 * ALARM stops it) and the new version's own errors (the AWS/Lambda `Errors` metric of the
 * alias's invocations that ran that version: dimensions FunctionName, Resource
 * "<function>:live" and ExecutedVersion; any error stops it).
 * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
 */
import { paginateDescribeAlarms, paginateGetMetricData, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { LIVE_ALIAS } from '@tsappa/runtime/contract';

export interface RolloutHealth {
  /** the named alarms that do not exist (a misspelt name would never stop anything) */
  missingAlarms(): Promise<string[]>;
  /** why the rollout must stop now, or null while all is well */
  problem(sinceMs: number): Promise<string | null>;
}

export interface HealthTarget {
  functionName: string;
  /** the version taking traffic */
  version: string;
  alarms: string[];
}

const MINUTE = 60_000;

async function alarmStates(cloudWatch: CloudWatchClient, names: string[]): Promise<Map<string, { state: string; reason: string | null }>> {
  const states = new Map<string, { state: string; reason: string | null }>();
  if (names.length === 0) return states;
  for await (const page of paginateDescribeAlarms({ client: cloudWatch }, { AlarmNames: names, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] })) {
    for (const alarm of [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])]) {
      if (alarm.AlarmName) states.set(alarm.AlarmName, { state: alarm.StateValue ?? 'INSUFFICIENT_DATA', reason: alarm.StateReason ?? null });
    }
  }
  return states;
}

/** The new version's errors (Sum of `Errors`) from the minute `sinceMs` falls in until now. */
export async function versionErrors(cloudWatch: CloudWatchClient, target: Pick<HealthTarget, 'functionName' | 'version'>, sinceMs: number, nowMs: number): Promise<number> {
  let total = 0;
  const pages = paginateGetMetricData(
    { client: cloudWatch },
    {
      StartTime: new Date(Math.floor(sinceMs / MINUTE) * MINUTE),
      EndTime: new Date(Math.ceil((nowMs + 1) / MINUTE) * MINUTE),
      MetricDataQueries: [
        {
          Id: 'errors',
          ReturnData: true,
          MetricStat: {
            Period: 60,
            Stat: 'Sum',
            Metric: {
              Namespace: 'AWS/Lambda',
              MetricName: 'Errors',
              Dimensions: [
                { Name: 'FunctionName', Value: target.functionName },
                { Name: 'Resource', Value: `${target.functionName}:${LIVE_ALIAS}` },
                { Name: 'ExecutedVersion', Value: target.version },
              ],
            },
          },
        },
      ],
    },
  );
  for await (const page of pages) {
    for (const result of page.MetricDataResults ?? []) total += (result.Values ?? []).reduce((sum, value) => sum + value, 0);
  }
  return total;
}

export function cloudWatchHealth(cloudWatch: CloudWatchClient, target: HealthTarget, now: () => number): RolloutHealth {
  return {
    missingAlarms: async () => {
      const states = await alarmStates(cloudWatch, target.alarms);
      return target.alarms.filter((name) => !states.has(name));
    },
    problem: async (sinceMs) => {
      const states = await alarmStates(cloudWatch, target.alarms);
      for (const name of target.alarms) {
        const alarm = states.get(name);
        if (alarm?.state === 'ALARM') return `alarm "${name}" is in ALARM${alarm.reason ? ` (${alarm.reason})` : ''}`;
      }
      const errors = await versionErrors(cloudWatch, target, sinceMs, now());
      if (errors > 0) return `version ${target.version} had ${errors} error${errors === 1 ? '' : 's'} (AWS/Lambda Errors) since the rollout began`;
      return null;
    },
  };
}

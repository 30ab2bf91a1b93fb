import type { CloudWatchLogsClient, LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { expectedLogging, loggingConfigDifferences, verifyLogging } from './verify-logs.js';

const GROUP = '/aws/lambda/quote-api-dev';

function fakeLogs(groups: LogGroup[]) {
  const calls: Record<string, unknown>[] = [];
  const client = {
    send: async (command: { input: Record<string, unknown> }) => {
      calls.push(command.input);
      return { logGroups: groups };
    },
  };
  return { client: client as unknown as CloudWatchLogsClient, calls };
}

describe('verifying where the served version logs', () => {
  it("accepts Lambda's default group when it keeps logs for the days asked", async () => {
    const { client, calls } = fakeLogs([{ logGroupName: `${GROUP}-other`, retentionInDays: 1 }, { logGroupName: GROUP, retentionInDays: 30 }]);
    const read = await verifyLogging(client, {}, expectedLogging(GROUP, 30, undefined), 'quote-api-dev');
    expect(read).toEqual({ logGroup: GROUP, retentionDays: 30, format: 'Text', differences: [] });
    expect(calls).toEqual([{ logGroupNamePrefix: GROUP }]);
  });

  it('reports another retention, a group that never expires, and a missing group', async () => {
    expect((await verifyLogging(fakeLogs([{ logGroupName: GROUP, retentionInDays: 14 }]).client, {}, expectedLogging(GROUP, 30, undefined), 'quote-api-dev')).differences).toEqual([
      'log retention (days): 14 instead of 30',
    ]);
    expect((await verifyLogging(fakeLogs([{ logGroupName: GROUP }]).client, {}, expectedLogging(GROUP, 30, undefined), 'quote-api-dev')).differences).toEqual([
      'log retention (days): never expire instead of 30',
    ]);
    expect((await verifyLogging(fakeLogs([]).client, {}, expectedLogging(GROUP, 30, undefined), 'quote-api-dev')).differences).toEqual([`log group ${GROUP}: missing`]);
  });

  it('compares the log group, format and levels of a LoggingConfig the template sets', () => {
    const expected = expectedLogging(GROUP, 30, { LogFormat: 'JSON', ApplicationLogLevel: 'WARN', SystemLogLevel: 'INFO' });
    expect(loggingConfigDifferences({ LoggingConfig: { LogGroup: GROUP, LogFormat: 'JSON', ApplicationLogLevel: 'WARN', SystemLogLevel: 'INFO' } }, expected, 'quote-api-dev')).toEqual([]);
    expect(loggingConfigDifferences({ LoggingConfig: { LogGroup: '/custom', ApplicationLogLevel: 'DEBUG' } }, expected, 'quote-api-dev')).toEqual([
      `log group: /custom instead of ${GROUP}`,
      'log format: Text instead of JSON',
      'application log level: DEBUG instead of WARN',
      'system log level: (none) instead of INFO',
    ]);
    // without a LoggingConfig in the template, only the group is compared
    expect(loggingConfigDifferences({ LoggingConfig: { LogGroup: GROUP, LogFormat: 'JSON' } }, expectedLogging(GROUP, 30, undefined), 'quote-api-dev')).toEqual([]);
  });
});

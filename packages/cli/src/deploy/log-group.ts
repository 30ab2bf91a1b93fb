/**
 * The function's log group outlives its stack (the template retains it, so `undeploy` keeps
 * logs unless `--remove-logs`). When a stage is created again, or a failed first deploy is
 * retried, the group already exists: the template must then leave it out (CloudFormation
 * would fail with "already exists") and its retention is set directly.
 */
import { DescribeLogGroupsCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { LOGICAL_IDS, stageNames, type ResolvedSettings } from '@tsappa/templates';
import type { AwsClients } from '../aws/clients.js';

async function describeLogGroup(clients: AwsClients, settings: ResolvedSettings) {
  const name = stageNames(settings).logGroup;
  const logs = await clients.logs();
  const page = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
  return (page.logGroups ?? []).find((group) => group.logGroupName === name) ?? null;
}

/** Whether the stage's log group exists outside any stack of ours. */
export async function logGroupExists(clients: AwsClients, settings: ResolvedSettings): Promise<boolean> {
  return (await describeLogGroup(clients, settings)) !== null;
}

/** For a log group outside the stack: whether its retention differs from `logRetentionDays`. */
export async function retentionDiffers(clients: AwsClients, settings: ResolvedSettings): Promise<boolean> {
  const group = await describeLogGroup(clients, settings);
  return group !== null && group.retentionInDays !== settings.logRetentionDays;
}

/** Whether a deployed template leaves the log group out (it was created before the stack). */
export function templateOmitsLogGroup(template: { Resources?: Record<string, unknown> } | null): boolean {
  return template !== null && !(LOGICAL_IDS.logGroup in (template.Resources ?? {}));
}

/** Sets the retention of a log group the stack does not manage. */
export async function applyRetention(clients: AwsClients, settings: ResolvedSettings): Promise<void> {
  const logs = await clients.logs();
  await logs.send(new PutRetentionPolicyCommand({ logGroupName: stageNames(settings).logGroup, retentionInDays: settings.logRetentionDays }));
}

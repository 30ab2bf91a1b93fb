/** What `tsappa status` reads about a stage: stack, function, alias, URL, domain, schedules, key, DLQ. */
import { DescribeRuleCommand } from '@aws-sdk/client-eventbridge';
import { GetScheduleCommand } from '@aws-sdk/client-scheduler';
import { GetAliasCommand, GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { LIVE_ALIAS } from '@tsappa/runtime/contract';
import { OUTPUTS, scheduleRules, schedulerSchedules, stackName, type ResolvedSettings } from '@tsappa/templates';
import type { AwsClients } from '../aws/clients.js';
import { errorName } from './retry.js';
import { rolloutInProgress } from './rollout/alias-routing.js';
import { rolledBack } from './roll-forward.js';
import { findStack, stackOutputs } from './stack.js';

export interface ScheduleStatus {
  name: string;
  /** the Events rule, or the EventBridge Scheduler schedule (group/name) of a schedule with a time zone */
  rule: string;
  expression: string | null;
  state: string;
  /** the IANA zone a Scheduler schedule runs in; null for an Events rule (UTC) */
  timezone: string | null;
}

export interface StageStatus {
  stage: string;
  region: string;
  stack: { name: string; status: string; reason: string | null; lastUpdated: string | null } | null;
  function: {
    name: string;
    runtime: string | null;
    architecture: string | null;
    memorySize: number | null;
    codeSize: number | null;
    lastModified: string | null;
    liveVersion: string | null;
    /** `live` splitting its traffic (a rollout in progress): "version 7 at 10%, version 6 at 90%"; null: none */
    rollout: string | null;
    /** after `tsappa rollback`: the stack's version, newer than live's, which the next update serves again; null: none */
    rolledBackFrom: string | null;
  } | null;
  url: string | null;
  domain: { name: string; target: string | null } | null;
  schedules: ScheduleStatus[];
  apiKeyId: string | null;
  deadLetterArn: string | null;
}

async function notFoundAsNull<T>(promise: Promise<T>): Promise<T | null> {
  try {
    return await promise;
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return null;
    throw error;
  }
}

export async function scheduleStatuses(clients: AwsClients, settings: ResolvedSettings): Promise<ScheduleStatus[]> {
  const events = await clients.events();
  const out: ScheduleStatus[] = [];
  for (const rule of scheduleRules(settings)) {
    const described = await notFoundAsNull(events.send(new DescribeRuleCommand({ Name: rule.ruleName })));
    out.push({ name: rule.name, rule: rule.ruleName, expression: described?.ScheduleExpression ?? null, state: described?.State ?? 'MISSING', timezone: null });
  }
  const zoned = schedulerSchedules(settings);
  if (zoned.length > 0) {
    const scheduler = await clients.scheduler();
    for (const schedule of zoned) {
      const described = await notFoundAsNull(scheduler.send(new GetScheduleCommand({ Name: schedule.scheduleName, GroupName: schedule.groupName })));
      out.push({
        name: schedule.name,
        rule: `${schedule.groupName}/${schedule.scheduleName}`,
        expression: described?.ScheduleExpression ?? null,
        state: described?.State ?? 'MISSING',
        timezone: described?.ScheduleExpressionTimezone ?? schedule.timezone,
      });
    }
  }
  return out;
}

export async function stageStatus(clients: AwsClients, settings: ResolvedSettings): Promise<StageStatus> {
  const name = stackName(settings);
  const stack = await findStack(await clients.cloudFormation(), name);
  const base: StageStatus = { stage: settings.stage, region: clients.target.region, stack: null, function: null, url: null, domain: null, schedules: [], apiKeyId: null, deadLetterArn: null };
  if (!stack) return base;
  const outputs = stackOutputs(stack);
  const functionName = outputs[OUTPUTS.functionName] || name;
  const lambda = await clients.lambda();
  const config = await notFoundAsNull(lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName })));
  const alias = config ? await notFoundAsNull(lambda.send(new GetAliasCommand({ FunctionName: functionName, Name: LIVE_ALIAS }))) : null;
  const updated = stack.LastUpdatedTime ?? stack.CreationTime;
  return {
    ...base,
    stack: { name, status: stack.StackStatus ?? 'UNKNOWN', reason: stack.StackStatusReason ?? null, lastUpdated: updated ? updated.toISOString() : null },
    function: config
      ? {
          name: functionName,
          runtime: config.Runtime ?? null,
          architecture: config.Architectures?.[0] ?? null,
          memorySize: config.MemorySize ?? null,
          codeSize: config.CodeSize ?? null,
          lastModified: config.LastModified ?? null,
          liveVersion: alias?.FunctionVersion ?? null,
          rollout: alias ? rolloutInProgress(alias) : null,
          rolledBackFrom: rolledBack(alias?.FunctionVersion, outputs[OUTPUTS.functionVersion])?.stack ?? null,
        }
      : null,
    url: outputs[OUTPUTS.apiUrl] || null,
    domain: settings.domain ? { name: settings.domain, target: outputs[OUTPUTS.domainTargetName] || null } : null,
    schedules: await scheduleStatuses(clients, settings),
    apiKeyId: outputs[OUTPUTS.apiKeyId] || null,
    deadLetterArn: outputs[OUTPUTS.deadLetterArn] || null,
  };
}

export function formatStatus(s: StageStatus): string {
  if (!s.stack) return `Stage "${s.stage}" is not deployed in ${s.region}.`;
  const lines = [
    `Stage      ${s.stage} (${s.region})`,
    `Stack      ${s.stack.name}: ${s.stack.status}${s.stack.reason ? ` (${s.stack.reason})` : ''}${s.stack.lastUpdated ? `, last update ${s.stack.lastUpdated}` : ''}`,
  ];
  if (s.function) {
    const f = s.function;
    lines.push(
      `Function   ${f.name}: ${f.runtime ?? '?'} ${f.architecture ?? ''}, ${f.memorySize ?? '?'} MB, code ${f.codeSize === null ? '?' : `${(f.codeSize / 1024).toFixed(0)} KB`}`,
      `Live       version ${f.liveVersion ?? '(no live alias)'}${f.rollout ? `; rollout: ${f.rollout}` : ''}${f.rolledBackFrom ? ` (a rollback: the stack's version is ${f.rolledBackFrom}, which the next "tsappa update" serves again)` : ''}`,
    );
  } else lines.push('Function   (not found)');
  lines.push(`URL        ${s.url ?? '(no API)'}`);
  if (s.domain) lines.push(`Domain     ${s.domain.name}${s.domain.target ? ` -> ${s.domain.target}` : ''}`);
  if (s.schedules.length === 0) lines.push('Schedules  none');
  for (const [i, r] of s.schedules.entries()) lines.push(`${i === 0 ? 'Schedules  ' : '           '}${r.name}: ${r.state}${r.expression ? ` ${r.expression}` : ''}${r.timezone ? ` in ${r.timezone}` : ''} (${r.rule})`);
  lines.push(`API key    ${s.apiKeyId ?? 'none'}`);
  lines.push(`DLQ        ${s.deadLetterArn ?? 'none'}`);
  return lines.join('\n');
}

/**
 * `tsappa schedule` / `unschedule`: enable or disable the stage's schedules without a redeploy:
 * Events rules through EventBridge, schedules with a time zone, window or dates through
 * EventBridge Scheduler (./scheduler-state.ts).
 */
import { DisableRuleCommand, EnableRuleCommand } from '@aws-sdk/client-eventbridge';
import { scheduleRules, schedulerSchedules, type ResolvedSettings } from '@tsappa/templates';
import { CliError } from '../cli/errors.js';
import type { AwsClients } from '../aws/clients.js';
import { errorName } from './retry.js';
import { setSchedulerState } from './scheduler-state.js';

export interface RuleChange {
  name: string;
  /** the Events rule's or the Scheduler schedule's name */
  rule: string;
  /** `events`: an EventBridge rule; `scheduler`: an EventBridge Scheduler schedule */
  service: 'events' | 'scheduler';
  /** Scheduler schedules: the IANA zone their expression runs in */
  timezone?: string;
  state: 'ENABLED' | 'DISABLED' | 'MISSING';
}

async function setRule(clients: AwsClients, ruleName: string, on: boolean): Promise<RuleChange['state']> {
  const events = await clients.events();
  try {
    await events.send(on ? new EnableRuleCommand({ Name: ruleName }) : new DisableRuleCommand({ Name: ruleName }));
    return on ? 'ENABLED' : 'DISABLED';
  } catch (error) {
    if (errorName(error) !== 'ResourceNotFoundException') throw error;
    return 'MISSING';
  }
}

/**
 * `enable`: the keep-warm rule and every schedule enabled in the settings (a schedule with
 * `enabled: false` stays disabled); `disable`: every rule and schedule of the stage.
 */
export async function setSchedules(clients: AwsClients, settings: ResolvedSettings, enable: boolean): Promise<RuleChange[]> {
  const rules = scheduleRules(settings);
  const schedules = schedulerSchedules(settings);
  if (rules.length + schedules.length === 0) throw new CliError(`stage "${settings.stage}" has no schedules (keepWarm is off and no schedule events)`, 1);
  const out: RuleChange[] = [];
  for (const rule of rules) {
    out.push({ name: rule.name, rule: rule.ruleName, service: 'events', state: await setRule(clients, rule.ruleName, enable && rule.enabled) });
  }
  for (const schedule of schedules) {
    const state = await setSchedulerState(clients, schedule, enable && schedule.enabled);
    out.push({ name: schedule.name, rule: schedule.scheduleName, service: 'scheduler', timezone: schedule.timezone, state });
  }
  return out;
}

/** One line per rule or schedule, as `schedule` and `unschedule` print them. */
export function formatRuleChange(change: RuleChange): string {
  const where = change.service === 'scheduler' ? `Scheduler schedule ${change.rule}, ${change.timezone ?? 'UTC'}` : change.rule;
  return `${change.name}: ${change.state} (${where})`;
}

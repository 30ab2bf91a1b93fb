/** `tsappa schedule` / `unschedule`: enable or disable the stage's rules through EventBridge, without a redeploy. */
import { DisableRuleCommand, EnableRuleCommand } from '@aws-sdk/client-eventbridge';
import { scheduleRules, type ResolvedSettings } from '@tsappa/templates';
import { CliError } from '../cli/errors.js';
import type { AwsClients } from '../aws/clients.js';
import { errorName } from './retry.js';

export interface RuleChange {
  name: string;
  rule: string;
  state: 'ENABLED' | 'DISABLED' | 'MISSING';
}

/**
 * `enable`: the keep-warm rule and every schedule enabled in the settings (a schedule with
 * `enabled: false` stays disabled); `disable`: every rule of the stage.
 */
export async function setSchedules(clients: AwsClients, settings: ResolvedSettings, enable: boolean): Promise<RuleChange[]> {
  const rules = scheduleRules(settings);
  if (rules.length === 0) throw new CliError(`stage "${settings.stage}" has no schedules (keepWarm is off and no schedule events)`, 1);
  const events = await clients.events();
  const out: RuleChange[] = [];
  for (const rule of rules) {
    const on = enable && rule.enabled;
    try {
      await events.send(on ? new EnableRuleCommand({ Name: rule.ruleName }) : new DisableRuleCommand({ Name: rule.ruleName }));
      out.push({ name: rule.name, rule: rule.ruleName, state: on ? 'ENABLED' : 'DISABLED' });
    } catch (error) {
      if (errorName(error) !== 'ResourceNotFoundException') throw error;
      out.push({ name: rule.name, rule: rule.ruleName, state: 'MISSING' });
    }
  }
  return out;
}

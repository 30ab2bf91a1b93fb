/**
 * The keep-warm rule and one rule per schedule event, all invoking the `live` alias, with a
 * single Lambda permission scoped to the stage's rule-name prefix (not one per rule, so the
 * function's resource policy stays small however many schedules there are). Schedule events
 * with a time zone, a flexible window or dates are EventBridge Scheduler schedules instead
 * (./scheduler-schedules.ts).
 */
import { KEEP_WARM_INPUT, type ScheduleInput } from '@tsappa/runtime/contract';
import { canonicalJson } from './canonical.js';
import type { Context } from './context.js';
import { invokePermission } from './permission.js';
import { LOGICAL_IDS, ruleName, scheduleRuleLogicalId, stageNames } from './ids.js';
import { literal, stackArn, withTags } from './intrinsics.js';
import { TemplateError, type Fragment } from './model.js';
import { schedulerFragment, usesScheduler } from './scheduler-schedules.js';
import type { CloudFormationResource, ResolvedSettings, ScheduleEvent } from './settings.js';

/** The target id every rule uses for the alias. */
export const SCHEDULE_TARGET_ID = 'live';

export interface ScheduleRuleName {
  /** the schedule event's name, or `keep-warm` */
  name: string;
  /** the EventBridge rule's name */
  ruleName: string;
  logicalId: string;
  enabled: boolean;
}

/** The stage's rules by name: what `schedule`, `unschedule` and `status` work on. */
export function scheduleRules(settings: ResolvedSettings): ScheduleRuleName[] {
  const names = stageNames(settings);
  const rules: ScheduleRuleName[] = [];
  if (settings.keepWarm) {
    rules.push({ name: 'keep-warm', ruleName: names.keepWarmRule, logicalId: LOGICAL_IDS.keepWarmRule, enabled: true });
  }
  const seen = new Map<string, string>();
  for (const event of scheduleEvents(settings)) {
    const rule = ruleName(names.stack, event.name);
    const previous = seen.get(rule);
    if (previous !== undefined || rule === names.keepWarmRule) {
      throw new TemplateError(`events: two schedules share the rule name "${rule}" ("${previous ?? 'keep-warm'}" and "${event.name}"); give one a distinct name`);
    }
    seen.set(rule, event.name);
    rules.push({ name: event.name, ruleName: rule, logicalId: scheduleRuleLogicalId(event), enabled: event.enabled });
  }
  return rules;
}

/** Schedule events that are Events rules: those without a Scheduler option (./scheduler-schedules.ts). */
function scheduleEvents(settings: ResolvedSettings): ScheduleEvent[] {
  return settings.events.filter((event): event is ScheduleEvent => event.kind === 'schedule' && !usesScheduler(event));
}

function rule(ctx: Context, properties: { Name: string; Description: string; ScheduleExpression: string; State: string; Input: string }): CloudFormationResource {
  return {
    Type: 'AWS::Events::Rule',
    DependsOn: [ctx.aliasDependsOn],
    Properties: withTags(
      {
        Name: properties.Name,
        Description: properties.Description,
        ScheduleExpression: properties.ScheduleExpression,
        State: properties.State,
        Targets: [{ Id: SCHEDULE_TARGET_ID, Arn: ctx.aliasArn, Input: properties.Input }],
      },
      ctx.settings.tags,
    ),
  };
}

/** The Events rules with their one permission, and the Scheduler schedules with their role. */
export function schedulesFragment(ctx: Context): Fragment {
  const scheduler = schedulerFragment(ctx);
  return { resources: { ...eventRulesFragment(ctx).resources, ...scheduler.resources } };
}

function eventRulesFragment(ctx: Context): Fragment {
  const { settings, names } = ctx;
  const rules = scheduleRules(settings);
  if (rules.length === 0) return {};
  const resources: Record<string, CloudFormationResource> = {};
  if (settings.keepWarm) {
    resources[LOGICAL_IDS.keepWarmRule] = rule(ctx, {
      Name: names.keepWarmRule,
      Description: `tsappa keep-warm of ${names.stack}`,
      ScheduleExpression: settings.keepWarmExpression,
      State: 'ENABLED',
      Input: canonicalJson(KEEP_WARM_INPUT),
    });
  }
  const byName = new Map(rules.map((r) => [r.name, r]));
  for (const event of scheduleEvents(settings)) {
    const named = byName.get(event.name)!;
    const input: ScheduleInput = { 'tsappa:schedule': event.function };
    resources[named.logicalId] = rule(ctx, {
      Name: named.ruleName,
      Description: `tsappa schedule ${event.function}`.slice(0, 512),
      ScheduleExpression: event.expression,
      State: event.enabled ? 'ENABLED' : 'DISABLED',
      Input: canonicalJson(input),
    });
  }
  resources[LOGICAL_IDS.schedulePermission] = invokePermission(ctx, {
    principal: 'events.amazonaws.com',
    // One permission for every rule of the stage: they all start with `<stack>-`.
    sourceArn: stackArn('events', `rule/${literal(names.rulePrefix)}*`),
  });
  return { resources };
}

/**
 * Schedule events that set a time zone, a flexible window or start/end dates run on EventBridge
 * Scheduler (AWS::Scheduler::Schedule): CloudWatch Events rules have none of these. Each invokes
 * the `live` alias through the stage's scheduler role (./scheduler-role.ts), with the same
 * constant input an Events rule target sends. Plain schedules stay Events rules (./schedules.ts).
 */
import type { ScheduleInput } from '@tsappa/runtime/contract';
import { canonicalJson } from './canonical.js';
import type { Context } from './context.js';
import { namedLogicalId, ruleName, stageNames } from './ids.js';
import { getAtt } from './intrinsics.js';
import { TemplateError, type Fragment } from './model.js';
import { SCHEDULER_ROLE_ID, schedulerRole } from './scheduler-role.js';
import type { CloudFormationResource, ResolvedSettings, ScheduleEvent } from './settings.js';

/** The stage's schedules live in the account's default group (a group is only a namespace). */
export const SCHEDULE_GROUP = 'default';
const LOGICAL_ID_PREFIX = 'SchedulerSchedule';

/** Whether a schedule event needs EventBridge Scheduler. */
export function usesScheduler(event: ScheduleEvent): boolean {
  return (event.timezone ?? null) !== null || (event.flexibleWindow ?? null) !== null || (event.startDate ?? null) !== null || (event.endDate ?? null) !== null;
}

export interface SchedulerScheduleName {
  /** the schedule event's name */
  name: string;
  /** the Scheduler schedule's name, `<stack>-<name>` within 64 characters */
  scheduleName: string;
  groupName: string;
  logicalId: string;
  enabled: boolean;
  /** IANA zone the expression is evaluated in */
  timezone: string;
}

function schedulerEvents(settings: ResolvedSettings): ScheduleEvent[] {
  return settings.events.filter((event): event is ScheduleEvent => event.kind === 'schedule' && usesScheduler(event));
}

/** The stage's Scheduler schedules by name: what `schedule`, `unschedule` and `serve` work on. */
export function schedulerSchedules(settings: ResolvedSettings): SchedulerScheduleName[] {
  const stack = stageNames(settings).stack;
  const seen = new Map<string, string>();
  return schedulerEvents(settings).map((event) => {
    const scheduleName = ruleName(stack, event.name);
    const previous = seen.get(scheduleName);
    if (previous !== undefined) {
      throw new TemplateError(`events: two schedules share the schedule name "${scheduleName}" ("${previous}" and "${event.name}"); give one a distinct name`);
    }
    seen.set(scheduleName, event.name);
    return {
      name: event.name,
      scheduleName,
      groupName: SCHEDULE_GROUP,
      logicalId: namedLogicalId(LOGICAL_ID_PREFIX, event.name),
      enabled: event.enabled,
      timezone: event.timezone ?? 'UTC',
    };
  });
}

function flexibleTimeWindow(event: ScheduleEvent): Record<string, unknown> {
  const minutes = event.flexibleWindow ?? null;
  return minutes === null ? { Mode: 'OFF' } : { Mode: 'FLEXIBLE', MaximumWindowInMinutes: minutes };
}

function schedule(ctx: Context, event: ScheduleEvent, named: SchedulerScheduleName): CloudFormationResource {
  const input: ScheduleInput = { 'tsappa:schedule': event.function };
  return {
    Type: 'AWS::Scheduler::Schedule',
    DependsOn: [ctx.aliasDependsOn],
    Properties: {
      Name: named.scheduleName,
      GroupName: named.groupName,
      Description: `tsappa schedule ${event.function}`.slice(0, 512),
      ScheduleExpression: event.expression,
      ScheduleExpressionTimezone: named.timezone,
      FlexibleTimeWindow: flexibleTimeWindow(event),
      ...(event.startDate ? { StartDate: event.startDate } : {}),
      ...(event.endDate ? { EndDate: event.endDate } : {}),
      State: event.enabled ? 'ENABLED' : 'DISABLED',
      Target: { Arn: ctx.aliasArn, RoleArn: getAtt(SCHEDULER_ROLE_ID, 'Arn'), Input: canonicalJson(input) },
    },
  };
}

/** The Scheduler schedules and their role; nothing when no schedule needs Scheduler. */
export function schedulerFragment(ctx: Context): Fragment {
  const named = schedulerSchedules(ctx.settings);
  if (named.length === 0) return {};
  const byName = new Map(named.map((n) => [n.name, n]));
  const resources: Record<string, CloudFormationResource> = { [SCHEDULER_ROLE_ID]: schedulerRole(ctx) };
  for (const event of schedulerEvents(ctx.settings)) {
    const n = byName.get(event.name)!;
    resources[n.logicalId] = schedule(ctx, event, n);
  }
  return { resources };
}

/**
 * Turning an EventBridge Scheduler schedule on or off in place. Scheduler has no enable/disable
 * call: UpdateSchedule replaces the whole schedule, so every field is read back (GetSchedule)
 * and sent again with the new State
 * (https://docs.aws.amazon.com/scheduler/latest/APIReference/API_UpdateSchedule.html).
 */
import { GetScheduleCommand, UpdateScheduleCommand, type GetScheduleCommandOutput } from '@aws-sdk/client-scheduler';
import type { SchedulerScheduleName } from '@tsappa/templates';
import type { AwsClients } from '../aws/clients.js';
import { errorName } from './retry.js';

export type ScheduleState = 'ENABLED' | 'DISABLED' | 'MISSING';

/** Scheduler refuses a StartDate more than 5 minutes in the past: a start already reached is left out (the schedule runs from now). */
const START_DATE_SLACK_MS = 5 * 60_000;

export function updateInput(current: GetScheduleCommandOutput, state: 'ENABLED' | 'DISABLED', now = Date.now()) {
  const startDate = current.StartDate && current.StartDate.getTime() > now - START_DATE_SLACK_MS ? current.StartDate : undefined;
  return {
    Name: current.Name,
    GroupName: current.GroupName,
    Description: current.Description,
    ScheduleExpression: current.ScheduleExpression,
    ScheduleExpressionTimezone: current.ScheduleExpressionTimezone,
    FlexibleTimeWindow: current.FlexibleTimeWindow,
    Target: current.Target,
    ...(startDate ? { StartDate: startDate } : {}),
    ...(current.EndDate ? { EndDate: current.EndDate } : {}),
    ...(current.KmsKeyArn ? { KmsKeyArn: current.KmsKeyArn } : {}),
    ...(current.ActionAfterCompletion ? { ActionAfterCompletion: current.ActionAfterCompletion } : {}),
    State: state,
  };
}

/** Sets the schedule's state; MISSING when it does not exist (the stage is not deployed). */
export async function setSchedulerState(clients: AwsClients, schedule: SchedulerScheduleName, on: boolean): Promise<ScheduleState> {
  const scheduler = await clients.scheduler();
  const state = on ? 'ENABLED' : 'DISABLED';
  try {
    const current = await scheduler.send(new GetScheduleCommand({ Name: schedule.scheduleName, GroupName: schedule.groupName }));
    if (current.State !== state) await scheduler.send(new UpdateScheduleCommand(updateInput(current, state)));
    return state;
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return 'MISSING';
    throw error;
  }
}

/** The schedule's state as Scheduler has it. */
export async function readSchedulerState(clients: AwsClients, schedule: SchedulerScheduleName): Promise<ScheduleState> {
  const scheduler = await clients.scheduler();
  try {
    const current = await scheduler.send(new GetScheduleCommand({ Name: schedule.scheduleName, GroupName: schedule.groupName }));
    return current.State === 'DISABLED' ? 'DISABLED' : 'ENABLED';
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return 'MISSING';
    throw error;
  }
}

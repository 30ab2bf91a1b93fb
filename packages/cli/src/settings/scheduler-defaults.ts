/** A schedule event's EventBridge Scheduler options, resolved: null for what the event leaves out. */
import type { ScheduleEvent } from '@tsappa/templates';
import { utcInstant } from './schedule-options.js';

interface WrittenSchedulerOptions {
  timezone?: string | undefined;
  flexibleWindow?: number | 'off' | undefined;
  startDate?: string | undefined;
  endDate?: string | undefined;
}

export function schedulerOptions(event: WrittenSchedulerOptions): Required<Pick<ScheduleEvent, 'timezone' | 'flexibleWindow' | 'startDate' | 'endDate'>> {
  return {
    timezone: event.timezone ?? null,
    flexibleWindow: typeof event.flexibleWindow === 'number' ? event.flexibleWindow : null,
    startDate: event.startDate === undefined ? null : utcInstant(event.startDate),
    endDate: event.endDate === undefined ? null : utcInstant(event.endDate),
  };
}

import type { GetScheduleCommandOutput } from '@aws-sdk/client-scheduler';
import { describe, expect, it } from 'vitest';
import { updateInput } from './scheduler-state.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const current = (extra: Partial<GetScheduleCommandOutput> = {}): GetScheduleCommandOutput => ({
  $metadata: {},
  Name: 'quote-api-dev-berlin-morning',
  GroupName: 'default',
  Description: 'tsappa schedule src/jobs.ts:morning',
  ScheduleExpression: 'cron(0 9 * * ? *)',
  ScheduleExpressionTimezone: 'Europe/Berlin',
  FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 10 },
  Target: { Arn: 'arn:aws:lambda:eu-west-1:123456789012:function:quote-api-dev:live', RoleArn: 'arn:aws:iam::123456789012:role/r', Input: '{}' },
  State: 'ENABLED',
  ...extra,
});

describe('switching a Scheduler schedule (UpdateSchedule replaces every field)', () => {
  it('sends every field back with the new state', () => {
    const end = new Date('2030-01-01T00:00:00Z');
    expect(updateInput(current({ EndDate: end, KmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/k' }), 'DISABLED', NOW)).toEqual({
      Name: 'quote-api-dev-berlin-morning',
      GroupName: 'default',
      Description: 'tsappa schedule src/jobs.ts:morning',
      ScheduleExpression: 'cron(0 9 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 10 },
      Target: current().Target,
      EndDate: end,
      KmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/k',
      State: 'DISABLED',
    });
  });

  it('keeps a start date still ahead, and leaves out one already passed (Scheduler refuses a StartDate more than 5 minutes ago)', () => {
    const ahead = new Date('2026-07-01T00:00:00Z');
    expect(updateInput(current({ StartDate: ahead }), 'ENABLED', NOW).StartDate).toEqual(ahead);
    expect(updateInput(current({ StartDate: new Date('2026-01-01T00:00:00Z') }), 'ENABLED', NOW)).not.toHaveProperty('StartDate');
  });
});

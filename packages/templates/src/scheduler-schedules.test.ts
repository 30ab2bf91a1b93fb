import { describe, expect, it } from 'vitest';
import { makeSettings } from './__fixtures__/settings.js';
import { ofType, render, resource } from './__fixtures__/template.js';
import { TemplateError } from './model.js';
import { schedulerSchedules, usesScheduler } from './scheduler-schedules.js';
import type { ScheduleEvent } from './settings.js';

const schedule = (name: string, overrides: Partial<ScheduleEvent> = {}): ScheduleEvent => ({
  kind: 'schedule',
  function: `src/jobs.ts:${name}`,
  expression: 'cron(0 9 * * ? *)',
  name,
  enabled: true,
  ...overrides,
});

const berlin = schedule('morning', { timezone: 'Europe/Berlin' });

/** The one resource of `type` whose logical id starts with `prefix` (ids end with a hash of the name). */
function only(t: ReturnType<typeof render>, type: string, prefix: string) {
  const found = ofType(t, type).filter(([id]) => id.startsWith(prefix));
  expect(found).toHaveLength(1);
  return found[0]![1];
}

describe('EventBridge Scheduler schedules', () => {
  it('are used only when an event sets a zone, a window or dates', () => {
    expect(usesScheduler(schedule('plain'))).toBe(false);
    expect(usesScheduler(schedule('nulls', { timezone: null, flexibleWindow: null, startDate: null, endDate: null }))).toBe(false);
    for (const extra of [{ timezone: 'UTC' }, { flexibleWindow: 5 }, { startDate: '2027-01-01T00:00:00.000Z' }, { endDate: '2027-01-01T00:00:00.000Z' }]) {
      expect(usesScheduler(schedule('x', extra)), JSON.stringify(extra)).toBe(true);
    }
  });

  it('leave plain schedules as Events rules, with no Scheduler resource', () => {
    const t = render({ events: [schedule('plain')] });
    expect(ofType(t, 'AWS::Scheduler::Schedule')).toEqual([]);
    expect(t.Resources).not.toHaveProperty('SchedulerRole');
    expect(ofType(t, 'AWS::Events::Rule').map(([, r]) => r.Properties.Name).sort()).toEqual(['quote-api-dev-keep-warm', 'quote-api-dev-plain']);
  });

  it('invoke the live alias in their zone, through the scheduler role, with the schedule input', () => {
    const t = render({ events: [berlin] });
    expect(ofType(t, 'AWS::Events::Rule').map(([, r]) => r.Properties.Name)).toEqual(['quote-api-dev-keep-warm']);
    const s = only(t, 'AWS::Scheduler::Schedule', 'SchedulerScheduleMorning');
    expect(s.DependsOn).toEqual(['FunctionAlias']);
    expect(s.Properties).toEqual({
      Name: 'quote-api-dev-morning',
      GroupName: 'default',
      Description: 'tsappa schedule src/jobs.ts:morning',
      ScheduleExpression: 'cron(0 9 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::Sub': '${Function.Arn}:live' },
        RoleArn: { 'Fn::GetAtt': ['SchedulerRole', 'Arn'] },
        Input: JSON.stringify({ 'tsappa:schedule': 'src/jobs.ts:morning' }),
      },
    });
  });

  it('carry the flexible window, the dates and a disabled state', () => {
    const t = render({ events: [schedule('window', { flexibleWindow: 15, startDate: '2027-03-01T08:00:00.000Z', endDate: '2027-12-31T23:59:59.000Z', enabled: false })] });
    expect(only(t, 'AWS::Scheduler::Schedule', 'SchedulerScheduleWindow').Properties).toMatchObject({
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
      StartDate: '2027-03-01T08:00:00.000Z',
      EndDate: '2027-12-31T23:59:59.000Z',
      State: 'DISABLED',
    });
  });

  it('have a role that only Scheduler of this account assumes and that may only invoke the live alias', () => {
    const role = resource(render({ events: [berlin], tags: { team: 'quotes' } }), 'SchedulerRole');
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
    const statements = role.Properties.Policies.flatMap((p: { PolicyDocument: { Statement: unknown[] } }) => p.PolicyDocument.Statement);
    expect(statements).toEqual([{ Sid: 'InvokeLiveAlias', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::Sub': '${Function.Arn}:live' } }]);
    expect(role.Properties.Tags).toEqual([{ Key: 'team', Value: 'quotes' }]);
  });

  it('add no Lambda permission (Scheduler invokes through its role) and keep the Events one for the rules', () => {
    const principals = (t: ReturnType<typeof render>) => ofType(t, 'AWS::Lambda::Permission').map(([, p]) => p.Properties.Principal).sort();
    expect(principals(render({ keepWarm: false, events: [berlin] }))).toEqual(['apigateway.amazonaws.com']);
    expect(principals(render({ events: [berlin] }))).toEqual(['apigateway.amazonaws.com', 'events.amazonaws.com']);
  });

  it('are listed by name for schedule/unschedule and serve, and refuse two sharing a name', () => {
    expect(schedulerSchedules(makeSettings({ events: [berlin, schedule('plain'), schedule('off', { flexibleWindow: 5, enabled: false })] }))).toEqual([
      { name: 'morning', scheduleName: 'quote-api-dev-morning', groupName: 'default', logicalId: expect.stringMatching(/^SchedulerScheduleMorning[0-9a-f]{8}$/), enabled: true, timezone: 'Europe/Berlin' },
      { name: 'off', scheduleName: 'quote-api-dev-off', groupName: 'default', logicalId: expect.stringMatching(/^SchedulerScheduleOff[0-9a-f]{8}$/), enabled: false, timezone: 'UTC' },
    ]);
    expect(() => render({ events: [berlin, { ...berlin, function: 'src/other.ts:x' }] })).toThrow(TemplateError);
  });

  it('move a schedule between the two kinds by replacing its resource (a new logical id)', () => {
    const before = render({ events: [schedule('morning')] });
    const after = render({ events: [berlin] });
    expect(Object.keys(before.Resources).filter((id) => id.includes('Morning'))).toEqual([expect.stringMatching(/^ScheduleRuleMorning/)]);
    expect(Object.keys(after.Resources).filter((id) => id.includes('Morning'))).toEqual([expect.stringMatching(/^SchedulerScheduleMorning/)]);
  });
});

import { KEEP_WARM_INPUT } from '@tsappa/runtime/contract';
import { describe, expect, it } from 'vitest';
import { makeSettings } from './__fixtures__/settings.js';
import { ofType, render, resource } from './__fixtures__/template.js';
import { ruleName } from './ids.js';
import { TemplateError } from './model.js';
import { scheduleRules } from './schedules.js';
import type { ScheduleEvent } from './settings.js';

const schedule = (name: string, overrides: Partial<ScheduleEvent> = {}): ScheduleEvent => ({
  kind: 'schedule',
  function: `src/jobs.ts:${name}`,
  expression: 'rate(1 hour)',
  name,
  enabled: true,
  ...overrides,
});

describe('schedules', () => {
  it('pings the live alias to keep it warm', () => {
    const rule = resource(render({ keepWarmExpression: 'rate(5 minutes)' }), 'KeepWarmRule');
    expect(rule.Properties).toMatchObject({
      Name: 'quote-api-dev-keep-warm',
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [{ Id: 'live', Arn: { 'Fn::Sub': '${Function.Arn}:live' }, Input: JSON.stringify(KEEP_WARM_INPUT) }],
    });
    expect(rule.DependsOn).toEqual(['FunctionAlias']);
  });

  it('has one rule per schedule event, whose input names the function', () => {
    const t = render({ events: [schedule('nightly'), schedule('cleanup', { enabled: false, expression: 'cron(0 3 * * ? *)' })] });
    const rules = ofType(t, 'AWS::Events::Rule').map(([, r]) => r.Properties);
    expect(rules.map((r) => r.Name).sort()).toEqual(['quote-api-dev-cleanup', 'quote-api-dev-keep-warm', 'quote-api-dev-nightly']);
    const cleanup = rules.find((r) => r.Name === 'quote-api-dev-cleanup')!;
    expect(cleanup).toMatchObject({ State: 'DISABLED', ScheduleExpression: 'cron(0 3 * * ? *)' });
    expect(JSON.parse(cleanup.Targets[0].Input)).toEqual({ 'tsappa:schedule': 'src/jobs.ts:cleanup' });
  });

  it('grants one invoke permission for every rule of the stage', () => {
    const t = render({ events: [schedule('a'), schedule('b'), schedule('c')] });
    const permissions = ofType(t, 'AWS::Lambda::Permission').filter(([, p]) => p.Properties.Principal === 'events.amazonaws.com');
    expect(permissions).toHaveLength(1);
    expect(permissions[0]![1].Properties).toMatchObject({
      FunctionName: { 'Fn::Sub': '${Function.Arn}:live' },
      SourceArn: { 'Fn::Sub': 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/quote-api-dev-*' },
    });
    expect(ofType(render({ keepWarm: false }), 'AWS::Lambda::Permission').map(([id]) => id)).toEqual(['ApiInvokePermission']);
  });

  it('keys rules by name, so reordering events replaces nothing', () => {
    const ids = (events: ScheduleEvent[]) => ofType(render({ events }), 'AWS::Events::Rule').map(([id]) => id).sort();
    expect(ids([schedule('a'), schedule('jobs-nightly')])).toEqual(ids([schedule('jobs-nightly'), schedule('a')]));
    expect(ids([schedule('Nightly')])).toContain('ScheduleRuleNightly');
    // names differing only in punctuation still get distinct ids
    const both = ids([schedule('a-b'), schedule('a_b')]);
    expect(new Set(both).size).toBe(3);
  });

  it('keeps long rule names within 64 characters and the stage prefix', () => {
    const long = 'x'.repeat(80);
    const name = ruleName('quote-api-dev', long);
    expect(name.length).toBeLessThanOrEqual(64);
    expect(name.startsWith('quote-api-dev-')).toBe(true);
    expect(ruleName('quote-api-dev', 'y'.repeat(80))).not.toBe(name);
  });

  it('refuses two schedules with the same rule name', () => {
    expect(() => render({ events: [schedule('a'), schedule('a')] })).toThrow(TemplateError);
    expect(() => render({ events: [schedule('keep-warm')] })).toThrow(TemplateError);
  });

  it('lists the stage rules for schedule/unschedule/status', () => {
    expect(scheduleRules(makeSettings({ events: [schedule('nightly', { enabled: false })] }))).toEqual([
      { name: 'keep-warm', ruleName: 'quote-api-dev-keep-warm', logicalId: 'KeepWarmRule', enabled: true },
      { name: 'nightly', ruleName: 'quote-api-dev-nightly', logicalId: expect.stringMatching(/^ScheduleRuleNightly/), enabled: false },
    ]);
  });
});

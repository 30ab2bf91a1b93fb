/** scanTemplate runs every rule; the default stage has no finding. */
import { describe, expect, it } from 'vitest';
import { makeInput } from '../__fixtures__/settings.js';
import { renderTemplate } from '../render.js';
import { POLICY_RULES, scanTemplate } from './index.js';

describe('scanTemplate', () => {
  it('finds nothing in the default stage', () => {
    const input = makeInput();
    expect(scanTemplate({ template: renderTemplate(input), settings: input.settings })).toEqual([]);
  });

  it('reports the findings of every rule, in rule order', () => {
    const input = makeInput({ accessLogging: false, throttle: false, resources: { Alerts: { Type: 'AWS::SNS::Topic' } } });
    expect(scanTemplate({ template: renderTemplate(input), settings: input.settings }).map((f) => f.rule)).toEqual(['api-stage-access-logs', 'api-stage-throttle', 'sns-topic-encrypted']);
  });

  it('has rules with distinct ids, each saying what it stands for', () => {
    expect(new Set(POLICY_RULES.map((r) => r.id)).size).toBe(POLICY_RULES.length);
    for (const rule of POLICY_RULES) expect(rule.compare.length, rule.id).toBeGreaterThan(10);
  });
});

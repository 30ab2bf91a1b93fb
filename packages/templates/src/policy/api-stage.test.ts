/** API stage rules: each catches a rendered template that breaks it, and passes the default. */
import { describe, expect, it } from 'vitest';
import { render } from '../__fixtures__/template.js';
import type { CloudFormationTemplate } from '../model.js';
import { stageAccessLogs, stageExecutionLogs, stageNoDataTrace, stageThrottle } from './api-stage.js';
import type { PolicyInput, PolicyRule } from './rule.js';

const scan = (rule: PolicyRule, template: PolicyInput['template']) => rule.check({ template }).map((f) => `${f.resource}: ${f.message}`);

/** The rendered stage's one method setting, changed by hand (no setting turns data trace on). */
function withMethodSetting(change: Record<string, unknown>): CloudFormationTemplate {
  const t = render();
  const stage = t.Resources.ApiStage!.Properties as { MethodSettings: Record<string, unknown>[] };
  stage.MethodSettings = [{ ...stage.MethodSettings[0], ...change }];
  return t;
}

describe('API stage rules', () => {
  it('the default stage passes all four', () => {
    for (const rule of [stageAccessLogs, stageExecutionLogs, stageThrottle, stageNoDataTrace]) expect(scan(rule, render()), rule.id).toEqual([]);
  });

  it('api-stage-access-logs catches accessLogging: false', () => {
    expect(scan(stageAccessLogs, render({ accessLogging: false }))).toEqual(['ApiStage: has no AccessLogSetting with a DestinationArn and a Format']);
  });

  it('api-stage-execution-logs catches executionLogging: "off", and accepts INFO', () => {
    expect(scan(stageExecutionLogs, render({ executionLogging: 'off' }))).toEqual(['ApiStage: has no execution logging on /*/* (LoggingLevel unset)']);
    expect(scan(stageExecutionLogs, render({ executionLogging: 'INFO' }))).toEqual([]);
  });

  it('api-stage-throttle catches throttle: false, and a throttle on one method only', () => {
    expect(scan(stageThrottle, render({ throttle: false }))).toEqual(['ApiStage: has no ThrottlingRateLimit and ThrottlingBurstLimit on /*/*']);
    const t = render({ throttle: false });
    const stage = t.Resources.ApiStage!.Properties as { MethodSettings: Record<string, unknown>[] };
    stage.MethodSettings.push({ ResourcePath: '/~1{proxy+}', HttpMethod: 'GET', ThrottlingRateLimit: 10, ThrottlingBurstLimit: 10 });
    expect(scan(stageThrottle, t)).toHaveLength(1);
  });

  it('api-stage-no-data-trace catches DataTraceEnabled on a method setting', () => {
    expect(scan(stageNoDataTrace, withMethodSetting({ DataTraceEnabled: true }))).toEqual(['ApiStage: has DataTraceEnabled on a method setting']);
  });

  it('a template without an API has nothing to find', () => {
    expect(scan(stageAccessLogs, render({ apiGateway: false, keepWarm: false }))).toEqual([]);
  });

  it('HTTP API stages (hand-made fragments): access logs and the default route throttle are checked too', () => {
    const httpStage = (properties: Record<string, unknown>) => ({ Resources: { HttpApiStage: { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: 'a', StageName: '$default', ...properties } } } });
    const logged = { AccessLogSettings: { DestinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:g', Format: '$context.requestId' } };
    const throttled = { DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 } };
    expect(scan(stageAccessLogs, httpStage({ ...logged, ...throttled }))).toEqual([]);
    expect(scan(stageThrottle, httpStage({ ...logged, ...throttled }))).toEqual([]);
    expect(scan(stageAccessLogs, httpStage(throttled))).toEqual(['HttpApiStage: has no AccessLogSettings with a DestinationArn and a Format']);
    expect(scan(stageThrottle, httpStage({ ...logged, DefaultRouteSettings: { DetailedMetricsEnabled: false } }))).toEqual([
      'HttpApiStage: has no ThrottlingRateLimit and ThrottlingBurstLimit in DefaultRouteSettings',
    ]);
    // no execution logs or data trace on HTTP APIs: nothing to find
    expect(scan(stageExecutionLogs, httpStage(logged))).toEqual([]);
  });
});

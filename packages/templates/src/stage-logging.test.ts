/** The API stage's access logs, execution logs and detailed metrics (stage-logging.ts). */
import { describe, expect, it } from 'vitest';
import { ofType, render, resource } from './__fixtures__/template.js';
import { accessLogFormatProblem, DEFAULT_ACCESS_LOG_FORMAT, stageLogs } from './stage-logging.js';
import { makeSettings } from './__fixtures__/settings.js';

const stageOf = (t: ReturnType<typeof render>) => resource(t, 'ApiStage');
const methodSetting = (t: ReturnType<typeof render>) => stageOf(t).Properties.MethodSettings[0];

describe('access logs', () => {
  it('are on by default: JSON lines to a log group of the stack, kept with the stage retention', () => {
    const t = render({ logRetentionDays: 90 });
    const group = resource(t, 'ApiAccessLogGroup');
    expect(group.Type).toBe('AWS::Logs::LogGroup');
    expect(group.Properties.RetentionInDays).toBe(90);
    expect(group.DeletionPolicy).toBe('Retain');
    expect(group.UpdateReplacePolicy).toBe('Retain');
    // named after the REST API's id: a stage deployed again never meets a group kept from before
    expect(group.Properties.LogGroupName).toEqual({ 'Fn::Sub': '/aws/apigateway/${RestApi}/dev/access' });
    expect(stageOf(t).Properties.AccessLogSetting).toEqual({ DestinationArn: { 'Fn::GetAtt': ['ApiAccessLogGroup', 'Arn'] }, Format: DEFAULT_ACCESS_LOG_FORMAT });
    expect(stageOf(t).DependsOn).toContain('ApiAccessLogGroup');
  });

  it('default format is one JSON object per request with who, what, outcome and timing', () => {
    const fields = JSON.parse(DEFAULT_ACCESS_LOG_FORMAT) as Record<string, string>;
    for (const key of ['requestId', 'ip', 'caller', 'user', 'requestTime', 'httpMethod', 'resourcePath', 'status', 'protocol', 'responseLength', 'integrationLatency', 'errorMessage']) {
      expect(fields[key], key).toMatch(/^\$context\./);
    }
    expect(DEFAULT_ACCESS_LOG_FORMAT).not.toMatch(/\n/);
    expect(accessLogFormatProblem(DEFAULT_ACCESS_LOG_FORMAT)).toBeNull();
  });

  it('take a format of the settings as written', () => {
    const format = '$context.requestId $context.identity.sourceIp $context.status';
    expect(stageOf(render({ accessLogging: { format } })).Properties.AccessLogSetting.Format).toBe(format);
  });

  it('accessLogging: false leaves out the setting and keeps the group (turning logs on again never meets a retained group)', () => {
    const t = render({ accessLogging: false });
    expect(stageOf(t).Properties.AccessLogSetting).toBeUndefined();
    expect(resource(t, 'ApiAccessLogGroup')).toEqual(resource(render(), 'ApiAccessLogGroup'));
  });

  it('a format API Gateway would refuse is named', () => {
    expect(accessLogFormatProblem('$context.status')).toMatch(/\$context\.requestId or \$context\.extendedRequestId/);
    expect(accessLogFormatProblem('$context.requestId\n$context.status')).toMatch(/one line/);
    expect(accessLogFormatProblem('$context.extendedRequestId')).toBeNull();
  });
});

describe('execution logs and metrics', () => {
  it('default: ERROR level into a group the stack creates with a retention, no data trace, no detailed metrics', () => {
    const t = render({ logRetentionDays: 14 });
    expect(methodSetting(t)).toMatchObject({ LoggingLevel: 'ERROR', DataTraceEnabled: false, MetricsEnabled: false });
    const group = resource(t, 'ApiExecutionLogGroup');
    // the name API Gateway writes execution logs to
    expect(group.Properties).toMatchObject({ LogGroupName: { 'Fn::Sub': 'API-Gateway-Execution-Logs_${RestApi}/dev' }, RetentionInDays: 14 });
    expect(stageOf(t).DependsOn).toEqual(['ApiAccessLogGroup', 'ApiExecutionLogGroup']);
  });

  it('INFO is passed on; data trace stays off', () => {
    expect(methodSetting(render({ executionLogging: 'INFO' }))).toMatchObject({ LoggingLevel: 'INFO', DataTraceEnabled: false });
  });

  it('off: no logging level; the group stays, as for access logs', () => {
    const t = render({ executionLogging: 'off', accessLogging: false });
    expect(methodSetting(t).LoggingLevel).toBeUndefined();
    expect(resource(t, 'ApiExecutionLogGroup')).toEqual(resource(render(), 'ApiExecutionLogGroup'));
  });

  it('detailedMetrics turns on per-method metrics', () => {
    expect(methodSetting(render({ detailedMetrics: true })).MetricsEnabled).toBe(true);
  });

  it('without an API there is no stage and no API log group', () => {
    const t = render({ apiGateway: false, keepWarm: false });
    expect(ofType(t, 'AWS::Logs::LogGroup').map(([id]) => id)).toEqual(['FunctionLogGroup']);
  });

  it('tags the log groups like every other resource', () => {
    const t = render({ tags: { team: 'quotes' } });
    expect(resource(t, 'ApiAccessLogGroup').Properties.Tags).toEqual([{ Key: 'team', Value: 'quotes' }]);
    expect(resource(t, 'ApiExecutionLogGroup').Properties.Tags).toEqual([{ Key: 'team', Value: 'quotes' }]);
  });
});

describe('stageLogs: whether the account needs its CloudWatch role', () => {
  it('is true when either kind of logging is on, and only with an API', () => {
    expect(stageLogs(makeSettings())).toBe(true);
    expect(stageLogs(makeSettings({ accessLogging: false }))).toBe(true);
    expect(stageLogs(makeSettings({ executionLogging: 'off' }))).toBe(true);
    expect(stageLogs(makeSettings({ accessLogging: false, executionLogging: 'off' }))).toBe(false);
    expect(stageLogs(makeSettings({ apiGateway: false }))).toBe(false);
  });
});

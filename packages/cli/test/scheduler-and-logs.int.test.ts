/**
 * Issue 16, items 3-5 against moto (with test/support/moto_patches.py, sections 40 and 41):
 * - a schedule with a time zone, a flexible window and an end date is deployed as an EventBridge
 *   Scheduler schedule (its zone, window, end and target the `live` alias through a role only
 *   Scheduler of this account may assume); the plain schedules stay Events rules;
 * - `unschedule` and `schedule` switch it off and on again with everything else kept;
 * - the function runs on nodejs24.x by default, with the LoggingConfig the settings ask for,
 *   on the version `live` serves, and back to Text when the settings drop JSON;
 * - `tail` shows a JSON log line readable, and raw with --json;
 * - undeploy removes the schedule.
 */
import { GetRoleCommand, GetRolePolicyCommand, IAMClient, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { CloudWatchLogsClient, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { EventBridgeClient, ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { GetAliasCommand, GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetScheduleCommand, ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithMoto, MOTO_REGION } from '../../../test/support/moto.js';
import { fastStackPolling, motoSettings, scratchProject, STACK, type ScratchProject } from './support/quote-api-scratch.js';

const ACCOUNT = '123456789012';
const SCHEDULE = `${STACK}-berlin-morning`;
const ZONED_EVENT = {
  name: 'berlin-morning',
  function: 'src/schedulers.ts:setQuoteOfTheDay',
  expression: 'cron(0 9 ? * MON-FRI *)',
  timezone: 'Europe/Berlin',
  flexibleWindow: 10,
  endDate: '2031-01-01T00:00:00+01:00',
};

describeWithMoto('schedules in time zones, Node 24 and structured logs (moto)', () => {
  let project: ScratchProject;
  let restorePolling = () => {};
  const lambda = () => new LambdaClient({ region: MOTO_REGION });
  const scheduler = () => new SchedulerClient({ region: MOTO_REGION });
  const exampleEvents = () => motoSettings().dev.events as unknown[];
  const settings = (extra: Record<string, unknown> = {}) => ({
    runtime: undefined, // the example pins nodejs22.x: this stage takes the default
    logFormat: 'JSON',
    applicationLogLevel: 'WARN',
    systemLogLevel: 'DEBUG',
    events: [...exampleEvents(), ZONED_EVENT],
    ...extra,
  });
  const served = async () => {
    const alias = await lambda().send(new GetAliasCommand({ FunctionName: STACK, Name: 'live' }));
    return lambda().send(new GetFunctionConfigurationCommand({ FunctionName: STACK, Qualifier: alias.FunctionVersion }));
  };
  const schedule = () => scheduler().send(new GetScheduleCommand({ Name: SCHEDULE, GroupName: 'default' }));
  const ruleNames = async () => ((await new EventBridgeClient({ region: MOTO_REGION }).send(new ListRulesCommand({ NamePrefix: `${STACK}-` }))).Rules ?? []).map((r) => r.Name).sort();

  beforeAll(async () => {
    restorePolling = fastStackPolling();
    project = scratchProject('quote-api-scheduler-logs');
    project.writeSettings(settings());
    const run = await project.cli('deploy', 'dev', '--json');
    expect(run.code, run.stderr).toBe(0);
  });

  afterAll(async () => {
    restorePolling();
    project?.remove();
  });

  it('deploys the zoned schedule on EventBridge Scheduler, its target live, and keeps the plain ones as rules', async () => {
    const deployed = await schedule();
    expect(deployed).toMatchObject({
      Name: SCHEDULE,
      GroupName: 'default',
      State: 'ENABLED',
      ScheduleExpression: 'cron(0 9 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 10 },
      Target: { Arn: `arn:aws:lambda:${MOTO_REGION}:${ACCOUNT}:function:${STACK}:live`, Input: JSON.stringify({ 'tsappa:schedule': 'src/schedulers.ts:setQuoteOfTheDay' }) },
    });
    expect(deployed.EndDate?.toISOString()).toBe('2030-12-31T23:00:00.000Z');
    expect(await ruleNames()).toEqual([`${STACK}-keep-warm`, `${STACK}-publish-quote-of-the-day`, `${STACK}-set-quote-of-the-day`]);
  });

  it("gives Scheduler a role of its own that may only invoke live, assumed only for this account", async () => {
    const roleName = (await schedule()).Target!.RoleArn!.split('/').pop()!;
    const iam = new IAMClient({ region: MOTO_REGION });
    const trust = JSON.parse(decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role!.AssumeRolePolicyDocument!));
    expect(trust.Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'scheduler.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } },
    ]);
    const names = (await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }))).PolicyNames ?? [];
    const statements = [];
    for (const name of names) {
      const document = (await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }))).PolicyDocument!;
      statements.push(...JSON.parse(decodeURIComponent(document)).Statement);
    }
    expect(statements).toEqual([{ Sid: 'InvokeLiveAlias', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: `arn:aws:lambda:${MOTO_REGION}:${ACCOUNT}:function:${STACK}:live` }]);
  });

  it('serves nodejs24.x by default with the LoggingConfig the settings ask for', async () => {
    const config = await served();
    expect(config.Runtime).toBe('nodejs24.x');
    expect(config.LoggingConfig).toEqual({ LogFormat: 'JSON', LogGroup: `/aws/lambda/${STACK}`, ApplicationLogLevel: 'WARN', SystemLogLevel: 'DEBUG' });
  });

  it('unschedule and schedule switch the Scheduler schedule with the rules, keeping its zone, window and end', async () => {
    const off = await project.cli('unschedule', 'dev', '--json');
    expect(off.code, off.stderr).toBe(0);
    expect(JSON.parse(off.stdout).rules).toContainEqual({ name: 'berlin-morning', rule: SCHEDULE, service: 'scheduler', timezone: 'Europe/Berlin', state: 'DISABLED' });
    const disabled = await schedule();
    expect(disabled).toMatchObject({ State: 'DISABLED', ScheduleExpressionTimezone: 'Europe/Berlin', FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 10 } });
    expect(disabled.EndDate?.toISOString()).toBe('2030-12-31T23:00:00.000Z');
    expect(disabled.Target?.Arn).toMatch(/:live$/);

    const on = await project.cli('schedule', 'dev');
    expect(on.code, on.stderr).toBe(0);
    expect(on.stdout).toContain('berlin-morning: ENABLED (Scheduler schedule quote-api-dev-berlin-morning, Europe/Berlin)');
    expect((await schedule()).State).toBe('ENABLED');
  });

  it('status lists the Scheduler schedule with its zone, beside the rules', async () => {
    const run = await project.cli('status', 'dev', '--json');
    expect(run.code, run.stderr).toBe(0);
    const schedules = JSON.parse(run.stdout).schedules as Array<Record<string, unknown>>;
    expect(schedules).toContainEqual({ name: 'berlin-morning', rule: `default/${SCHEDULE}`, expression: ZONED_EVENT.expression, state: 'ENABLED', timezone: 'Europe/Berlin' });
    expect(schedules.filter((s) => s.timezone === null).length).toBeGreaterThan(0); // the plain schedules are still rules
    const text = await project.cli('status', 'dev');
    expect(text.stdout).toContain(`berlin-morning: ENABLED ${ZONED_EVENT.expression} in Europe/Berlin (default/${SCHEDULE})`);
  });

  it('tail shows the JSON lines of the log group readable, and raw with --json', async () => {
    const logs = new CloudWatchLogsClient({ region: MOTO_REGION });
    const group = `/aws/lambda/${STACK}`;
    const line = { timestamp: new Date().toISOString(), level: 'WARN', requestId: 'req-1', message: 'slow quote', ms: 1200 };
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'json-lines' }));
    await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 'json-lines', logEvents: [{ timestamp: Date.now(), message: JSON.stringify(line) }] }));
    const readable = await project.cli('tail', 'dev', '--no-follow', '--since', '5m');
    expect(readable.code, readable.stderr).toBe(0);
    expect(readable.stdout).toContain(`${line.timestamp} WARN req-1 slow quote ms=1200`);
    const raw = await project.cli('tail', 'dev', '--no-follow', '--since', '5m', '--json');
    expect(raw.code, raw.stderr).toBe(0);
    expect(JSON.parse(raw.stdout).map((event: { message: string }) => event.message)).toContain(JSON.stringify(line));
  });

  it('undeploy leaves no schedule behind', async () => {
    const run = await project.cli('undeploy', 'dev', '--yes', '--remove-logs', '--purge-artifacts');
    expect(run.code, run.stderr).toBe(0);
    expect(((await scheduler().send(new ListSchedulesCommand({}))).Schedules ?? []).map((s) => s.Name)).not.toContain(SCHEDULE);
  });

  it('goes back to Text logs and an Events rule when the settings drop JSON and the zone', async () => {
    const deploy = await project.cli('deploy', 'dev', '--json');
    expect(deploy.code, deploy.stderr).toBe(0);
    expect((await schedule()).ScheduleExpressionTimezone).toBe('Europe/Berlin');
    project.writeSettings(settings({ logFormat: undefined, applicationLogLevel: undefined, systemLogLevel: undefined, events: [...exampleEvents(), { ...ZONED_EVENT, timezone: undefined, flexibleWindow: undefined, endDate: undefined }] }));
    const update = await project.cli('update', 'dev', '--json');
    expect(update.code, update.stderr).toBe(0);
    expect((await served()).LoggingConfig).toEqual({ LogFormat: 'Text', LogGroup: `/aws/lambda/${STACK}` });
    expect(await ruleNames()).toContain(SCHEDULE);
    await expect(schedule()).rejects.toThrow(/does not exist/);
    const undeploy = await project.cli('undeploy', 'dev', '--yes', '--remove-logs', '--purge-artifacts');
    expect(undeploy.code, undeploy.stderr).toBe(0);
  });
});

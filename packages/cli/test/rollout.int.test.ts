/**
 * `deployment: { strategy, alarms }` against moto (with test/support/moto_patches.py):
 * - a stage deployed with `Canary10Percent5Minutes`; a code-only update takes the fast path and
 *   tsappa shifts `live` itself: moto's Lambda keeps the alias's RoutingConfig, so the test sees
 *   `live` at version 1 with 10% on version 2, `tsappa status` shows the rollout in progress, and
 *   `live` ends on version 2 with no routing;
 * - the same with an alarm named in `deployment.alarms`, set to ALARM through moto's
 *   SetAlarmState while version 2 holds its 10%: tsappa rolls back (alias on version 1 alone)
 *   and fails naming the alarm;
 * - after `tsappa rollback`, an update without new code moves `live` back to the stack's version
 *   by the same strategy (10% first).
 * The rollout's waits are shortened with TSAPPA_ROLLOUT_TIME_SCALE (for tests only): 5 minutes
 * become 6 s, and the alarms and errors are read every 0.6 s.
 *
 * moto has no CodeDeploy in CloudFormation: it skips AWS::CodeDeploy::Application and
 * DeploymentGroup (and ignores the alias's UpdatePolicy), so the stack-update side (CodeDeploy
 * shifting `live`) is asserted on the deployed template here, and cfn-lint checks it in
 * packages/templates/test (the matrix's rollout cases). Its Lambda emits no CloudWatch metrics,
 * so the error watch reads zero errors here; the unit tests (src/deploy/rollout) roll back on them.
 */
import { CloudFormationClient, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, DeleteAlarmsCommand, PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { GetAliasCommand, LambdaClient, UpdateAliasCommand, type GetAliasCommandOutput } from '@aws-sdk/client-lambda';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeWithMoto, MOTO_REGION } from '../../../test/support/moto.js';
import type { CliRun } from './run-cli.js';
import { fastStackPolling, scratchProject, STACK, type ScratchProject } from './support/quote-api-scratch.js';

const ALARM = `${STACK}-errors`;
/** 5 minutes -> 6 s; the 30 s health poll -> 0.6 s */
const TIME_SCALE = '0.02';

describeWithMoto('canary rollouts (moto)', () => {
  let project: ScratchProject;
  let restorePolling = () => {};
  const savedScale = process.env.TSAPPA_ROLLOUT_TIME_SCALE;
  const lambda = () => new LambdaClient({ region: MOTO_REGION });
  const cloudWatch = () => new CloudWatchClient({ region: MOTO_REGION });
  const alias = (): Promise<GetAliasCommandOutput> => lambda().send(new GetAliasCommand({ FunctionName: STACK, Name: 'live' }));
  const weights = (a: GetAliasCommandOutput) => a.RoutingConfig?.AdditionalVersionWeights ?? {};

  /** Polls the alias until `live` splits its traffic (the update still running); the routing seen. */
  async function splitSeen(update: Promise<CliRun>, deadlineMs = 120_000): Promise<GetAliasCommandOutput> {
    let finished: CliRun | null = null;
    void update.then((run) => (finished = run));
    const started = Date.now();
    for (;;) {
      const a = await alias();
      if (Object.keys(weights(a)).length > 0) return a;
      const run = finished as CliRun | null;
      if (run) throw new Error(`the update ended (exit ${run.code}) before live split its traffic:\n${run.stderr}`);
      if (Date.now() - started > deadlineMs) throw new Error(`live never split its traffic within ${deadlineMs} ms (last: ${JSON.stringify(a)})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  function changeCode(marker: string) {
    const quotes = join(project.dir, 'src', 'quotes.ts');
    const source = readFileSync(quotes, 'utf8');
    expect(source).toMatch(/'Kent Beck[^']*'/); // a string the bundle keeps: the code really changes
    writeFileSync(quotes, source.replace(/'Kent Beck[^']*'/, `'Kent Beck (${marker})'`));
  }

  async function deploy(deployment: Record<string, unknown>) {
    project.writeSettings({ deployment });
    const run = await project.cli('deploy', 'dev', '--json');
    expect(run.code, run.stderr).toBe(0);
    expect((await alias()).FunctionVersion).toBe('1');
  }

  beforeAll(() => {
    restorePolling = fastStackPolling();
    process.env.TSAPPA_ROLLOUT_TIME_SCALE = TIME_SCALE;
    project = scratchProject('quote-api-rollout');
  });

  afterAll(() => {
    restorePolling();
    if (savedScale === undefined) delete process.env.TSAPPA_ROLLOUT_TIME_SCALE;
    else process.env.TSAPPA_ROLLOUT_TIME_SCALE = savedScale;
    project.remove();
  });

  afterEach(async () => {
    const run = await project.cli('undeploy', 'dev', '--yes', '--remove-logs', '--purge-artifacts');
    expect(run.code, run.stderr).toBe(0);
    await cloudWatch().send(new DeleteAlarmsCommand({ AlarmNames: [ALARM] }));
  });

  it('a code-only update shifts 10% to the new version, shows it in status, then moves live with no routing left', async () => {
    await deploy({ strategy: 'Canary10Percent5Minutes' });
    // moto skips CodeDeploy in CloudFormation: the stack-update side is asserted on the template
    const template = JSON.parse((await new CloudFormationClient({ region: MOTO_REGION }).send(new GetTemplateCommand({ StackName: STACK }))).TemplateBody ?? '{}') as {
      Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; UpdatePolicy?: unknown }>;
    };
    expect(template.Resources.RolloutApplication?.Properties).toMatchObject({ ComputePlatform: 'Lambda' });
    expect(template.Resources.RolloutDeploymentGroup?.Properties).toMatchObject({ DeploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes' });
    expect(template.Resources.FunctionAlias?.UpdatePolicy).toEqual({
      CodeDeployLambdaAliasUpdate: { ApplicationName: { Ref: 'RolloutApplication' }, DeploymentGroupName: { Ref: 'RolloutDeploymentGroup' } },
    });

    changeCode('canary');
    const started = Date.now();
    const update = project.cli('update', 'dev', '--json');
    const split = await splitSeen(update);
    expect(split.FunctionVersion).toBe('1');
    expect(weights(split)).toEqual({ '2': 0.1 });
    const status = await project.cli('status', 'dev');
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^Live +version 1; rollout: version 2 at 10%, version 1 at 90%$/m);

    const run = await update;
    expect(run.code, run.stderr).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(6_000); // held 10% for the (scaled) 5 minutes
    expect(JSON.parse(run.stdout)).toMatchObject({ kind: 'code', version: '2', previousVersion: '1', rollout: { strategy: 'Canary10Percent5Minutes', shares: [0.1] } });
    expect(run.stderr).toMatch(/rollout \(Canary10Percent5Minutes\): version 2 at 10%, version 1 at 90%; 100% in 5 min/);
    expect(run.stderr).toMatch(/rollout \(Canary10Percent5Minutes\): version 2 at 100%/);
    const after = await alias();
    expect(after.FunctionVersion).toBe('2');
    expect(weights(after)).toEqual({});
    expect((await project.cli('status', 'dev')).stdout).toMatch(/^Live +version 2$/m);
  });

  it('an alarm going off while the new version holds 10% rolls live back to the old version alone, and the update fails naming it', async () => {
    await cloudWatch().send(
      new PutMetricAlarmCommand({
        AlarmName: ALARM,
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: STACK }],
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      }),
    );
    await cloudWatch().send(new SetAlarmStateCommand({ AlarmName: ALARM, StateValue: 'OK', StateReason: 'test: healthy' }));
    await deploy({ strategy: 'Canary10Percent5Minutes', alarms: [ALARM] });

    changeCode('alarm');
    const update = project.cli('update', 'dev', '--json');
    expect(weights(await splitSeen(update))).toEqual({ '2': 0.1 });
    await cloudWatch().send(new SetAlarmStateCommand({ AlarmName: ALARM, StateValue: 'ALARM', StateReason: 'test: errors above threshold' }));

    const run = await update;
    expect(run.code, run.stderr).toBe(1);
    expect(JSON.parse(run.stdout).error).toContain(`rolled back: alarm "${ALARM}" is in ALARM (test: errors above threshold); live serves version 1 again, all of its traffic (routing cleared)`);
    const after = await alias();
    expect(after.FunctionVersion).toBe('1');
    expect(weights(after)).toEqual({});
  });

  it('after a rollback, an update without new code moves live back to the stack\'s version by the stage\'s strategy', async () => {
    await deploy({ strategy: 'Canary10Percent5Minutes' });
    // a settings change goes through the stack, which publishes version 2 (moto moves the alias itself)
    project.writeSettings({ deployment: { strategy: 'Canary10Percent5Minutes' }, memorySize: 1024 });
    const stackUpdate = await project.cli('update', 'dev', '--json');
    expect(stackUpdate.code, stackUpdate.stderr).toBe(0);
    expect((await alias()).FunctionVersion).toBe('2');
    expect((await project.cli('rollback', 'dev')).code).toBe(0);
    expect((await alias()).FunctionVersion).toBe('1');

    const update = project.cli('update', 'dev', '--json');
    const split = await splitSeen(update);
    expect(split.FunctionVersion).toBe('1');
    expect(weights(split)).toEqual({ '2': 0.1 });
    const run = await update;
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ kind: 'live', version: '2', previousVersion: '1', rollout: { strategy: 'Canary10Percent5Minutes', shares: [0.1] } });
    expect(run.stderr).toContain('live serves version 1 since a rollback: moving it to version 2');
    const after = await alias();
    expect(after.FunctionVersion).toBe('2');
    expect(weights(after)).toEqual({});
  });

  it('rollback after a rollout left live split serves the alias version alone, routing cleared', async () => {
    await deploy({ strategy: 'AllAtOnce' });
    changeCode('published');
    const update = await project.cli('update', 'dev', '--json');
    expect(update.code, update.stderr).toBe(0);
    expect((await alias()).FunctionVersion).toBe('2');
    // what a second Ctrl-C during a shift can leave: live on version 1, 10% on version 2
    await lambda().send(new UpdateAliasCommand({ FunctionName: STACK, Name: 'live', FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '2': 0.1 } } }));

    const run = await project.cli('rollback', 'dev', '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ from: '1', to: '1', abandonedRollout: '2' });
    const after = await alias();
    expect(after.FunctionVersion).toBe('1');
    expect(weights(after)).toEqual({});
  });
});

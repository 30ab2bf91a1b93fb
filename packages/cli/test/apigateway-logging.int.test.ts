/**
 * The API stage's logs and throttle against moto (with test/support/moto_patches.py, sections
 * 20-22: the stage keeps its access log and method settings; a stage that logs is refused while
 * the account has no CloudWatch Logs role, as API Gateway refuses it; UpdateAccount refuses a
 * role API Gateway may not assume):
 * - the rendered template, created directly while the account has no role, is refused with
 *   API Gateway's own error (what happens to anyone deploying it without tsappa's step);
 * - `tsappa deploy` in that account creates the role (API Gateway's trust, the managed policy
 *   only), sets it, says so in one line, and the stage gets its access logs, its ERROR execution
 *   logs and its throttle; the log groups have the stage's retention;
 * - an update changing the controls leaves the role alone and applies them to the stage;
 * - a role already set by the account's owner is never replaced;
 * - UpdateAccount with a role API Gateway may not assume is refused (what the step's wait and
 *   error handle on AWS);
 * - `undeploy --remove-logs` removes the API's log groups, which the stack keeps.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APIGatewayClient, GetAccountCommand, GetStageCommand, UpdateAccountCommand } from '@aws-sdk/client-api-gateway';
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStackEventsCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateRoleCommand, GetRoleCommand, IAMClient, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithMoto, MOTO_REGION } from '../../../test/support/moto.js';
import { fastStackPolling, scratchProject, STACK, type ScratchProject } from './support/quote-api-scratch.js';

const ROLE = 'tsappa-apigateway-cloudwatch-logs';

describeWithMoto('API stage logs, throttle and the account CloudWatch Logs role (moto)', () => {
  let project: ScratchProject;
  let restorePolling = () => {};
  const apigw = () => new APIGatewayClient({ region: MOTO_REGION });
  const cfn = () => new CloudFormationClient({ region: MOTO_REGION });
  const iam = () => new IAMClient({ region: MOTO_REGION });
  const accountRole = async () => (await apigw().send(new GetAccountCommand({}))).cloudwatchRoleArn ?? null;
  const restApiId = async () => {
    const outputs = (await cfn().send(new DescribeStacksCommand({ StackName: STACK }))).Stacks?.[0]?.Outputs ?? [];
    return outputs.find((o) => o.OutputKey === 'RestApiId')?.OutputValue;
  };
  /** the deployed stage, through the REST API id the stack outputs */
  const stage = async () => apigw().send(new GetStageCommand({ restApiId: await restApiId(), stageName: 'dev' }));
  const logGroups = async (prefix: string) => (await new CloudWatchLogsClient({ region: MOTO_REGION }).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix }))).logGroups ?? [];

  beforeAll(() => {
    restorePolling = fastStackPolling();
    project = scratchProject('apigateway-logging');
  });

  afterAll(() => {
    restorePolling();
    project.remove();
  });

  it('without the account role, API Gateway refuses a stage that logs (the template deployed without tsappa)', async () => {
    expect(await accountRole()).toBeNull();
    const rendered = await project.cli('template', 'dev');
    expect(rendered.code, rendered.stderr).toBe(0);
    // the code the template names, where it names it (what deploy would upload)
    const code = (JSON.parse(rendered.stdout) as { Resources: { Function: { Properties: { Code: { S3Bucket: string; S3Key: string } } } } }).Resources.Function.Properties.Code;
    const zip = join(project.dir, 'code.zip');
    const packaged = await project.cli('package', 'dev', '-o', zip);
    expect(packaged.code, packaged.stderr).toBe(0);
    const s3 = new S3Client({ region: MOTO_REGION, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: code.S3Bucket }));
    await s3.send(new PutObjectCommand({ Bucket: code.S3Bucket, Key: code.S3Key, Body: readFileSync(zip) }));

    const name = 'logging-without-role';
    await cfn().send(new CreateStackCommand({ StackName: name, TemplateBody: rendered.stdout, Capabilities: ['CAPABILITY_NAMED_IAM'] }));
    const status = (await cfn().send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0]?.StackStatus;
    expect(status).toBe('ROLLBACK_COMPLETE');
    const events = (await cfn().send(new DescribeStackEventsCommand({ StackName: name }))).StackEvents ?? [];
    const failures = events.filter((e) => e.ResourceStatus === 'CREATE_FAILED').map((e) => `${e.LogicalResourceId}: ${e.ResourceStatusReason}`);
    expect(failures).toContainEqual(expect.stringMatching(/^ApiStage: .*CloudWatch Logs role ARN must be set in account settings to enable logging/));
    await cfn().send(new DeleteStackCommand({ StackName: name }));
  });

  it('deploy sets a least-privilege role for the account, says so once, and the stage logs and throttles', async () => {
    const run = await project.cli('deploy', 'dev');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr.split('\n').filter((line) => /CloudWatch Logs role/.test(line))).toEqual([
      expect.stringMatching(/API Gateway in us-east-1 had no CloudWatch Logs role .*created the role tsappa-apigateway-cloudwatch-logs \(only AmazonAPIGatewayPushToCloudWatchLogs\)/),
    ]);

    const role = (await iam().send(new GetRoleCommand({ RoleName: ROLE }))).Role;
    expect(await accountRole()).toBe(role?.Arn);
    const trust = JSON.parse(decodeURIComponent(role?.AssumeRolePolicyDocument ?? '{}')) as { Statement: unknown[] };
    expect(trust.Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    const attached = (await iam().send(new ListAttachedRolePoliciesCommand({ RoleName: ROLE }))).AttachedPolicies ?? [];
    expect(attached.map((p) => p.PolicyArn)).toEqual(['arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs']);

    const deployed = await stage();
    expect(deployed.accessLogSettings?.destinationArn).toMatch(/^arn:aws:logs:us-east-1:\d{12}:log-group:\/aws\/apigateway\/\w+\/dev\/access/);
    expect(JSON.parse(deployed.accessLogSettings?.format ?? '{}')).toMatchObject({ requestId: '$context.requestId', ip: '$context.identity.sourceIp', status: '$context.status' });
    expect(deployed.methodSettings?.['*/*']).toMatchObject({ loggingLevel: 'ERROR', dataTraceEnabled: false, metricsEnabled: false, throttlingRateLimit: 1000, throttlingBurstLimit: 2000 });

    const retention = (await project.cli('settings', 'dev', '--json')).stdout;
    const days = (JSON.parse(retention) as { logRetentionDays?: number; settings?: { logRetentionDays: number } }).settings?.logRetentionDays ?? (JSON.parse(retention) as { logRetentionDays: number }).logRetentionDays;
    const api = await restApiId();
    const groups = [...(await logGroups(`/aws/apigateway/${api}/`)), ...(await logGroups(`API-Gateway-Execution-Logs_${api}/`))];
    expect(groups.map((g) => g.logGroupName)).toEqual([`/aws/apigateway/${api}/dev/access`, `API-Gateway-Execution-Logs_${api}/dev`]);
    expect(deployed.accessLogSettings?.destinationArn).toContain(`:log-group:/aws/apigateway/${api}/dev/access`);
    for (const group of groups) expect(group.retentionInDays, group.logGroupName).toBe(days);
  });

  it('an update of the controls applies them to the stage and leaves the account role alone', async () => {
    const before = await accountRole();
    project.writeSettings({ executionLogging: 'INFO', detailedMetrics: true, throttle: { rateLimit: 50, burstLimit: 100 }, accessLogging: { format: '$context.requestId $context.status' } });
    const run = await project.cli('update', 'dev');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/CloudWatch Logs role/);
    expect(run.stderr).toMatch(/executionLogging: INFO writes API Gateway's trace of every request/);
    expect(await accountRole()).toBe(before);
    const updated = await stage();
    expect(updated.accessLogSettings?.format).toBe('$context.requestId $context.status');
    expect(updated.methodSettings?.['*/*']).toMatchObject({ loggingLevel: 'INFO', dataTraceEnabled: false, metricsEnabled: true, throttlingRateLimit: 50, throttlingBurstLimit: 100 });

    project.writeSettings({ accessLogging: false, executionLogging: 'off', throttle: false });
    const off = await project.cli('update', 'dev');
    expect(off.code, off.stderr).toBe(0);
    const quiet = await stage();
    expect(quiet.accessLogSettings ?? null).toBeNull();
    expect(quiet.methodSettings?.['*/*']?.loggingLevel).toBe('OFF');
  });

  it('UpdateAccount refuses a role API Gateway may not assume; a role the account already has is kept', async () => {
    const lambdaOnly = await iam().send(
      new CreateRoleCommand({
        RoleName: 'not-for-apigateway',
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
      }),
    );
    const refused = await apigw()
      .send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: lambdaOnly.Role?.Arn }] }))
      .catch((e: unknown) => e as Error);
    expect((refused as Error).message).toMatch(/The role ARN does not have required permissions set to API Gateway/);

    const owners = await iam().send(
      new CreateRoleCommand({
        RoleName: 'company-apigateway-logs',
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
      }),
    );
    await apigw().send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: owners.Role?.Arn }] }));
    project.writeSettings({ executionLogging: 'ERROR' });
    const run = await project.cli('update', 'dev');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/CloudWatch Logs role/);
    expect(await accountRole()).toBe(owners.Role?.Arn);
    expect((await stage()).methodSettings?.['*/*']?.loggingLevel).toBe('ERROR');
  });

  it('undeploy --remove-logs removes the API log groups too', async () => {
    const api = await restApiId();
    const groups = async () => [...(await logGroups(`/aws/apigateway/${api}/`)), ...(await logGroups(`API-Gateway-Execution-Logs_${api}/`))].map((g) => g.logGroupName);
    expect(await groups()).toHaveLength(2);
    const run = await project.cli('undeploy', 'dev', '--remove-logs', '--yes');
    expect(run.code, run.stderr).toBe(0);
    expect(await groups()).toEqual([]);
    // once the stack is gone, its API id is unknown: undeploy says what it cannot find, and how to
    const again = await project.cli('undeploy', 'dev', '--remove-logs', '--yes');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('the stack is gone, so the API log groups it kept (named after its API id) are not found and stay');
  });
});

/**
 * The deploy paths that only show when something goes wrong or is big, against moto (with
 * test/support/moto_patches.py, which rolls a failed create back to ROLLBACK_COMPLETE and can
 * hold a stack in CREATE_IN_PROGRESS, as AWS does):
 * - a first deploy whose resource fails: the first failure is printed, the rolled-back stack is
 *   removed, and deploy works again once the cause is fixed;
 * - a stack left in ROLLBACK_COMPLETE by an earlier deploy is removed before deploying;
 * - a template over 51,200 bytes is uploaded and the stack reads it by URL (create and update);
 * - Ctrl-C while the stack is being created says what state it is in and how to go on.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeWithMoto, MOTO_REGION } from '../../../test/support/moto.js';
import { exampleBucket, fastStackPolling, motoSettings, scratchProject, STACK, type ScratchProject } from './support/quote-api-scratch.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'tsappa.js');
/** the example's DynamoDB table (`${AWS::StackName}-data`) */
const TABLE = `${STACK}-data`;

describeWithMoto('deploy failures, big templates and Ctrl-C (moto)', (moto) => {
  let project: ScratchProject;
  let restorePolling = () => {};
  const cfn = () => new CloudFormationClient({ region: MOTO_REGION });
  const dynamo = () => new DynamoDBClient({ region: MOTO_REGION });
  const s3 = () => new S3Client({ region: MOTO_REGION, forcePathStyle: true });
  const stackStatus = async (): Promise<string | null> => {
    try {
      const stack = (await cfn().send(new DescribeStacksCommand({ StackName: STACK }))).Stacks?.[0];
      return stack && stack.StackStatus !== 'DELETE_COMPLETE' ? (stack.StackStatus ?? null) : null;
    } catch (error) {
      if (/does not exist/.test((error as Error).message)) return null;
      throw error;
    }
  };
  const createTable = (name: string) =>
    dynamo().send(
      new CreateTableCommand({ TableName: name, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] }),
    );
  /** the example's resources plus `extra` */
  const withResources = (extra: Record<string, unknown>) => ({ resources: { ...(motoSettings().dev.resources as Record<string, unknown>), ...extra } });

  beforeAll(() => {
    restorePolling = fastStackPolling();
    project = scratchProject('quote-api-failures');
  });

  afterAll(() => {
    restorePolling();
    project.remove();
  });

  // every test starts from nothing deployed
  afterEach(async () => {
    const status = await stackStatus();
    if (status && !status.endsWith('_IN_PROGRESS')) {
      const run = await project.cli('undeploy', 'dev', '--yes', '--remove-logs', '--purge-artifacts');
      expect(run.code, run.stderr).toBe(0);
    }
    project.writeSettings();
  });

  it('a first deploy whose resource fails prints the first failure, removes the rolled-back stack, and deploys once fixed', async () => {
    await createTable(TABLE); // the example's table name is taken: its creation fails
    const failed = await project.cli('deploy', 'dev');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/first failure: QuoteTable \(AWS::DynamoDB::Table\): .*already exists/i);
    expect(failed.stderr).toMatch(/ROLLBACK_COMPLETE from a failed deployment: deleting it first/);
    expect(failed.stderr).toMatch(/the rolled-back stack was removed/);
    expect(failed.stderr).toMatch(/tsappa deploy dev" again/);
    expect(await stackStatus()).toBeNull();
    await expect(new LambdaClient({ region: MOTO_REGION }).send(new GetFunctionConfigurationCommand({ FunctionName: STACK }))).rejects.toThrow(/not found/i);

    await dynamo().send(new DeleteTableCommand({ TableName: TABLE }));
    const retried = await project.cli('deploy', 'dev', '--json');
    expect(retried.code, retried.stderr).toBe(0);
    expect(JSON.parse(retried.stdout).status).toBe('CREATE_COMPLETE');
    expect(retried.stderr).toMatch(/is already uploaded/); // the failed attempt's artifact is reused
    expect(retried.stderr).not.toMatch(/deleting it first/); // nothing of the failed attempt was left
    expect(await stackStatus()).toBe('CREATE_COMPLETE');
  });

  it('deploy removes a stack an earlier deploy left in ROLLBACK_COMPLETE, then creates the stage', async () => {
    await createTable('taken');
    const blocked = { Resources: { Table: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'taken', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] } } } };
    await cfn().send(new CreateStackCommand({ StackName: STACK, TemplateBody: JSON.stringify(blocked) }));
    expect(await stackStatus()).toBe('ROLLBACK_COMPLETE');

    const status = await project.cli('status', 'dev', '--json');
    expect(JSON.parse(status.stdout).stack.status).toBe('ROLLBACK_COMPLETE');
    const update = await project.cli('update', 'dev');
    expect(update.code).toBe(1);
    expect(update.stderr).toMatch(/ROLLBACK_COMPLETE and cannot be updated now[\s\S]*run "tsappa deploy dev" \(it removes the failed stack first\)/);
    const run = await project.cli('deploy', 'dev', '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/The stack quote-api-dev is ROLLBACK_COMPLETE from a failed deployment: deleting it first/);
    expect(await stackStatus()).toBe('CREATE_COMPLETE');
    const template = JSON.parse((await cfn().send(new GetTemplateCommand({ StackName: STACK }))).TemplateBody ?? '{}') as { Resources: Record<string, unknown> };
    expect(Object.keys(template.Resources)).toContain('Function');
    await dynamo().send(new DeleteTableCommand({ TableName: 'taken' }));
  });

  it('a template over 51,200 bytes is uploaded to the bucket and read by URL, on deploy and on update', async () => {
    const notes = 'Operations notes for the on-call engineer. '.repeat(1400); // ~60 KB of resource Metadata
    project.writeSettings(withResources({ RunbookTopic: { Type: 'AWS::SNS::Topic', Metadata: { Runbook: notes }, Properties: {} } }));
    const run = await project.cli('deploy', 'dev', '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/over 51,200\): uploaded to the bucket/);
    const keys = async () => ((await s3().send(new ListObjectsV2Command({ Bucket: exampleBucket() }))).Contents ?? []).map((o) => o.Key!);
    const templates = (await keys()).filter((k) => k.startsWith(`${STACK}-template-`));
    expect(templates).toHaveLength(1);
    const uploaded = await (await s3().send(new GetObjectCommand({ Bucket: exampleBucket(), Key: templates[0] }))).Body!.transformToString();
    expect(uploaded.length).toBeGreaterThan(51_200);
    const deployed = (await cfn().send(new GetTemplateCommand({ StackName: STACK }))).TemplateBody ?? '';
    expect(JSON.parse(deployed)).toEqual(JSON.parse(uploaded));
    expect(await stackStatus()).toBe('CREATE_COMPLETE');

    project.writeSettings({ ...withResources({ RunbookTopic: { Type: 'AWS::SNS::Topic', Metadata: { Runbook: notes }, Properties: {} } }), memorySize: 1024 });
    const update = await project.cli('update', 'dev', '--json');
    expect(update.code, update.stderr).toBe(0);
    expect(JSON.parse(update.stdout).kind).toBe('template');
    expect((await keys()).filter((k) => k.startsWith(`${STACK}-template-`))).toHaveLength(2);
    expect((await new LambdaClient({ region: MOTO_REGION }).send(new GetFunctionConfigurationCommand({ FunctionName: STACK }))).MemorySize).toBe(1024);
  });

  it('Ctrl-C while the stack is being created says what state it is in and how to go on', async () => {
    // a resource moto holds in CREATE_IN_PROGRESS, the way a slow one (CloudFront) stays on AWS
    project.writeSettings(withResources({ SlowTopic: { Type: 'AWS::SNS::Topic', Metadata: { 'moto:holdInProgress': true }, Properties: {} } }));
    const child = spawn(process.execPath, [BIN, 'deploy', 'dev'], { cwd: project.dir, env: { ...process.env, ...moto().env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    for (let waited = 0; !/SlowTopic CREATE_IN_PROGRESS/.test(stderr); waited += 50) {
      if (waited > 60_000 || child.exitCode !== null) throw new Error(`deploy never reached the slow resource:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGINT');
    expect(await exited).toBe(1);
    expect(stderr).toMatch(/interrupted: the stack quote-api-dev is CREATE_IN_PROGRESS; CloudFormation carries on without tsappa/);
    expect(stderr).toMatch(/tsappa status dev/);
    expect(stderr).toMatch(/if it ends in ROLLBACK_COMPLETE run "tsappa deploy dev" again/);
    expect(await stackStatus()).toBe('CREATE_IN_PROGRESS'); // Ctrl-C stops following, not the stack

    const again = await project.cli('deploy', 'dev');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is CREATE_IN_PROGRESS: another operation is running/);
  });
});

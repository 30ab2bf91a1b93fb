/**
 * Stream failure handling against moto: examples/quote-api deployed with a DynamoDB stream source
 * and no failure settings. The event source mapping Lambda holds bounds its retries, bisects a
 * failing batch, sends discarded records to the stage's failure queue (created by the stack) and
 * takes partial batch responses; the role may send to that queue and nowhere else.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetRolePolicyCommand, IAMClient, ListRolePoliciesCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import { LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithMoto, MOTO_REGION } from '../../../test/support/moto.js';
import { fastStackPolling, scratchProject, STACK, type ScratchProject } from './support/quote-api-scratch.js';

describeWithMoto('stream failure handling of examples/quote-api (moto)', () => {
  let project: ScratchProject;
  let restorePolling = () => {};
  let streamArn = '';

  beforeAll(async () => {
    restorePolling = fastStackPolling();
    project = scratchProject('stream-failures');
    writeFileSync(join(project.dir, 'src', 'consumers.ts'), "export async function onChange(event: { Records: unknown[] }) {\n  return { batchItemFailures: [] };\n}\n");
    const table = await new DynamoDBClient({ region: MOTO_REGION }).send(
      new CreateTableCommand({
        TableName: 'clicks',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      }),
    );
    streamArn = table.TableDescription!.LatestStreamArn!;
  });

  afterAll(() => {
    restorePolling();
    project.remove();
  });

  it('deploys the stream mapping with bounded retries, bisection, the stage failure queue and partial batch responses', async () => {
    project.writeSettings({ events: [{ function: 'src/consumers.ts:onChange', eventSource: { arn: streamArn } }] });
    const run = await project.cli('deploy', 'dev');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const mappings = (await new LambdaClient({ region: MOTO_REGION }).send(new ListEventSourceMappingsCommand({ EventSourceArn: streamArn }))).EventSourceMappings ?? [];
    expect(mappings).toHaveLength(1);
    const queueArn = `arn:aws:sqs:${MOTO_REGION}:123456789012:${STACK}-source-failures`;
    expect(mappings[0]).toMatchObject({
      MaximumRetryAttempts: 3,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: queueArn } },
      StartingPosition: 'TRIM_HORIZON',
    });
    expect(mappings[0]!.MaximumRecordAgeInSeconds ?? -1).toBe(-1);

    // the role may send discarded records to that queue, and to no other
    const iam = new IAMClient({ region: MOTO_REGION });
    const roleName = await roleOf(iam);
    const names = (await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }))).PolicyNames ?? [];
    const documents = await Promise.all(names.map(async (PolicyName) => decodeURIComponent((await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName }))).PolicyDocument ?? '')));
    const statements = documents.flatMap((d) => (JSON.parse(d) as { Statement: { Sid?: string; Action: unknown; Resource: unknown }[] }).Statement);
    const sends = statements.filter((s) => JSON.stringify(s.Action).includes('sqs:SendMessage') && s.Sid === 'EventSourceFailureQueue');
    expect(sends).toEqual([expect.objectContaining({ Action: 'sqs:SendMessage', Resource: queueArn })]);
  });

  it('an update applies the settings a stage gives: fewer retries, a topic of its own, no bisection', async () => {
    const topic = `arn:aws:sns:${MOTO_REGION}:123456789012:click-failures`;
    project.writeSettings({
      events: [{ function: 'src/consumers.ts:onChange', eventSource: { arn: streamArn, maximumRetryAttempts: 0, bisectBatchOnFunctionError: false, maximumRecordAgeInSeconds: 3600, onFailure: topic } }],
    });
    const run = await project.cli('update', 'dev');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const [mapping] = (await new LambdaClient({ region: MOTO_REGION }).send(new ListEventSourceMappingsCommand({ EventSourceArn: streamArn }))).EventSourceMappings ?? [];
    expect(mapping).toMatchObject({ MaximumRetryAttempts: 0, MaximumRecordAgeInSeconds: 3600, DestinationConfig: { OnFailure: { Destination: topic } } });
    expect(mapping!.BisectBatchOnFunctionError ?? false).toBe(false);
  });
});

async function roleOf(iam: IAMClient): Promise<string> {
  const roles = (await iam.send(new ListRolesCommand({}))).Roles ?? [];
  const role = roles.find((r) => r.RoleName?.startsWith(STACK));
  if (!role?.RoleName) throw new Error(`no execution role of ${STACK} among ${roles.map((r) => r.RoleName).join(', ')}`);
  return role.RoleName;
}

/**
 * The task topic of examples/quote-api (asyncSource: sns) against moto: created encrypted with
 * the AWS managed SNS key, and the function's role may use that key through SNS only. The topic's
 * attributes are read with the AWS CLI (installed beside moto; the CLI package has no SNS client).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { GetRolePolicyCommand, IAMClient, ListRolePoliciesCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithMoto, MOTO_REGION } from '../../../test/support/moto.js';
import { fastStackPolling, scratchProject, STACK, type ScratchProject } from './support/quote-api-scratch.js';

const run = promisify(execFile);

describeWithMoto('the task topic of examples/quote-api (moto)', (moto) => {
  let project: ScratchProject;
  let restorePolling = () => {};

  beforeAll(() => {
    restorePolling = fastStackPolling();
    project = scratchProject('task-topic');
  });

  afterAll(() => {
    restorePolling();
    project.remove();
  });

  it('is encrypted with alias/aws/sns, and the role may use the key for publishing through SNS', async () => {
    const deployed = await project.cli('deploy', 'dev');
    expect(deployed.code, deployed.stderr + deployed.stdout).toBe(0);
    const topicArn = `arn:aws:sns:${MOTO_REGION}:123456789012:${STACK}-async`;
    const { stdout } = await run('aws', ['sns', 'get-topic-attributes', '--topic-arn', topicArn, '--endpoint-url', moto().endpoint, '--output', 'json'], {
      env: { ...process.env, ...moto().env },
    });
    expect((JSON.parse(stdout) as { Attributes: Record<string, string> }).Attributes.KmsMasterKeyId).toBe('alias/aws/sns');

    const iam = new IAMClient({ region: MOTO_REGION });
    const role = ((await iam.send(new ListRolesCommand({}))).Roles ?? []).find((r) => r.RoleName?.startsWith(STACK));
    const names = (await iam.send(new ListRolePoliciesCommand({ RoleName: role!.RoleName! }))).PolicyNames ?? [];
    const statements = (
      await Promise.all(names.map(async (PolicyName) => decodeURIComponent((await iam.send(new GetRolePolicyCommand({ RoleName: role!.RoleName!, PolicyName }))).PolicyDocument ?? '')))
    ).flatMap((document) => (JSON.parse(document) as { Statement: { Sid?: string }[] }).Statement);
    expect(statements.find((s) => s.Sid === 'AsyncTopicKey')).toEqual({
      Sid: 'AsyncTopicKey',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: `arn:aws:kms:${MOTO_REGION}:123456789012:key/*`,
      Condition: { StringEquals: { 'kms:ViaService': `sns.${MOTO_REGION}.amazonaws.com` }, 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/aws/sns' } },
    });
  });
});

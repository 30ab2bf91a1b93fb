import { TASK_OFFLOAD_PREFIX } from '@tsappa/runtime/contract';
import { describe, expect, it } from 'vitest';
import { maximalInput } from './__fixtures__/settings.js';
import { actions, render, roleStatements, statement } from './__fixtures__/template.js';
import { renderTemplate } from './render.js';
import { isWildcardAction } from './role.js';
import { TemplateError } from './model.js';

const statementsWithAction = (t: ReturnType<typeof render>, action: string) =>
  roleStatements(t).filter((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]).includes(action));

describe('execution role', () => {
  it('is assumed by Lambda and holds one inline policy', () => {
    const role = render().Resources.ExecutionRole!;
    expect(role.Type).toBe('AWS::IAM::Role');
    expect(JSON.stringify(role.Properties)).toContain('lambda.amazonaws.com');
  });

  it('writes logs only to its own log group', () => {
    const logs = statement(render(), 'Logs')!;
    expect(logs.Action).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(JSON.stringify(logs.Resource)).toContain('log-group:/aws/lambda/quote-api-dev:*');
  });

  it('gets X-Ray and VPC actions only with tracing and vpcConfig', () => {
    const plain = actions(roleStatements(render()));
    expect(plain.filter((a) => a.startsWith('xray:') || a.startsWith('ec2:'))).toEqual([]);
    const on = actions(roleStatements(render({ xrayTracing: true, vpcConfig: { subnetIds: ['s'], securityGroupIds: ['g'] } })));
    expect(on).toEqual(expect.arrayContaining(['xray:PutTraceSegments', 'ec2:CreateNetworkInterface']));
  });

  it('reads S3 only for the remote env, the slim archive and the task payloads', () => {
    const t = renderTemplate(maximalInput());
    const resources = statementsWithAction(t, 's3:GetObject').map((s) => JSON.stringify(s.Resource));
    expect(resources).toHaveLength(3);
    expect(resources[0]).toContain('quote-api-config/prod.json');
    expect(resources[1]).toContain('quote-api-deployments/quote-api/prod/app-7c1d.tar.gz');
    expect(resources[2]).toContain(`quote-api-deployments/${TASK_OFFLOAD_PREFIX}*`);
    expect(statementsWithAction(render(), 's3:GetObject')).toHaveLength(1);
  });

  it('reads a Secrets Manager remote env (any suffix for a partial ARN)', () => {
    const s = statement(render({ remoteEnv: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:app/prod' }), 'RemoteEnv')!;
    expect(s).toMatchObject({ Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:app/prod-??????' });
    expect(() => render({ remoteEnv: 'https://example.com/env.json' })).toThrow(TemplateError);
  });

  it('invokes itself and the named remote functions', () => {
    const self = statement(render(), 'InvokeSelf')!;
    expect(JSON.stringify(self.Resource)).toContain('function:quote-api-dev:*');
    const t = render({}, { tasks: { remoteFunctions: [{ name: 'mailer' }, { name: 'arn:aws:lambda:eu-west-1:123456789012:function:other' }] } });
    const remote = statement(t, 'InvokeRemoteFunctions')!;
    expect(remote.Action).toBe('lambda:InvokeFunction');
    expect(JSON.stringify(remote.Resource)).toContain('function:mailer');
    expect(remote.Resource).toContain('arn:aws:lambda:eu-west-1:123456789012:function:other:*');
  });

  it('publishes to its async topic and DLQ, and uses its task table', () => {
    const t = render({ asyncSource: 'sns', deadLetterArn: 'arn:aws:sns:us-east-1:123456789012:failed' });
    expect(statement(t, 'AsyncTopicPublish')).toMatchObject({ Action: 'sns:Publish', Resource: { Ref: 'AsyncTopic' } });
    expect(statement(t, 'DeadLetter')).toMatchObject({ Action: 'sns:Publish', Resource: 'arn:aws:sns:us-east-1:123456789012:failed' });
    expect(JSON.stringify(statement(t, 'TaskTable')!.Resource)).toContain('table/quote-api-dev-tasks');
  });

  it('appends extraPolicies, refuses "Action": "*", and refuses them beside an existing role', () => {
    const extra = { Effect: 'Allow' as const, Action: 'dynamodb:Query', Resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/q' };
    expect(roleStatements(render({ extraPolicies: [extra] })).at(-1)).toEqual(extra);
    expect(() => render({ extraPolicies: [{ Effect: 'Allow', Action: '*', Resource: '*' }] })).toThrow(/Action/);
    expect(() => render({ role: 'arn:aws:iam::123456789012:role/app', extraPolicies: [extra] })).toThrow(TemplateError);
  });

  it('never holds a wildcard action (maximal stage)', () => {
    const all = actions(roleStatements(renderTemplate(maximalInput())));
    expect(all.length).toBeGreaterThan(10);
    expect(all.filter(isWildcardAction)).toEqual([]);
  });
});

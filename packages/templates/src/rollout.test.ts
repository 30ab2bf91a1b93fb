import { describe, expect, it } from 'vitest';
import { render, resource, types } from './__fixtures__/template.js';
import { ARTIFACT, makeSettings } from './__fixtures__/settings.js';
import { renderTemplate } from './render.js';
import { codeDeployConfigName } from './rollout.js';
import { DEPLOYMENT_STRATEGIES, type PolicyStatement } from './settings.js';

const canary = { strategy: 'Canary10Percent5Minutes' as const, alarms: ['quote-api-5xx', 'quote-api-latency'] };

function rolloutStatements(t: ReturnType<typeof render>): PolicyStatement[] {
  const policies = resource(t, 'RolloutServiceRole').Properties.Policies as { PolicyDocument: { Statement: PolicyStatement[] } }[];
  return policies.flatMap((p) => p.PolicyDocument.Statement);
}

describe('deployment (CodeDeploy on the live alias)', () => {
  it('adds nothing without `deployment`: the alias moves at once, as before', () => {
    const t = render();
    expect(types(t).filter((type) => type.startsWith('AWS::CodeDeploy::'))).toEqual([]);
    expect(t.Resources.RolloutServiceRole).toBeUndefined();
    const alias = t.Resources.FunctionAlias!;
    expect(alias.UpdatePolicy).toBeUndefined();
    expect(alias.DependsOn).toBeUndefined();
  });

  it('shifts the alias through a Lambda CodeDeploy application and group with the chosen configuration', () => {
    const t = render({ deployment: canary });
    expect(resource(t, 'RolloutApplication').Properties).toMatchObject({ ComputePlatform: 'Lambda', ApplicationName: 'quote-api-dev' });
    const group = resource(t, 'RolloutDeploymentGroup').Properties;
    expect(group).toMatchObject({
      ApplicationName: { Ref: 'RolloutApplication' },
      DeploymentGroupName: 'live',
      ServiceRoleArn: { 'Fn::GetAtt': ['RolloutServiceRole', 'Arn'] },
      DeploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
      DeploymentStyle: { DeploymentType: 'BLUE_GREEN', DeploymentOption: 'WITH_TRAFFIC_CONTROL' },
      AlarmConfiguration: { Enabled: true, Alarms: [{ Name: 'quote-api-5xx' }, { Name: 'quote-api-latency' }] },
    });
    expect((group.AutoRollbackConfiguration as { Events: string[] }).Events).toEqual(expect.arrayContaining(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM']));
    expect((group.AutoRollbackConfiguration as { Enabled: boolean }).Enabled).toBe(true);
    const alias = t.Resources.FunctionAlias!;
    expect(alias.UpdatePolicy).toEqual({
      CodeDeployLambdaAliasUpdate: { ApplicationName: { Ref: 'RolloutApplication' }, DeploymentGroupName: { Ref: 'RolloutDeploymentGroup' } },
    });
    expect(alias.DependsOn).toEqual(['RolloutDeploymentGroup']);
  });

  it('names every CodeDeploy predefined Lambda configuration', () => {
    expect(DEPLOYMENT_STRATEGIES.map(codeDeployConfigName)).toEqual([
      'CodeDeployDefault.LambdaAllAtOnce',
      'CodeDeployDefault.LambdaCanary10Percent5Minutes',
      'CodeDeployDefault.LambdaCanary10Percent10Minutes',
      'CodeDeployDefault.LambdaCanary10Percent15Minutes',
      'CodeDeployDefault.LambdaCanary10Percent30Minutes',
      'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
      'CodeDeployDefault.LambdaLinear10PercentEvery2Minutes',
      'CodeDeployDefault.LambdaLinear10PercentEvery3Minutes',
      'CodeDeployDefault.LambdaLinear10PercentEvery10Minutes',
    ]);
  });

  it('gives CodeDeploy a role that may only read and move this function’s aliases and read alarms', () => {
    const t = render({ deployment: canary });
    const role = resource(t, 'RolloutServiceRole').Properties;
    expect(role.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'codedeploy.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    const statements = rolloutStatements(t);
    const lambda = statements.find((s) => s.Sid === 'ShiftLiveAlias')!;
    expect(lambda.Action).toEqual(['lambda:GetAlias', 'lambda:UpdateAlias', 'lambda:GetProvisionedConcurrencyConfig']);
    expect(JSON.stringify(lambda.Resource)).toContain('function:quote-api-dev');
    expect(JSON.stringify(lambda.Resource)).not.toMatch(/function:\*/);
    expect(statements.find((s) => s.Sid === 'ReadAlarms')?.Action).toBe('cloudwatch:DescribeAlarms');
    expect(statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).every((a) => !a.includes('*'))).toBe(true);
  });

  it('leaves alarms out of the group and the role when there are none', () => {
    const t = render({ deployment: { strategy: 'Linear10PercentEvery1Minute', alarms: [] } });
    expect(resource(t, 'RolloutDeploymentGroup').Properties.AlarmConfiguration).toBeUndefined();
    expect(resource(t, 'RolloutDeploymentGroup').Properties.DeploymentConfigName).toBe('CodeDeployDefault.LambdaLinear10PercentEvery1Minute');
    expect(rolloutStatements(t).map((s) => s.Sid)).toEqual(['ShiftLiveAlias']);
  });

  it('refuses a user resource that takes a rollout logical id', () => {
    const settings = makeSettings({ resources: { RolloutDeploymentGroup: { Type: 'AWS::SNS::Topic' } } });
    expect(() => renderTemplate({ settings, artifact: { ...ARTIFACT } })).toThrow(/RolloutDeploymentGroup.*tsappa generates/);
  });
});

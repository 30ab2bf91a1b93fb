/**
 * `deployment`: on stack updates, CodeDeploy shifts the `live` alias to the new version, as SAM
 * does it: a CodeDeploy application (compute platform Lambda), a deployment group with the
 * chosen predefined configuration, the stage's alarms and automatic rollback, a service role
 * allowed only to read and move this function's aliases and read alarms, and the alias's
 * `CodeDeployLambdaAliasUpdate` update policy naming the two.
 *
 * Without `deployment` nothing is added and the alias moves at once, as before.
 * (On the code fast path, without CloudFormation, the CLI shifts the alias itself.)
 */
import { LIVE_ALIAS } from '@tsappa/runtime/contract';
import type { Context } from './context.js';
import { LOGICAL_IDS } from './ids.js';
import { ref, sub, withTags } from './intrinsics.js';
import type { Fragment } from './model.js';
import type { CloudFormationResource, DeploymentStrategy } from './settings.js';

/** The CodeDeploy deployment group's name inside the stage's application. */
export const ROLLOUT_GROUP_NAME = LIVE_ALIAS;

/** `Canary10Percent5Minutes` -> `CodeDeployDefault.LambdaCanary10Percent5Minutes` */
export function codeDeployConfigName(strategy: DeploymentStrategy): string {
  return `CodeDeployDefault.Lambda${strategy}`;
}

/** What the alias carries so CloudFormation moves it through CodeDeploy (empty without `deployment`). */
export function aliasRolloutAttributes(ctx: Context): Pick<CloudFormationResource, 'UpdatePolicy' | 'DependsOn'> {
  if (!ctx.settings.deployment) return {};
  return {
    // the group must exist before an update can hand the alias to it
    DependsOn: [LOGICAL_IDS.rolloutDeploymentGroup],
    UpdatePolicy: {
      CodeDeployLambdaAliasUpdate: {
        ApplicationName: ref(LOGICAL_IDS.rolloutApplication),
        DeploymentGroupName: ref(LOGICAL_IDS.rolloutDeploymentGroup),
      },
    },
  };
}

function serviceRole(ctx: Context): CloudFormationResource {
  const functionArn = ctx.functionArnText;
  const statements: Record<string, unknown>[] = [
    {
      Sid: 'ShiftLiveAlias',
      Effect: 'Allow',
      Action: ['lambda:GetAlias', 'lambda:UpdateAlias', 'lambda:GetProvisionedConcurrencyConfig'],
      Resource: [sub(functionArn), sub(`${functionArn}:*`)],
    },
  ];
  if ((ctx.settings.deployment?.alarms.length ?? 0) > 0) {
    // CodeDeploy polls the group's alarms; DescribeAlarms is read-only (AWS's own
    // AWSCodeDeployRoleForLambdaLimited grants it on every alarm)
    statements.push({ Sid: 'ReadAlarms', Effect: 'Allow', Action: 'cloudwatch:DescribeAlarms', Resource: '*' });
  }
  return {
    Type: 'AWS::IAM::Role',
    Properties: withTags(
      {
        Description: `CodeDeploy shifts the ${LIVE_ALIAS} alias of ${ctx.names.function}`,
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'codedeploy.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
        Policies: [{ PolicyName: 'tsappa-rollout', PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
      },
      ctx.settings.tags,
    ),
  };
}

export function rolloutFragment(ctx: Context): Fragment {
  const deployment = ctx.settings.deployment;
  if (!deployment) return {};
  const alarms = deployment.alarms;
  return {
    resources: {
      [LOGICAL_IDS.rolloutApplication]: {
        Type: 'AWS::CodeDeploy::Application',
        Properties: withTags({ ApplicationName: ctx.names.stack, ComputePlatform: 'Lambda' }, ctx.settings.tags),
      },
      [LOGICAL_IDS.rolloutServiceRole]: serviceRole(ctx),
      [LOGICAL_IDS.rolloutDeploymentGroup]: {
        Type: 'AWS::CodeDeploy::DeploymentGroup',
        Properties: withTags(
          {
            ApplicationName: ref(LOGICAL_IDS.rolloutApplication),
            DeploymentGroupName: ROLLOUT_GROUP_NAME,
            ServiceRoleArn: { 'Fn::GetAtt': [LOGICAL_IDS.rolloutServiceRole, 'Arn'] },
            DeploymentConfigName: codeDeployConfigName(deployment.strategy),
            DeploymentStyle: { DeploymentType: 'BLUE_GREEN', DeploymentOption: 'WITH_TRAFFIC_CONTROL' },
            ...(alarms.length > 0 ? { AlarmConfiguration: { Enabled: true, Alarms: alarms.map((Name) => ({ Name })) } } : {}),
            AutoRollbackConfiguration: { Enabled: true, Events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM', 'DEPLOYMENT_STOP_ON_REQUEST'] },
          },
          ctx.settings.tags,
        ),
      },
    },
  };
}

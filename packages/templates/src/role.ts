/**
 * The execution role, least-privilege: every statement names its resources, no action is a
 * wildcard. The concerns add their own statements (tasks, dead letter, event sources); the
 * user's `extraPolicies` come last. With `settings.role` no role is generated at all.
 */
import { TASK_OFFLOAD_PREFIX } from '@tsappa/runtime/contract';
import type { Context } from './context.js';
import { s3ObjectArnText } from './function.js';
import { LOGICAL_IDS } from './ids.js';
import { getAtt, literal, sub, withTags } from './intrinsics.js';
import { TemplateError, type Fragment } from './model.js';
import type { PolicyStatement } from './settings.js';

export const POLICY_NAME = 'tsappa-execution';

/** True when an action is `*` or holds a wildcard (`s3:*`, `s3:Get*`). */
export function isWildcardAction(action: string): boolean {
  return action.includes('*');
}

function actionsOf(statement: PolicyStatement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** The statements every generated role holds, for the settings at hand. */
export function baseStatements(ctx: Context): PolicyStatement[] {
  const { settings, artifact, names } = ctx;
  const statements: PolicyStatement[] = [
    {
      Sid: 'Logs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:${names.logGroup}:*`),
    },
  ];
  if (settings.xrayTracing) {
    statements.push({
      Sid: 'XRay',
      Effect: 'Allow',
      Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
      // X-Ray has no resource-level permissions for these actions.
      Resource: '*',
    });
  }
  if (settings.vpcConfig) {
    statements.push({
      Sid: 'VpcNetworkInterfaces',
      Effect: 'Allow',
      Action: [
        'ec2:AssignPrivateIpAddresses',
        'ec2:CreateNetworkInterface',
        'ec2:DeleteNetworkInterface',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSubnets',
        'ec2:UnassignPrivateIpAddresses',
      ],
      // EC2 describes and ENI creation in the function's subnets are not resource-scoped.
      Resource: '*',
    });
  }
  if (settings.remoteEnv) {
    const remote = settings.remoteEnv;
    const s3 = /^s3:\/\/([^/]+)\/(.+)$/.exec(remote);
    if (s3) {
      statements.push({ Sid: 'RemoteEnv', Effect: 'Allow', Action: 's3:GetObject', Resource: sub(s3ObjectArnText(s3[1]!, s3[2]!)) });
    } else if (remote.startsWith('arn:') && remote.split(':')[2] === 'secretsmanager') {
      // A secret's full ARN ends in a 6-character suffix; a partial ARN matches any suffix.
      const arn = /-[A-Za-z0-9]{6}$/.test(remote) ? remote : `${remote}-??????`;
      statements.push({ Sid: 'RemoteEnv', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: arn });
    } else {
      throw new TemplateError(`remoteEnv "${remote}": expected s3://bucket/key.json or a Secrets Manager secret ARN`);
    }
  }
  if (artifact.slimArchive) {
    statements.push({
      Sid: 'SlimArchive',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: sub(s3ObjectArnText(artifact.bucket, artifact.slimArchive.key)),
    });
  }
  statements.push({
    Sid: 'TaskPayloads',
    Effect: 'Allow',
    Action: ['s3:GetObject', 's3:PutObject'],
    Resource: sub(`arn:\${AWS::Partition}:s3:::${literal(artifact.bucket)}/${literal(TASK_OFFLOAD_PREFIX)}*`),
  });
  statements.push({
    Sid: 'InvokeSelf',
    Effect: 'Allow',
    Action: 'lambda:InvokeFunction',
    Resource: [sub(ctx.functionArnText), sub(`${ctx.functionArnText}:*`)],
  });
  const remotes = [...(ctx.tasks.remoteFunctions ?? [])]
    .map((remote) =>
      remote.name.startsWith('arn:')
        ? remote.name
        : `arn:\${AWS::Partition}:lambda:${remote.region ?? '${AWS::Region}'}:\${AWS::AccountId}:function:${literal(remote.name)}`,
    )
    .filter((arn, index, all) => all.indexOf(arn) === index)
    .sort();
  if (remotes.length > 0) {
    statements.push({
      Sid: 'InvokeRemoteFunctions',
      Effect: 'Allow',
      Action: 'lambda:InvokeFunction',
      Resource: remotes.flatMap((arn): unknown[] => (arn.startsWith('arn:${') ? [sub(arn), sub(`${arn}:*`)] : [arn, `${arn}:*`])),
    });
  }
  return statements;
}

/** The generated role (or nothing, with `settings.role`) and the ARN the function uses. */
export function roleFragment(ctx: Context, concernStatements: PolicyStatement[]): { fragment: Fragment; roleArn: unknown } {
  const { settings } = ctx;
  if (settings.role) {
    if (settings.extraPolicies.length > 0) {
      throw new TemplateError('extraPolicies apply to the generated role; with "role" set, add them to that role instead');
    }
    return { fragment: {}, roleArn: settings.role };
  }
  for (const statement of settings.extraPolicies) {
    if (statement.Effect === 'Allow' && actionsOf(statement).some((action) => action === '*')) {
      throw new TemplateError('extraPolicies: a statement allows "Action": "*"; name the actions the app needs');
    }
  }
  const statements = [...baseStatements(ctx), ...concernStatements, ...settings.extraPolicies];
  return {
    roleArn: getAtt(LOGICAL_IDS.role, 'Arn'),
    fragment: {
      resources: {
        [LOGICAL_IDS.role]: {
          Type: 'AWS::IAM::Role',
          Properties: withTags(
            {
              Description: `tsappa execution role of ${ctx.names.stack}`,
              AssumeRolePolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
                ],
              },
              Policies: [{ PolicyName: POLICY_NAME, PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
            },
            settings.tags,
          ),
        },
      },
    },
  };
}

/**
 * The role EventBridge Scheduler assumes to invoke the stage's function: it may only invoke the
 * `live` alias (lambda:InvokeFunction on that exact ARN), and only Scheduler acting for this
 * account may assume it (aws:SourceAccount, against the confused deputy:
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/cross-service-confused-deputy-prevention.html).
 * Scheduler invokes through this role, not through the function's resource policy
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role).
 */
import type { Context } from './context.js';
import { ref, withTags } from './intrinsics.js';
import type { CloudFormationResource } from './settings.js';

export const SCHEDULER_ROLE_ID = 'SchedulerRole';
export const SCHEDULER_POLICY_NAME = 'tsappa-scheduler-invoke';

export function schedulerRole(ctx: Context): CloudFormationResource {
  return {
    Type: 'AWS::IAM::Role',
    Properties: withTags(
      {
        Description: `EventBridge Scheduler invokes the live alias of ${ctx.names.function}`,
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'scheduler.amazonaws.com' },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } },
            },
          ],
        },
        Policies: [
          {
            PolicyName: SCHEDULER_POLICY_NAME,
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Sid: 'InvokeLiveAlias', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: ctx.aliasArn }],
            },
          },
        ],
      },
      ctx.settings.tags,
    ),
  };
}

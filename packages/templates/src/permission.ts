/** The Lambda permission that lets an AWS service invoke the stage's function. */
import type { CloudFormationResource } from './settings.js';
import type { Context } from './context.js';

export interface InvokePermission {
  /** e.g. `events.amazonaws.com` */
  principal: string;
  sourceArn: unknown;
  /** S3 buckets have no account in their ARN: pin the account too */
  sourceAccount?: unknown;
  /** another function to invoke (an authorizer given by `arn`); default: the `live` alias */
  functionArn?: string | null;
}

/** Invoke permission on the `live` alias (depending on it), or on `functionArn` when given. */
export function invokePermission(ctx: Context, permission: InvokePermission): CloudFormationResource {
  const external = permission.functionArn ?? null;
  return {
    Type: 'AWS::Lambda::Permission',
    ...(external ? {} : { DependsOn: [ctx.aliasDependsOn] }),
    Properties: {
      Action: 'lambda:InvokeFunction',
      FunctionName: external ?? ctx.aliasArn,
      Principal: permission.principal,
      SourceArn: permission.sourceArn,
      ...(permission.sourceAccount === undefined ? {} : { SourceAccount: permission.sourceAccount }),
    },
  };
}

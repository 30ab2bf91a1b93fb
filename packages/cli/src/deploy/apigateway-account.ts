/**
 * API Gateway's account-wide "CloudWatch log role ARN": access and execution logs of any
 * stage in a region need it, and without it API Gateway refuses the stage ("CloudWatch Logs
 * role ARN must be set in account settings to enable logging").
 *
 * Before a deploy or a stack update of a stage that logs, tsappa reads the setting
 * (GetAccount). When the region has none, it creates (or reuses) the role
 * `tsappa-apigateway-cloudwatch-logs`, trusted by API Gateway alone and holding only AWS's
 * managed policy AmazonAPIGatewayPushToCloudWatchLogs, sets it (UpdateAccount) and says so in
 * one line. A role already set is never replaced. The role lives outside every stack: it is an
 * account setting shared by every API in the region, so removing a stage must not unset it
 * (the Serverless Framework does the same; CloudFormation's AWS::ApiGateway::Account in a
 * stage's stack would fight other stacks over it).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
 */
import { stageLogs, type ResolvedSettings } from '@tsappa/templates';
import type { AwsClients } from '../aws/clients.js';
import { logRoleApi } from '../aws/log-role-api.js';
import type { CommandContext } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import { errorName, sleep } from './retry.js';

export const LOG_ROLE_NAME = 'tsappa-apigateway-cloudwatch-logs';
export const LOG_ROLE_POLICY = 'AmazonAPIGatewayPushToCloudWatchLogs';

/** Only API Gateway may assume the role. */
export const LOG_ROLE_TRUST_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

/** The AWS calls this step makes (../aws/log-role-api.ts), so the logic can be tested alone. */
export interface LogRoleApi {
  /** GetAccount's cloudwatchRoleArn, or null when unset */
  currentRoleArn(): Promise<string | null>;
  /** the role's ARN, or null when it does not exist */
  findRole(name: string): Promise<string | null>;
  createRole(name: string, trustPolicy: object, description: string): Promise<string>;
  /** attaches the AWS managed policy `policyName` (idempotent) */
  attachManagedPolicy(roleName: string, policyName: string, partition: string): Promise<void>;
  /** UpdateAccount: replace /cloudwatchRoleArn */
  setRoleArn(roleArn: string): Promise<void>;
}

export interface LogRoleOptions {
  /** how long to keep trying UpdateAccount while IAM spreads a new role (ms); default 90 s */
  propagationMs?: number;
  /** between tries; default 3 s */
  intervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export type LogRoleOutcome = 'not-needed' | 'already-set' | 'created' | 'reused';

const DENIED = /AccessDenied|UnauthorizedOperation|NotAuthorized/;

/** API Gateway's answer while IAM has not spread a new role yet. */
export function isRoleNotReady(error: unknown): boolean {
  return errorName(error) === 'BadRequestException' && /role ARN does not have required permissions|trust/i.test((error as Error).message ?? '');
}

function refused(settings: ResolvedSettings, step: string, error: unknown): CliError {
  const region = settings.awsRegion;
  const denied = DENIED.test(errorName(error)) || DENIED.test((error as Error).message ?? '');
  return new CliError(
    `API Gateway in ${region} has no CloudWatch Logs role, which the stage's access and execution logs need, and tsappa could not ${step}: ${(error as Error).message}`,
    1,
    [
      denied ? `these credentials may not manage IAM roles; ask an administrator to create a role API Gateway can assume with the managed policy ${LOG_ROLE_POLICY},` : `create a role API Gateway can assume with the managed policy ${LOG_ROLE_POLICY},`,
      `then run "aws apigateway update-account --region ${region} --patch-operations op=replace,path=/cloudwatchRoleArn,value=<role ARN>";`,
      `or turn the stage's logs off ("accessLogging": false, "executionLogging": "off" in ${settings.configFile})`,
    ].join(' '),
  );
}

async function setWhenReady(api: LogRoleApi, roleArn: string, options: LogRoleOptions): Promise<void> {
  const wait = options.sleep ?? sleep;
  const deadline = Date.now() + (options.propagationMs ?? 90_000);
  for (;;) {
    try {
      return await api.setRoleArn(roleArn);
    } catch (error) {
      if (!isRoleNotReady(error) || Date.now() >= deadline) throw error;
      await wait(options.intervalMs ?? 3000);
    }
  }
}

/** GetAccount's role; an error says which permission reads it, or how to do without. */
async function currentRole(settings: ResolvedSettings, api: LogRoleApi): Promise<string | null> {
  try {
    return await api.currentRoleArn();
  } catch (error) {
    throw new CliError(
      `could not read API Gateway's account settings in ${settings.awsRegion}, to check the CloudWatch Logs role the stage's logs need: ${(error as Error).message}`,
      1,
      `allow apigateway:GET on arn:aws:apigateway:${settings.awsRegion}::/account, or turn the stage's logs off ("accessLogging": false, "executionLogging": "off" in ${settings.configFile})`,
    );
  }
}

/** Makes sure API Gateway can write the stage's logs in its region (see the module comment). */
export async function ensureApiGatewayLogRole(ctx: CommandContext, settings: ResolvedSettings, api: LogRoleApi, options: LogRoleOptions = {}): Promise<LogRoleOutcome> {
  if (!stageLogs(settings)) return 'not-needed';
  if (await currentRole(settings, api)) return 'already-set';

  let step = `look up the role ${LOG_ROLE_NAME}`;
  try {
    const existing = await api.findRole(LOG_ROLE_NAME);
    step = `create the role ${LOG_ROLE_NAME}`;
    const roleArn = existing ?? (await api.createRole(LOG_ROLE_NAME, LOG_ROLE_TRUST_POLICY, 'Lets API Gateway write access and execution logs to CloudWatch Logs (set by tsappa)'));
    step = `attach ${LOG_ROLE_POLICY} to the role ${LOG_ROLE_NAME}`;
    await api.attachManagedPolicy(LOG_ROLE_NAME, LOG_ROLE_POLICY, roleArn.split(':')[1] ?? 'aws');
    step = `set the role ${LOG_ROLE_NAME} in API Gateway's account settings`;
    await setWhenReady(api, roleArn, options);
    ctx.output.info(
      `API Gateway in ${settings.awsRegion} had no CloudWatch Logs role (the stage's logs need one): ${existing ? 'set' : 'created'} the role ${LOG_ROLE_NAME} (only ${LOG_ROLE_POLICY}) for the account`,
    );
    return existing ? 'reused' : 'created';
  } catch (error) {
    throw refused(settings, step, error);
  }
}

/** The step as deploy and update run it: before CloudFormation creates or updates the stage. */
export function ensureStageLogRole(ctx: CommandContext, clients: AwsClients, settings: ResolvedSettings): Promise<LogRoleOutcome> {
  return ensureApiGatewayLogRole(ctx, settings, logRoleApi(clients));
}

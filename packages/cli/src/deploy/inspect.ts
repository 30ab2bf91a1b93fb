/**
 * Reading a deployed stage (no AWS write): its stack, the deployed template, the code and
 * version `live` serves, and what the new release changes. What `update` and `diff` start from.
 */
import { GetFunctionConfigurationCommand, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { Stack } from '@aws-sdk/client-cloudformation';
import { LIVE_ALIAS } from '@tsappa/runtime/contract';
import { LOGICAL_IDS, OUTPUTS, stackName, type ResolvedSettings } from '@tsappa/templates';
import type { CommandContext } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import { arnAccount } from '../aws/account.js';
import { resolveBucketName } from '../aws/bucket.js';
import type { AwsClients } from '../aws/clients.js';
import { describeDiff, diffTemplates, lambdaCodeSha256, templateChanged, type TemplateDiff } from './changes.js';
import { retentionDiffers, templateOmitsLogGroup } from './log-group.js';
import { buildRelease, type Release } from './release.js';
import { errorName } from './retry.js';
import { rolledBack, type RolledBack } from './roll-forward.js';
import { deployedTemplate, findStack, isUpdatable, stackOutputs } from './stack.js';

export interface StageInspection {
  stack: string;
  existing: Stack;
  outputs: Record<string, string>;
  functionName: string;
  bucket: string;
  deployed: Record<string, unknown> | null;
  existingLogGroup: boolean;
  release: Release;
  /** what `live` serves (null when the alias cannot be read) */
  live: FunctionConfiguration | null;
  /** Lambda's CodeSha256 (base64) of the new package */
  packageCodeSha256: string;
  codeChanged: boolean;
  /**
   * `live` on a version older than the stack's (a `tsappa rollback`) while the code is unchanged:
   * the update moves `live` forward to the stack's version (new code moves it anyway)
   */
  rollsForward: RolledBack | null;
  diff: TemplateDiff;
  templateDiffers: boolean;
  retentionChanged: boolean;
  /** e.g. ["code", "~ Function", "+ DeadLetterQueue"] */
  changes: string[];
}

export async function liveConfiguration(clients: AwsClients, functionName: string): Promise<FunctionConfiguration | null> {
  const lambda = await clients.lambda();
  try {
    return await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName, Qualifier: LIVE_ALIAS }));
  } catch (error) {
    if (errorName(error) !== 'ResourceNotFoundException') throw error;
    return null;
  }
}

/** The function's S3 key in a template. */
export function codeKeyOf(template: Record<string, unknown> | null): string | null {
  const resources = (template?.Resources ?? {}) as Record<string, { Properties?: { Code?: { S3Key?: unknown } } }>;
  const key = resources[LOGICAL_IDS.function]?.Properties?.Code?.S3Key;
  return typeof key === 'string' ? key : null;
}

/** The deployed stage and what the new release would change in it; refuses a stage that cannot be updated. */
export async function inspectStage(ctx: CommandContext, settings: ResolvedSettings, clients: AwsClients): Promise<StageInspection> {
  const stack = stackName(settings);
  const cfn = await clients.cloudFormation();
  const existing = await findStack(cfn, stack);
  if (!existing) {
    throw new CliError(`stage "${settings.stage}" is not deployed (no stack ${stack} in ${clients.target.region})`, 1, `run "tsappa deploy ${settings.stage}" first`);
  }
  const status = existing.StackStatus ?? 'UNKNOWN';
  if (!isUpdatable(status)) {
    const hint = status.endsWith('_IN_PROGRESS')
      ? `wait for the running operation ("tsappa status ${settings.stage}")`
      : status === 'ROLLBACK_COMPLETE'
        ? `the first deployment failed: run "tsappa deploy ${settings.stage}" (it removes the failed stack first)`
        : `see "tsappa status ${settings.stage}"`;
    throw new CliError(`the stack ${stack} is ${status} and cannot be updated now`, 1, hint);
  }
  const outputs = stackOutputs(existing);
  const functionName = outputs[OUTPUTS.functionName] || stack;
  const bucket = await resolveBucketName(clients, settings.s3Bucket, arnAccount(existing.StackId));
  const deployed = await deployedTemplate(cfn, stack);
  const existingLogGroup = templateOmitsLogGroup(deployed);
  const release = await buildRelease(settings, bucket, ctx.output, { existingLogGroup });
  const live = await liveConfiguration(clients, functionName);
  const packageCodeSha256 = lambdaCodeSha256(release.pkg.sha256);
  const codeChanged = live?.CodeSha256 !== packageCodeSha256;
  ctx.output.debug(`live version ${live?.Version ?? '(none)'} runs code ${live?.CodeSha256 ?? '?'}; the package is ${packageCodeSha256}`);
  const diff = diffTemplates(deployed, release.template);
  // A log group kept from an earlier stack is outside the template: compare its retention here.
  const retentionChanged = existingLogGroup && (await retentionDiffers(clients, settings));
  const changes = [...(codeChanged ? ['code'] : []), ...describeDiff(diff), ...(retentionChanged ? ['log retention'] : [])];
  return {
    stack,
    existing,
    outputs,
    functionName,
    bucket,
    deployed,
    existingLogGroup,
    release,
    live,
    packageCodeSha256,
    codeChanged,
    rollsForward: codeChanged ? null : rolledBack(live?.Version, outputs[OUTPUTS.functionVersion]),
    diff,
    templateDiffers: templateChanged(diff),
    retentionChanged,
    changes,
  };
}

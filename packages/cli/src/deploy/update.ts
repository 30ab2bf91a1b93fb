/**
 * `tsappa update`: applies every change to a deployed stage.
 * - nothing changed: no AWS write at all, "No changes";
 * - only the code: the fast path (upload, UpdateFunctionCode, wait, PublishVersion, move
 *   `live`), no CloudFormation update;
 * - the template (settings, API keys, DLQ, authorizers, domains, schedules...): a change set
 *   with the current artifact, so the code never goes back.
 */
import { GetFunctionConfigurationCommand, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import { LIVE_ALIAS } from '@tsappa/runtime/contract';
import { LOGICAL_IDS, OUTPUTS, stackName, type ResolvedSettings } from '@tsappa/templates';
import type { CommandContext } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import { arnAccount } from '../aws/account.js';
import { resolveBucketName } from '../aws/bucket.js';
import type { AwsClients } from '../aws/clients.js';
import { describeDiff, diffTemplates, lambdaCodeSha256, templateChanged } from './changes.js';
import { apiKeyValue, uploadRelease } from './deploy.js';
import { isSuccess, stackFailure } from './events.js';
import { fastPathUpdate } from './fast-path.js';
import { applyRetention, retentionDiffers, templateOmitsLogGroup } from './log-group.js';
import { buildRelease } from './release.js';
import { errorName } from './retry.js';
import { runStackOperation } from './run.js';
import { deployedTemplate, findStack, isUpdatable, stackOutputs, updateStack } from './stack.js';

export type UpdateKind = 'none' | 'code' | 'template' | 'code+template';

export interface UpdateResult {
  stage: string;
  stack: string;
  kind: UpdateKind;
  /** what changed, e.g. ["code", "~ Function", "+ DeadLetterQueue"] */
  changes: string[];
  url: string | null;
  /** the version `live` serves now (null when the stack's alias is not readable) */
  version: string | null;
  previousVersion: string | null;
  artifact: { bucket: string; key: string; uploaded: boolean } | null;
  apiKey: { id: string; value: string | null } | null;
  seconds: number;
  awsCalls: number;
  awsWrites: number;
}

/** AWS calls that change something (everything but Get/Describe/List/Head). */
export function countWrites(calls: { command: string }[]): number {
  return calls.filter((c) => !/^(Get|Describe|List|Head|Lookup)/.test(c.command)).length;
}

async function liveConfiguration(clients: AwsClients, functionName: string): Promise<FunctionConfiguration | null> {
  const lambda = await clients.lambda();
  try {
    return await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName, Qualifier: LIVE_ALIAS }));
  } catch (error) {
    if (errorName(error) !== 'ResourceNotFoundException') throw error;
    return null;
  }
}

function codeKeyOf(template: Record<string, unknown> | null): string | null {
  const resources = (template?.Resources ?? {}) as Record<string, { Properties?: { Code?: { S3Key?: unknown } } }>;
  const key = resources[LOGICAL_IDS.function]?.Properties?.Code?.S3Key;
  return typeof key === 'string' ? key : null;
}

export async function updateStage(ctx: CommandContext, settings: ResolvedSettings, clients: AwsClients): Promise<UpdateResult> {
  const started = Date.now();
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
  const before = stackOutputs(existing);
  const functionName = before[OUTPUTS.functionName] || stack;

  const bucket = await resolveBucketName(clients, settings.s3Bucket, arnAccount(existing.StackId));
  const deployed = await deployedTemplate(cfn, stack);
  const existingLogGroup = templateOmitsLogGroup(deployed);
  const release = await buildRelease(settings, bucket, ctx.output, { existingLogGroup });
  const live = await liveConfiguration(clients, functionName);
  const codeChanged = live?.CodeSha256 !== lambdaCodeSha256(release.pkg.sha256);
  ctx.output.debug(`live version ${live?.Version ?? '(none)'} runs code ${live?.CodeSha256 ?? '?'}; the package is ${lambdaCodeSha256(release.pkg.sha256)}`);
  const diff = diffTemplates(deployed, release.template);
  const templateDiffers = templateChanged(diff);
  // A log group kept from an earlier stack is outside the template: compare its retention here.
  const retentionChanged = existingLogGroup && (await retentionDiffers(clients, settings));
  const changes = [...(codeChanged ? ['code'] : []), ...describeDiff(diff), ...(retentionChanged ? ['log retention'] : [])];
  const base = { stage: settings.stage, stack, url: before[OUTPUTS.apiUrl] || null, previousVersion: live?.Version ?? null };
  const finish = (result: Omit<UpdateResult, 'seconds' | 'awsCalls' | 'awsWrites' | keyof typeof base>): UpdateResult => ({
    ...base,
    ...result,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    awsCalls: clients.calls.length,
    awsWrites: countWrites(clients.calls),
  });

  if (retentionChanged) await applyRetention(clients, settings);
  if (!codeChanged && !templateDiffers) {
    if (retentionChanged) return finish({ kind: 'template', changes, version: live?.Version ?? null, artifact: null, apiKey: null });
    return finish({ kind: 'none', changes: [], version: live?.Version ?? null, artifact: null, apiKey: null });
  }

  const { artifact, source } = await uploadRelease(ctx, clients, release);
  const artifactInfo = { bucket, key: release.pkg.artifactKey, uploaded: artifact.uploaded };
  let version = live?.Version ?? null;

  // CloudFormation only updates the code when the key in the template changes: when the stack
  // already names this key (a fast path went back to earlier code), the fast path installs it.
  const fastPath = codeChanged && (!templateDiffers || codeKeyOf(deployed) === release.pkg.artifactKey);
  if (fastPath) {
    ctx.output.info(`Code changed: updating ${functionName} without a stack update`);
    const fast = await fastPathUpdate(await clients.lambda(), { functionName, bucket, key: release.pkg.artifactKey, sha256: release.pkg.sha256, previousVersion: live?.Version ?? null });
    version = fast.version;
    if (!templateDiffers) return finish({ kind: 'code', changes, version, artifact: artifactInfo, apiKey: null });
  }

  ctx.output.info(`Updating the stack ${stack}: ${describeDiff(diff).join(', ') || 'template'}`);
  const since = new Date(Date.now() - 1000);
  const changeSet = await updateStack(cfn, stack, source, {}, {
    onChanges: (list) => {
      for (const change of list) {
        const rc = change.ResourceChange;
        if (rc) ctx.output.debug(`  ${rc.Action} ${rc.LogicalResourceId} (${rc.ResourceType})${rc.Replacement === 'True' ? ' replacement' : ''}`);
      }
    },
  });
  if (changeSet.executed) {
    const result = await runStackOperation(ctx, cfn, { stack, stackId: existing.StackId, stage: settings.stage, operation: 'update', since, total: changeSet.changes.length });
    if (!isSuccess(result.status)) {
      throw stackFailure('the update', result, stack, `the stage still runs its previous version; fix the cause and run "tsappa update ${settings.stage}" again`);
    }
  } else {
    ctx.output.info('CloudFormation found nothing to change in the stack');
  }
  const after = await findStack(cfn, stack);
  const outputs = after ? stackOutputs(after) : {};
  const liveAfter = await liveConfiguration(clients, functionName);
  const keyId = outputs[OUTPUTS.apiKeyId] || null;
  const newKey = keyId && keyId !== before[OUTPUTS.apiKeyId] && !settings.apiKey;
  return finish({
    kind: codeChanged ? 'code+template' : 'template',
    changes,
    version: liveAfter?.Version ?? version,
    artifact: artifactInfo,
    apiKey: newKey ? { id: keyId, value: await apiKeyValue(ctx, clients, keyId) } : null,
  });
}

/** `tsappa undeploy`: delete the stack and wait; on request the log group and the stage's artifacts. */
import { DeleteLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DeleteObjectsCommand, ListObjectVersionsCommand, type ObjectIdentifier } from '@aws-sdk/client-s3';
import { stackName, stageNames, type ResolvedSettings } from '@tsappa/templates';
import type { CommandContext } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import { arnAccount } from '../aws/account.js';
import { resolveBucketName } from '../aws/bucket.js';
import type { AwsClients } from '../aws/clients.js';
import { isSuccess, stackFailure } from './events.js';
import { errorName } from './retry.js';
import { runStackOperation } from './run.js';
import { deleteStack, findStack } from './stack.js';
import { apiLogGroupNames, deleteLogGroups } from './api-log-groups.js';

export interface UndeployOptions {
  removeLogs: boolean;
  purgeArtifacts: boolean;
}

export interface UndeployResult {
  stage: string;
  stack: string;
  deleted: boolean;
  logGroupDeleted: boolean;
  artifactsDeleted: number;
  seconds: number;
}

/** Deletes every version of every object under `<stack>-` in the bucket (artifacts, app archives, templates). */
export async function purgeArtifacts(clients: AwsClients, bucket: string, stack: string): Promise<number> {
  const s3 = await clients.s3();
  let deleted = 0;
  let keyMarker: string | undefined;
  let versionMarker: string | undefined;
  for (;;) {
    let page;
    try {
      page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: `${stack}-`, KeyMarker: keyMarker, VersionIdMarker: versionMarker }));
    } catch (error) {
      if (errorName(error) === 'NoSuchBucket') return deleted;
      throw error;
    }
    const objects: ObjectIdentifier[] = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]
      .filter((v) => v.Key)
      .map((v) => ({ Key: v.Key!, ...(v.VersionId ? { VersionId: v.VersionId } : {}) }));
    for (let i = 0; i < objects.length; i += 1000) {
      await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects.slice(i, i + 1000), Quiet: true } }));
    }
    deleted += (page.Versions ?? []).length;
    if (!page.IsTruncated) return deleted;
    keyMarker = page.NextKeyMarker;
    versionMarker = page.NextVersionIdMarker;
  }
}

export async function undeployStage(ctx: CommandContext, settings: ResolvedSettings, clients: AwsClients, options: UndeployOptions): Promise<UndeployResult> {
  const started = Date.now();
  const stack = stackName(settings);
  const cfn = await clients.cloudFormation();
  const existing = await findStack(cfn, stack);
  if (!existing && !options.removeLogs && !options.purgeArtifacts) {
    throw new CliError(`stage "${settings.stage}" is not deployed (no stack ${stack} in ${clients.target.region})`, 1);
  }
  const what = [existing ? `the stack ${stack}` : null, options.removeLogs ? 'its log group' : null, options.purgeArtifacts ? 'its artifacts in the bucket' : null].filter(Boolean).join(', ');
  if (!(await ctx.prompter.confirm(`Delete ${what}? This cannot be undone.`, `undeploy stage "${settings.stage}"`))) {
    throw new CliError('undeploy cancelled', 1);
  }
  let deleted = false;
  if (existing) {
    ctx.output.info(`Deleting the stack ${stack}`);
    const since = new Date(Date.now() - 1000);
    await deleteStack(cfn, stack);
    const result = await runStackOperation(ctx, cfn, { stack, stackId: existing.StackId, stage: settings.stage, operation: 'delete', since });
    if (!isSuccess(result.status)) throw stackFailure('undeploy', result, stack, `run "tsappa undeploy ${settings.stage}" again`);
    deleted = true;
  }
  let logGroupDeleted = false;
  // the API's access and execution log groups, named after the REST API the stack had
  if (options.removeLogs) await deleteLogGroups(clients, apiLogGroupNames(existing, settings.stage));
  if (options.removeLogs && !existing && settings.apiGateway) {
    // an earlier undeploy kept them; without the stack, the API id in their names is unknown
    ctx.output.warn(
      `the stack is gone, so the API log groups it kept (named after its API id) are not found and stay: ` +
        `list them with "aws logs describe-log-groups --log-group-name-prefix API-Gateway-Execution-Logs_" ` +
        `and "--log-group-name-prefix /aws/apigateway/", ending in "/${settings.stage}", and delete them by name`,
    );
  }
  if (options.removeLogs) {
    try {
      await (await clients.logs()).send(new DeleteLogGroupCommand({ logGroupName: stageNames(settings).logGroup }));
      logGroupDeleted = true;
    } catch (error) {
      if (errorName(error) !== 'ResourceNotFoundException') throw error;
    }
  }
  let artifactsDeleted = 0;
  if (options.purgeArtifacts) artifactsDeleted = await purgeArtifacts(clients, await resolveBucketName(clients, settings.s3Bucket, arnAccount(existing?.StackId)), stack);
  return { stage: settings.stage, stack, deleted, logGroupDeleted, artifactsDeleted, seconds: Math.round((Date.now() - started) / 100) / 10 };
}

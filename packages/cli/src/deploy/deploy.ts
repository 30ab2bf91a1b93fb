/**
 * `tsappa deploy`: the first deployment of a stage. Package, ensure the bucket, upload (unless
 * the sha256-named key is there), render the template (uploaded when over 51,200 bytes),
 * create the stack, follow it, print the URL and a new API key's value, once.
 */
import { GetApiKeyCommand } from '@aws-sdk/client-api-gateway';
import { OUTPUTS, type ResolvedSettings, stackName } from '@tsappa/templates';
import type { CommandContext } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import { ensureBucket, resolveBucketName } from '../aws/bucket.js';
import type { AwsClients } from '../aws/clients.js';
import { isSuccess, stackFailure } from './events.js';
import { applyRetention, logGroupExists } from './log-group.js';
import { ensureStageLogRole } from './apigateway-account.js';
import { buildRelease, type Release } from './release.js';
import { withApiGatewayRetry } from './retry.js';
import { StackOperationStopped } from './interrupt.js';
import { runStackOperation } from './run.js';
import { createStack, deleteStack, findStack, stackOutputs } from './stack.js';
import { templateSource, uploadIfMissing } from './upload.js';
import { verifyDeployed, type VerifiedReport } from './verify.js';
import { applyArtifactRetention } from './artifact-retention.js';
import { checkReservedConcurrency } from './concurrency-limit.js';
import { checkDomainsFree } from './domain-preflight.js';

export interface DeployResult {
  stage: string;
  stack: string;
  status: string;
  url: string | null;
  functionName: string | null;
  version: string | null;
  artifact: { bucket: string; key: string; uploaded: boolean };
  apiKey: { id: string; value: string | null } | null;
  /** what the read-back after the deploy checked (verify.ts) */
  verified: VerifiedReport;
  seconds: number;
  awsCalls: number;
}

/** Stacks that a failed first deploy leaves behind and that cannot be updated: removed before deploying again. */
const DEAD_FIRST_DEPLOY = new Set(['ROLLBACK_COMPLETE', 'ROLLBACK_FAILED', 'CREATE_FAILED', 'DELETE_FAILED']);

/**
 * Deletes a stack a failed first deploy left behind. It is followed by its id: once deleted, a
 * stack's name no longer resolves.
 */
export async function removeDeadStack(ctx: CommandContext, clients: AwsClients, dead: { stack: string; stackId: string | undefined; stage: string; status: string }): Promise<void> {
  const { stack, stackId, stage, status } = dead;
  const cfn = await clients.cloudFormation();
  ctx.output.info(`The stack ${stack} is ${status} from a failed deployment: deleting it first`);
  const since = new Date();
  await deleteStack(cfn, stack);
  const result = await runStackOperation(ctx, cfn, { stack, stackId, stage, operation: 'delete', since });
  if (!isSuccess(result.status)) throw stackFailure('removing the failed stack', result, stack);
}

/** Uploads the release's artifacts (skipping keys already there) and returns the template source. */
export async function uploadRelease(ctx: CommandContext, clients: AwsClients, release: Release) {
  const s3 = await clients.s3();
  const artifact = await uploadIfMissing(s3, release.bucket, release.pkg.artifactKey, release.pkg.path);
  ctx.output.info(artifact.uploaded ? `Uploaded s3://${release.bucket}/${artifact.key}` : `s3://${release.bucket}/${artifact.key} is already uploaded`);
  if (release.pkg.slimArchive) {
    const slim = await uploadIfMissing(s3, release.bucket, release.pkg.slimArchive.key, release.pkg.slimArchive.path);
    if (slim.uploaded) ctx.output.info(`Uploaded s3://${release.bucket}/${slim.key}`);
  }
  const source = await templateSource(s3, { bucket: release.bucket, region: clients.target.region, stack: release.stack, body: release.body, hash: release.hash });
  if (source.uploaded) ctx.output.info(`The template is ${release.body.length} bytes (over 51,200): uploaded to the bucket`);
  return { artifact, source };
}

/** A created API key's value, read once for printing. */
export async function apiKeyValue(ctx: CommandContext, clients: AwsClients, id: string): Promise<string | null> {
  try {
    const apigw = await clients.apiGateway();
    const key = await withApiGatewayRetry(() => apigw.send(new GetApiKeyCommand({ apiKey: id, includeValue: true })));
    return key.value ?? null;
  } catch (error) {
    ctx.output.warn(`could not read the API key ${id}: ${(error as Error).message}`);
    return null;
  }
}

/**
 * A create that did not finish by the deadline: named by what it waits on (in the error), and
 * removed when the user says so (asked on a terminal; --yes answers yes). Without an answer
 * the error says how to remove it.
 */
async function offerCleanup(ctx: CommandContext, clients: AwsClients, target: { stack: string; stackId: string; stage: string }, error: unknown): Promise<never> {
  if (!(error instanceof StackOperationStopped) || error.why !== 'deadline') throw error;
  if (!ctx.options.yes && !ctx.prompter.interactive) throw error;
  ctx.output.error(error.message);
  const waitingOn = error.stuck.map((s) => s.resource).join(', ') || 'its resources';
  if (!(await ctx.prompter.confirm(`Delete the stack ${target.stack}, still creating ${waitingOn}?`, `delete the stack ${target.stack}`))) throw error;
  const since = new Date(Date.now() - 1000);
  await deleteStack(await clients.cloudFormation(), target.stack);
  const deleted = await runStackOperation(ctx, await clients.cloudFormation(), { ...target, operation: 'delete', since });
  if (!isSuccess(deleted.status)) throw stackFailure('removing the unfinished stack', deleted, target.stack);
  throw new CliError(`the deployment did not finish in time (waiting on ${waitingOn}); the stack ${target.stack} was deleted`, 1, `fix the cause or raise TSAPPA_STACK_DEADLINE_SECONDS, then run "tsappa deploy ${target.stage}" again`);
}

export async function deployStage(ctx: CommandContext, settings: ResolvedSettings, clients: AwsClients): Promise<DeployResult> {
  const started = Date.now();
  const stack = stackName(settings);
  const cfn = await clients.cloudFormation();

  const existing = await findStack(cfn, stack);
  if (existing) {
    const status = existing.StackStatus ?? 'UNKNOWN';
    if (DEAD_FIRST_DEPLOY.has(status)) await removeDeadStack(ctx, clients, { stack, stackId: existing.StackId, stage: settings.stage, status });
    else if (status.endsWith('_IN_PROGRESS')) {
      throw new CliError(`the stack ${stack} is ${status}: another operation is running`, 1, `wait for it ("tsappa status ${settings.stage}")`);
    } else {
      throw new CliError(`stage "${settings.stage}" is already deployed (stack ${stack} is ${status})`, 1, `to apply changes run "tsappa update ${settings.stage}"`);
    }
  }

  await checkReservedConcurrency(await clients.lambda(), settings, stack);
  const bucketName = await resolveBucketName(clients, settings.s3Bucket);
  const existingLogGroup = await logGroupExists(clients, settings);
  if (existingLogGroup) ctx.output.info(`The log group of ${stack} exists from an earlier deployment: keeping it`);
  const release = await buildRelease(settings, bucketName, ctx.output, { existingLogGroup });
  await checkDomainsFree(clients, settings, release.template, { name: stack, exists: false });
  const bucket = await ensureBucket(clients, bucketName);
  if (bucket.created) ctx.output.info(`Created the deployment bucket ${bucket.name}`);
  else if (bucket.changes.length > 0) ctx.output.info(`Turned on ${bucket.changes.join(', ')} for the bucket ${bucket.name}`);
  const { artifact, source } = await uploadRelease(ctx, clients, release);

  await ensureStageLogRole(ctx, clients, settings);
  ctx.output.info(`Creating the stack ${stack} (${Object.keys(release.template.Resources).length} resources)`);
  const since = new Date(Date.now() - 1000);
  const stackId = await createStack(cfn, stack, source, {});
  const result = await runStackOperation(ctx, cfn, {
    stack,
    stackId,
    stage: settings.stage,
    operation: 'create',
    since,
    total: Object.keys(release.template.Resources).length,
  }).catch((error: unknown) => offerCleanup(ctx, clients, { stack, stackId, stage: settings.stage }, error));
  if (!isSuccess(result.status)) {
    const failure = stackFailure('the deployment', result, stack);
    if (result.status === 'ROLLBACK_COMPLETE') {
      ctx.output.error(failure.message);
      await removeDeadStack(ctx, clients, { stack, stackId, stage: settings.stage, status: result.status });
      throw new CliError('the deployment failed; the rolled-back stack was removed', 1, `fix the cause above and run "tsappa deploy ${settings.stage}" again`);
    }
    throw failure;
  }

  if (existingLogGroup) await applyRetention(clients, settings);
  const created = await findStack(cfn, stack);
  const outputs = created ? stackOutputs(created) : {};
  const verified = await verifyDeployed(ctx, clients, release, { stack, functionName: outputs[OUTPUTS.functionName] || stack, versions: [outputs[OUTPUTS.functionVersion]], outputs });
  await applyArtifactRetention(ctx.output, await clients.s3(), { settings, release, previousTemplate: null });
  const keyId = outputs[OUTPUTS.apiKeyId] || null;
  const apiKey = keyId && !settings.apiKey ? { id: keyId, value: await apiKeyValue(ctx, clients, keyId) } : keyId ? { id: keyId, value: null } : null;
  return {
    stage: settings.stage,
    stack,
    status: result.status,
    url: outputs[OUTPUTS.apiUrl] || null,
    functionName: outputs[OUTPUTS.functionName] || null,
    version: outputs[OUTPUTS.functionVersion] || null,
    artifact: { bucket: release.bucket, key: release.pkg.artifactKey, uploaded: artifact.uploaded },
    apiKey,
    verified,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    awsCalls: clients.calls.length,
  };
}

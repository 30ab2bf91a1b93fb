/**
 * `tsappa update`: applies every change to a deployed stage.
 * - nothing changed: no AWS write at all, "No changes";
 * - only the code: the fast path (upload, UpdateFunctionCode, wait, PublishVersion, move
 *   `live`), no CloudFormation update;
 * - the template (settings, API keys, DLQ, authorizers, domains, schedules...): a change set
 *   with the current artifact, so the code never goes back. Before it runs, replacing or
 *   deleting a stateful resource declared in `resources` is asked about (unless --yes).
 *   The update counts as applied only when this operation's events show the stack reaching
 *   UPDATE_COMPLETE, whatever ExecuteChangeSet answered.
 */
import { OUTPUTS, type ResolvedSettings } from '@tsappa/templates';
import type { Change } from '@aws-sdk/client-cloudformation';
import type { CommandContext } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import type { AwsClients } from '../aws/clients.js';
import { describeDiff } from './changes.js';
import { apiKeyValue, uploadRelease } from './deploy.js';
import { stackFailure, stackReached } from './events.js';
import { fastPathRolloutOf, fastPathUpdate } from './fast-path.js';
import { codeKeyOf, inspectStage, liveConfiguration } from './inspect.js';
import { applyRetention } from './log-group.js';
import { ensureStageLogRole } from './apigateway-account.js';
import { stackUpdateRollout } from './rollout/stack-update.js';
import { runStackOperation, stackDeadlineMs } from './run.js';
import { describeRisky, riskyChanges } from './stateful.js';
import { deleteChangeSet, findStack, stackOutputs, updateStack } from './stack.js';
import { verifyDeployed, versionDescription, type VerifiedReport } from './verify.js';
import { applyArtifactRetention } from './artifact-retention.js';
import { checkReservedConcurrency } from './concurrency-limit.js';
import { checkDomainsFree } from './domain-preflight.js';
import { describeRollForward, rollForward, rolledBack as rolledBackFrom } from './roll-forward.js';

/** `live`: nothing to deploy, but `live` moved forward to the stack's version after a rollback (roll-forward.ts) */
export type UpdateKind = 'none' | 'code' | 'template' | 'code+template' | 'live';

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
  /** with `deployment`, when the fast path rolled the code out: the strategy and the shares the new version held before it took all traffic */
  rollout?: { strategy: string; shares: number[] };
  /** what the read-back after the update checked (verify.ts); null when nothing was applied */
  verified: VerifiedReport | null;
  seconds: number;
  awsCalls: number;
  awsWrites: number;
}

/** AWS calls that change something (everything but Get/Describe/List/Head). */
export function countWrites(calls: { command: string }[]): number {
  return calls.filter((c) => !/^(Get|Describe|List|Head|Lookup)/.test(c.command)).length;
}

/** Asks before a change set replaces or deletes a stateful resource declared in `resources`. */
function confirmStateful(ctx: CommandContext, settings: ResolvedSettings) {
  return async (changes: Change[]): Promise<boolean> => {
    const risky = riskyChanges(changes, settings.resources ?? {});
    if (risky.length === 0) return true;
    ctx.output.warn(`this update loses data: ${describeRisky(risky)}`);
    return ctx.prompter.confirm(`Apply the update to stage "${settings.stage}" anyway?`, `replace or delete ${risky.map((r) => r.resource).join(', ')} in stage "${settings.stage}"`);
  };
}

export async function updateStage(ctx: CommandContext, settings: ResolvedSettings, clients: AwsClients): Promise<UpdateResult> {
  const started = Date.now();
  const inspection = await inspectStage(ctx, settings, clients);
  const { stack, existing, functionName, bucket, release, live, codeChanged, rollsForward, diff, templateDiffers, retentionChanged, deployed } = inspection;
  const changes = rollsForward ? [...inspection.changes, describeRollForward(rollsForward)] : inspection.changes;
  const before = inspection.outputs;
  const cfn = await clients.cloudFormation();
  const base = { stage: settings.stage, stack, url: before[OUTPUTS.apiUrl] || null, previousVersion: live?.Version ?? null };
  const finish = (result: Omit<UpdateResult, 'seconds' | 'awsCalls' | 'awsWrites' | keyof typeof base>): UpdateResult => ({
    ...base,
    ...result,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    awsCalls: clients.calls.length,
    awsWrites: countWrites(clients.calls),
  });

  // before any change (the fast path's too): a code change must not go out when the change set cannot
  if (templateDiffers) await checkDomainsFree(clients, settings, release.template, { name: stack, exists: true });
  if (retentionChanged) await applyRetention(clients, settings);
  if (!codeChanged && !templateDiffers) {
    if (rollsForward) {
      const shares = await rollForward(await clients.lambda(), functionName, rollsForward, ctx.output, await fastPathRolloutOf(settings, clients, ctx.output));
      const verified = await verifyDeployed(ctx, clients, release, { stack, functionName, versions: [rollsForward.stack], outputs: before });
      const rollout = settings.deployment ? { rollout: { strategy: settings.deployment.strategy, shares } } : {};
      return finish({ kind: retentionChanged ? 'template' : 'live', changes, version: rollsForward.stack, artifact: null, apiKey: null, verified, ...rollout });
    }
    if (retentionChanged) return finish({ kind: 'template', changes, version: live?.Version ?? null, artifact: null, apiKey: null, verified: null });
    return finish({ kind: 'none', changes: [], version: live?.Version ?? null, artifact: null, apiKey: null, verified: null });
  }

  await checkReservedConcurrency(await clients.lambda(), settings, functionName);
  const { artifact, source } = await uploadRelease(ctx, clients, release);
  const artifactInfo = { bucket, key: release.pkg.artifactKey, uploaded: artifact.uploaded };
  let version = live?.Version ?? null;
  let fastVersion: string | null = null;

  // CloudFormation only updates the code when the key in the template changes: when the stack
  // already names this key (a fast path went back to earlier code), the fast path installs it.
  const fastPath = codeChanged && (!templateDiffers || codeKeyOf(deployed) === release.pkg.artifactKey);
  if (fastPath) {
    ctx.output.info(`Code changed: updating ${functionName} without a stack update`);
    const fast = await fastPathUpdate(
      await clients.lambda(),
      { functionName, bucket, key: release.pkg.artifactKey, sha256: release.pkg.sha256, previousVersion: live?.Version ?? null },
      { rollout: await fastPathRolloutOf(settings, clients, ctx.output) },
    );
    version = fast.version;
    fastVersion = fast.version;
    if (!templateDiffers) {
      const verified = await verifyDeployed(ctx, clients, release, { stack, functionName, versions: [fast.version], outputs: before });
      await applyArtifactRetention(ctx.output, await clients.s3(), { settings, release, previousTemplate: deployed });
      const rollout = settings.deployment ? { rollout: { strategy: settings.deployment.strategy, shares: fast.shares } } : {};
      return finish({ kind: 'code', changes, version, artifact: artifactInfo, apiKey: null, verified, ...rollout });
    }
  }

  await ensureStageLogRole(ctx, clients, settings);
  ctx.output.info(`Updating the stack ${stack}: ${describeDiff(diff).join(', ') || 'template'}`);
  const since = new Date(Date.now() - 1000);
  const changeSet = await updateStack(cfn, stack, source, {}, {
    confirm: confirmStateful(ctx, settings),
    onChanges: (list) => {
      for (const change of list) {
        const rc = change.ResourceChange;
        if (rc) ctx.output.debug(`  ${rc.Action} ${rc.LogicalResourceId} (${rc.ResourceType})${rc.Replacement === 'True' ? ' replacement' : ''}`);
      }
    },
  });
  if (changeSet.executed) {
    const rollout = stackUpdateRollout(settings);
    if (rollout.note) ctx.output.info(rollout.note);
    const result = await runStackOperation(ctx, cfn, {
      stack,
      stackId: existing.StackId,
      stage: settings.stage,
      operation: 'update',
      since,
      total: changeSet.changes.length,
      deadlineMs: stackDeadlineMs() + rollout.extraDeadlineMs,
    });
    const again = `fix the cause and run "tsappa update ${settings.stage}" again`;
    const applied = result.status === 'UPDATE_COMPLETE' && stackReached(result.events, stack, 'UPDATE_COMPLETE');
    if (!applied) {
      // a change set that did not apply is not left behind
      if (changeSet.changeSetId) await deleteChangeSet(cfn, stack, changeSet.changeSetId);
      if (result.status !== 'UPDATE_COMPLETE' && (stackReached(result.events, stack, 'UPDATE_IN_PROGRESS') || /ROLLBACK|FAILED/.test(result.status))) {
        throw stackFailure('the update', result, stack, `the stage still runs its previous version; ${again}`);
      }
      throw new CliError(`the update was not applied: the stack ${stack} is ${result.status} and shows no update since the change set was executed`, 1, `see "tsappa status ${settings.stage}"; ${again}`);
    }
  } else {
    ctx.output.info('CloudFormation found nothing to change in the stack');
  }
  const after = await findStack(cfn, stack);
  const outputs = after ? stackOutputs(after) : {};
  // a stack update that replaced no version left a rolled-back live where it was
  const stillBack = rollsForward ? rolledBackFrom((await liveConfiguration(clients, functionName))?.Version, outputs[OUTPUTS.functionVersion]) : null;
  if (stillBack) await rollForward(await clients.lambda(), functionName, stillBack, ctx.output, await fastPathRolloutOf(settings, clients, ctx.output));
  // live serves the version the stack published, the fast path's, or (when the stack did not
  // replace its version) the one it served before, unless that was a rollback's
  const versionKept = versionDescription(deployed) === versionDescription(release.template) && !rollsForward;
  const verified = await verifyDeployed(ctx, clients, release, { stack, functionName, versions: [outputs[OUTPUTS.functionVersion], fastVersion, versionKept ? live?.Version : null], outputs });
  await applyArtifactRetention(ctx.output, await clients.s3(), { settings, release, previousTemplate: deployed });
  const liveAfter = await liveConfiguration(clients, functionName);
  const keyId = outputs[OUTPUTS.apiKeyId] || null;
  const newKey = keyId && keyId !== before[OUTPUTS.apiKeyId] && !settings.apiKey;
  const result = finish({
    kind: codeChanged ? 'code+template' : 'template',
    changes,
    version: liveAfter?.Version ?? version,
    artifact: artifactInfo,
    apiKey: newKey ? { id: keyId, value: await apiKeyValue(ctx, clients, keyId) } : null,
    verified,
  });
  // a stack update can change the URL (another apiType, an API added): the stack's, after it
  return { ...result, url: outputs[OUTPUTS.apiUrl] || null };
}

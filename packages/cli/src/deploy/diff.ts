/**
 * `tsappa diff` (and `update --dry-run`): what an update would change, with nothing written.
 * - the code: the package's CodeSha256 against the one `live` serves;
 * - the alias: the version `live` serves, and whether an update would move it;
 * - the stack: from a real change set (replacements flagged), created and then deleted. A
 *   template over 51,200 bytes is uploaded for it and removed afterwards unless it was there.
 * The package is built locally; the artifact is not uploaded.
 */
import { DeleteObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Change } from '@aws-sdk/client-cloudformation';
import { LIVE_ALIAS } from '@tsappa/runtime/contract';
import { needsS3TemplateUpload, type ResolvedSettings } from '@tsappa/templates';
import type { CommandContext } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import type { AwsClients } from '../aws/clients.js';
import { inspectStage, type StageInspection } from './inspect.js';
import { describeRisky, riskyChanges, type RiskyChange } from './stateful.js';
import { createChangeSet, deleteChangeSet, type TemplateSource } from './stack.js';
import { countWrites, type UpdateKind } from './update.js';
import { templateUrl } from './upload.js';

export interface PlannedChange {
  action: string;
  resource: string;
  type: string;
  /** CloudFormation's answer: "True", "Conditional", "False", or null (adds and removes) */
  replacement: string | null;
  /** the properties that change */
  properties: string[];
}

export interface DiffResult {
  stage: string;
  stack: string;
  /** what `tsappa update` would do */
  kind: UpdateKind;
  code: { changed: boolean; live: string | null; package: string };
  /** `rolledBackTo`: where an update moves a rolled-back `live` without new code (the stack's version; roll-forward.ts) */
  alias: { name: string; version: string | null; moves: boolean; rolledBackTo: string | null };
  /** the template against the deployed one, e.g. ["~ Function", "+ DeadLetterQueue"] */
  template: string[];
  /** the change set's changes (empty when the template is unchanged) */
  changes: PlannedChange[];
  /** stateful resources from `resources` an update would replace or delete */
  risky: RiskyChange[];
  awsCalls: number;
  /** the change set's create and delete (and a big template's upload and removal): nothing stays */
  awsWrites: number;
}

function plannedChange(change: Change): PlannedChange | null {
  const rc = change.ResourceChange;
  if (!rc) return null;
  const properties = [...new Set((rc.Details ?? []).map((d) => d.Target?.Name).filter((n): n is string => Boolean(n)))];
  return { action: rc.Action ?? '?', resource: rc.LogicalResourceId ?? '?', type: rc.ResourceType ?? '?', replacement: rc.Action === 'Modify' ? (rc.Replacement ?? null) : null, properties };
}

/** A template source for the change set, and how to remove what it uploaded. */
async function dryRunTemplate(clients: AwsClients, inspection: StageInspection): Promise<{ source: TemplateSource; cleanup: () => Promise<void> }> {
  const { release, bucket, stack } = inspection;
  if (!needsS3TemplateUpload(release.body)) return { source: { body: release.body }, cleanup: async () => {} };
  const s3 = await clients.s3();
  const key = `${stack}-template-${release.hash}.json`;
  const existed = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
    () => true,
    () => false,
  );
  if (!existed) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: release.body, ContentType: 'application/json' }));
  return {
    source: { url: templateUrl(bucket, clients.target.region, key) },
    cleanup: async () => {
      if (!existed) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  };
}

/** The stack's changes from a change set that is deleted before this returns. */
async function changeSetPreview(ctx: CommandContext, clients: AwsClients, inspection: StageInspection): Promise<Change[]> {
  const cfn = await clients.cloudFormation();
  const { source, cleanup } = await dryRunTemplate(clients, inspection);
  try {
    const plan = await createChangeSet(cfn, inspection.stack, source, {});
    if (!plan) return [];
    if (!(await deleteChangeSet(cfn, inspection.stack, plan.id))) {
      throw new CliError(`could not delete the change set ${plan.id} of the dry run`, 1, `aws cloudformation delete-change-set --stack-name ${inspection.stack} --change-set-name ${plan.id}`);
    }
    ctx.output.debug(`change set ${plan.id}: ${plan.changes.length} changes, deleted`);
    return plan.changes;
  } finally {
    await cleanup();
  }
}

export async function diffStage(ctx: CommandContext, settings: ResolvedSettings, clients: AwsClients): Promise<DiffResult> {
  const inspection = await inspectStage(ctx, settings, clients);
  const { codeChanged, templateDiffers, retentionChanged, live, rollsForward } = inspection;
  const forward = rollsForward?.stack ?? null;
  const changes = templateDiffers ? await changeSetPreview(ctx, clients, inspection) : [];
  const kind: UpdateKind = codeChanged ? (templateDiffers ? 'code+template' : 'code') : templateDiffers || retentionChanged ? 'template' : forward ? 'live' : 'none';
  return {
    stage: settings.stage,
    stack: inspection.stack,
    kind,
    code: { changed: codeChanged, live: live?.CodeSha256 ?? null, package: inspection.packageCodeSha256 },
    alias: { name: LIVE_ALIAS, version: live?.Version ?? null, moves: codeChanged || forward !== null, rolledBackTo: forward },
    template: inspection.changes.filter((c) => c !== 'code'),
    changes: changes.map(plannedChange).filter((c): c is PlannedChange => c !== null),
    risky: riskyChanges(changes, settings.resources ?? {}),
    awsCalls: clients.calls.length,
    awsWrites: countWrites(clients.calls),
  };
}

const ACTION_MARK: Record<string, string> = { Add: '+', Remove: '-', Modify: '~', Import: '>', Dynamic: '?' };

/** The diff as people read it. */
export function formatDiff(diff: DiffResult): string {
  if (diff.kind === 'none') return `No changes: stage "${diff.stage}" is up to date (live serves version ${diff.alias.version ?? '?'})`;
  const how = diff.kind === 'code' ? 'the fast path (no stack update)' : diff.kind === 'live' ? 'moving the alias only (no stack update)' : 'a stack update';
  const lines = [`An update of stage "${diff.stage}" (stack ${diff.stack}) would take ${how}:`];
  lines.push(diff.code.changed ? `  code: changed (live serves ${diff.code.live ?? 'nothing'}; the package is ${diff.code.package})` : `  code: unchanged (${diff.code.package})`);
  lines.push(
    diff.alias.rolledBackTo
      ? `  alias ${diff.alias.name}: version ${diff.alias.version ?? '?'} now (a rollback); an update moves ${diff.alias.name} back to version ${diff.alias.rolledBackTo}, the stack's`
      : diff.alias.moves
        ? `  alias ${diff.alias.name}: version ${diff.alias.version ?? '?'} now; an update publishes a new version and moves ${diff.alias.name} to it`
        : `  alias ${diff.alias.name}: stays on version ${diff.alias.version ?? '?'}`,
  );
  if (diff.template.length > 0) lines.push(`  template: ${diff.template.join(', ')}`);
  for (const change of diff.changes) {
    const replacement = change.replacement === 'True' ? '  REPLACEMENT' : change.replacement === 'Conditional' ? '  MAY BE REPLACED' : '';
    const properties = change.properties.length > 0 ? ` [${change.properties.join(', ')}]` : '';
    lines.push(`  ${ACTION_MARK[change.action] ?? '?'} ${change.resource} (${change.type})${properties}${replacement}`);
  }
  if (diff.risky.length > 0) lines.push(`  data at risk: ${describeRisky(diff.risky)}; "tsappa update" asks before applying it`);
  lines.push('Nothing was changed.');
  return lines.join('\n');
}

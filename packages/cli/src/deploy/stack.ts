/**
 * The stage's CloudFormation stack: find it, create it, update it through a change set (with
 * an explicit ChangeSetType: moto reads a missing one as CREATE), delete it.
 *
 * Creation uses CreateStack rather than a CREATE change set: it is one call instead of three,
 * and moto's change-set execution ignores DependsOn, so only CreateStack can be tested there.
 */
import {
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  type Capability,
  type Change,
  type CloudFormationClient,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { CliError } from '../cli/errors.js';
import { errorName, sleep } from './retry.js';

export const CAPABILITIES: Capability[] = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'];

/** Where the template comes from: its body, or its S3 URL when over 51,200 bytes. */
export type TemplateSource = { body: string } | { url: string };

function templateArgs(source: TemplateSource) {
  return 'body' in source ? { TemplateBody: source.body } : { TemplateURL: source.url };
}

function tagList(tags: Record<string, string>) {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** The stack, or null when it does not exist (or only a deleted one does). */
export async function findStack(cfn: CloudFormationClient, name: string): Promise<Stack | null> {
  try {
    const res = await cfn.send(new DescribeStacksCommand({ StackName: name }));
    const stack = res.Stacks?.[0];
    return stack && stack.StackStatus !== 'DELETE_COMPLETE' ? stack : null;
  } catch (error) {
    if (errorName(error) === 'ValidationError' && /does not exist/i.test((error as Error).message)) return null;
    throw error;
  }
}

export function stackOutputs(stack: Stack): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const output of stack.Outputs ?? []) if (output.OutputKey) outputs[output.OutputKey] = output.OutputValue ?? '';
  return outputs;
}

/** The deployed template, parsed (JSON; null when it cannot be read as JSON). */
export async function deployedTemplate(cfn: CloudFormationClient, name: string): Promise<Record<string, unknown> | null> {
  const res = await cfn.send(new GetTemplateCommand({ StackName: name, TemplateStage: 'Original' }));
  const body = res.TemplateBody;
  if (!body) return null;
  try {
    return JSON.parse(body) as Record<string, unknown>;
  } catch {
    return null;
  }
}

export async function createStack(cfn: CloudFormationClient, name: string, source: TemplateSource, tags: Record<string, string>): Promise<string> {
  const res = await cfn.send(
    new CreateStackCommand({
      StackName: name,
      ...templateArgs(source),
      Capabilities: CAPABILITIES,
      OnFailure: 'ROLLBACK',
      Tags: tagList(tags),
    }),
  );
  return res.StackId ?? name;
}

export interface ChangeSetResult {
  /** false: CloudFormation found nothing to change */
  executed: boolean;
  changes: Change[];
  changeSetId: string | null;
}

const NO_CHANGES = /didn't contain changes|No updates are to be performed|no changes/i;

/**
 * Updates the stack through a change set (ChangeSetType UPDATE, always explicit): creates it,
 * waits for it, and executes it unless it holds no changes (then it is deleted).
 */
export async function updateStack(
  cfn: CloudFormationClient,
  name: string,
  source: TemplateSource,
  tags: Record<string, string>,
  options: { deadlineMs?: number; pollMs?: number; onChanges?: (changes: Change[]) => void } = {},
): Promise<ChangeSetResult> {
  const created = await cfn.send(
    new CreateChangeSetCommand({
      StackName: name,
      ChangeSetName: `tsappa-${Date.now()}`,
      ChangeSetType: 'UPDATE',
      ...templateArgs(source),
      Capabilities: CAPABILITIES,
      Tags: tagList(tags),
    }),
  );
  const id = created.Id;
  if (!id) throw new CliError('CloudFormation returned no change set id');
  const deadline = Date.now() + (options.deadlineMs ?? 5 * 60_000);
  for (;;) {
    const described = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: id, StackName: name }));
    const status = described.Status ?? '';
    if (status === 'FAILED') {
      await cfn.send(new DeleteChangeSetCommand({ ChangeSetName: id, StackName: name })).catch(() => undefined);
      if (NO_CHANGES.test(described.StatusReason ?? '')) return { executed: false, changes: [], changeSetId: null };
      throw new CliError(`the change set failed: ${described.StatusReason ?? 'no reason given'}`);
    }
    if (status === 'CREATE_COMPLETE') {
      const changes = described.Changes ?? [];
      if (changes.length === 0) {
        await cfn.send(new DeleteChangeSetCommand({ ChangeSetName: id, StackName: name })).catch(() => undefined);
        return { executed: false, changes, changeSetId: null };
      }
      options.onChanges?.(changes);
      await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: id, StackName: name }));
      return { executed: true, changes, changeSetId: id };
    }
    if (Date.now() > deadline) throw new CliError(`the change set is still ${status} after the deadline`);
    await sleep(options.pollMs ?? 1000);
  }
}

export async function deleteStack(cfn: CloudFormationClient, name: string): Promise<void> {
  await cfn.send(new DeleteStackCommand({ StackName: name }));
}

/** Statuses in which a stack can be updated. */
export function isUpdatable(status: string): boolean {
  return ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE'].includes(status);
}

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

/** A change set ready to execute: its id and what it would do. */
export interface ChangeSetPlan {
  id: string;
  changes: Change[];
}

const NO_CHANGES = /didn't contain changes|No updates are to be performed|no changes/i;

export interface ChangeSetOptions {
  deadlineMs?: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Deletes a change set; false (not thrown) when that fails, so the caller can say so. */
export async function deleteChangeSet(cfn: CloudFormationClient, stack: string, id: string): Promise<boolean> {
  try {
    await cfn.send(new DeleteChangeSetCommand({ ChangeSetName: id, StackName: stack }));
    return true;
  } catch {
    return false;
  }
}

function leftBehind(deleted: boolean, stack: string, id: string): string {
  return deleted ? 'the change set was deleted' : `the change set could not be deleted: aws cloudformation delete-change-set --stack-name ${stack} --change-set-name ${id}`;
}

/**
 * Creates an UPDATE change set (ChangeSetType always explicit) and waits for it. Null when it
 * holds no changes; a change set that fails is deleted and its reason (which names the
 * resource) is the error; so is one still being created at the deadline.
 */
export async function createChangeSet(cfn: CloudFormationClient, name: string, source: TemplateSource, tags: Record<string, string>, options: ChangeSetOptions = {}): Promise<ChangeSetPlan | null> {
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
  if (!id) throw new CliError(`CloudFormation CreateChangeSet (stack ${name}) returned no change set id`);
  const deadline = Date.now() + (options.deadlineMs ?? 5 * 60_000);
  const wait = options.sleep ?? sleep;
  for (;;) {
    const described = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: id, StackName: name }));
    const status = described.Status ?? '';
    if (status === 'FAILED') {
      const deleted = await deleteChangeSet(cfn, name, id);
      if (NO_CHANGES.test(described.StatusReason ?? '')) return null;
      throw new CliError(`the change set for the stack ${name} failed: ${described.StatusReason ?? 'no reason given'}`, 1, `${leftBehind(deleted, name, id)}; nothing was changed`);
    }
    if (status === 'CREATE_COMPLETE') {
      const changes = described.Changes ?? [];
      if (changes.length > 0) return { id, changes };
      await deleteChangeSet(cfn, name, id);
      return null;
    }
    if (Date.now() > deadline) {
      const deleted = await deleteChangeSet(cfn, name, id);
      throw new CliError(`the change set for the stack ${name} is still ${status} after the deadline`, 1, `${leftBehind(deleted, name, id)}; nothing was changed`);
    }
    await wait(options.pollMs ?? 1000);
  }
}

/**
 * Executes a change set. ExecuteChangeSet's answer alone proves nothing: a 500 may come after
 * the execution started (and the SDK's retry then answers "cannot be executed in its current
 * status"). On an error the change set says what happened: still AVAILABLE means it never ran,
 * so it is deleted and the error is thrown; otherwise it ran and the stack's events decide.
 */
export async function executeChangeSet(cfn: CloudFormationClient, stack: string, id: string): Promise<void> {
  try {
    await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: id, StackName: stack }));
    return;
  } catch (error) {
    const execution = await cfn
      .send(new DescribeChangeSetCommand({ ChangeSetName: id, StackName: stack }))
      .then((d) => d.ExecutionStatus ?? '')
      .catch(() => 'UNKNOWN');
    if (execution !== 'AVAILABLE') return; // it ran (or AWS already removed it after running it): follow the stack
    const deleted = await deleteChangeSet(cfn, stack, id);
    throw new CliError(`the update of the stack ${stack} was not started: ${(error as Error).message}`, 1, `${leftBehind(deleted, stack, id)}; nothing was changed`);
  }
}

/**
 * Updates the stack through a change set: creates it, waits for it, asks `confirm` (when given)
 * with its changes, and executes it. A refused or failed confirmation deletes the change set.
 */
export async function updateStack(
  cfn: CloudFormationClient,
  name: string,
  source: TemplateSource,
  tags: Record<string, string>,
  options: ChangeSetOptions & { onChanges?: (changes: Change[]) => void; confirm?: (changes: Change[]) => Promise<boolean> } = {},
): Promise<ChangeSetResult> {
  const plan = await createChangeSet(cfn, name, source, tags, options);
  if (!plan) return { executed: false, changes: [], changeSetId: null };
  options.onChanges?.(plan.changes);
  if (options.confirm) {
    let confirmed: boolean;
    try {
      confirmed = await options.confirm(plan.changes);
    } catch (error) {
      await deleteChangeSet(cfn, name, plan.id);
      throw error;
    }
    if (!confirmed) {
      const deleted = await deleteChangeSet(cfn, name, plan.id);
      throw new CliError(`the update of the stack ${name} was cancelled`, 1, `${leftBehind(deleted, name, plan.id)}; nothing was changed`);
    }
  }
  await executeChangeSet(cfn, name, plan.id);
  return { executed: true, changes: plan.changes, changeSetId: plan.id };
}

export async function deleteStack(cfn: CloudFormationClient, name: string): Promise<void> {
  await cfn.send(new DeleteStackCommand({ StackName: name }));
}

/** Statuses in which a stack can be updated. */
export function isUpdatable(status: string): boolean {
  return ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE'].includes(status);
}

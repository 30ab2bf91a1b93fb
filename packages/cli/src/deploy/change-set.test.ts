/**
 * Change sets that fail, that would lose data, and an ExecuteChangeSet whose answer does not
 * say what happened: no change set is left behind, and an error names the resource.
 */
import type { Change, CloudFormationClient, StackEvent } from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import { stackReached, stuckResources } from './events.js';
import { continueAdvice } from './interrupt.js';
import { riskyChanges } from './stateful.js';
import { createChangeSet, executeChangeSet, updateStack } from './stack.js';

type Reply = Record<string, unknown> | Error;

/** A CloudFormation client answering each command from a script; records what was sent. */
function fakeCfn(script: Record<string, Reply[]>) {
  const sent: string[] = [];
  const client = {
    send: async (command: { constructor: { name: string } }) => {
      const name = command.constructor.name.replace(/Command$/, '');
      sent.push(name);
      const replies = script[name] ?? [{}];
      const reply = replies.length > 1 ? replies.shift()! : replies[0]!;
      if (reply instanceof Error) throw reply;
      return reply;
    },
  };
  return { client: client as unknown as CloudFormationClient, sent };
}

const change = (id: string, type: string, action: string, replacement?: string): Change => ({
  Type: 'Resource',
  ResourceChange: { LogicalResourceId: id, ResourceType: type, Action: action as 'Modify', ...(replacement ? { Replacement: replacement as 'True' } : {}) },
});
const serverError = () => Object.assign(new Error('CloudFormation ExecuteChangeSet (stack app-dev) failed: HTTP 500 with a body the AWS SDK could not read: "<html>"'), { $metadata: { httpStatusCode: 500 } });
const body = { body: '{}' };
const fast = { pollMs: 1, sleep: async () => {} };

describe('change sets', () => {
  it('a change set that fails is deleted, and the error is its reason, naming the resource', async () => {
    const reason = 'Template error: instance of Fn::GetAtt references undefined resource QuoteTabel';
    const { client, sent } = fakeCfn({ CreateChangeSet: [{ Id: 'cs-1' }], DescribeChangeSet: [{ Status: 'CREATE_IN_PROGRESS' }, { Status: 'FAILED', StatusReason: reason }] });
    const error = await createChangeSet(client, 'app-dev', body, {}, fast).catch((e: Error & { hint?: string }) => e);
    expect((error as Error).message).toBe(`the change set for the stack app-dev failed: ${reason}`);
    expect((error as { hint?: string }).hint).toMatch(/the change set was deleted; nothing was changed/);
    expect(sent).toEqual(['CreateChangeSet', 'DescribeChangeSet', 'DescribeChangeSet', 'DeleteChangeSet']);
  });

  it('a change set with nothing to change is deleted and is no error', async () => {
    const { client, sent } = fakeCfn({ CreateChangeSet: [{ Id: 'cs-1' }], DescribeChangeSet: [{ Status: 'FAILED', StatusReason: "The submitted information didn't contain changes." }] });
    expect(await createChangeSet(client, 'app-dev', body, {}, fast)).toBeNull();
    expect(sent).toContain('DeleteChangeSet');
  });

  it('a change set that is not ready by the deadline is deleted', async () => {
    const { client, sent } = fakeCfn({ CreateChangeSet: [{ Id: 'cs-1' }], DescribeChangeSet: [{ Status: 'CREATE_PENDING' }] });
    await expect(createChangeSet(client, 'app-dev', body, {}, { ...fast, deadlineMs: 0 })).rejects.toThrow(/still CREATE_PENDING after the deadline/);
    expect(sent.at(-1)).toBe('DeleteChangeSet');
  });

  it('ExecuteChangeSet failing before the change set ran: deleted, and the error names the call', async () => {
    const { client, sent } = fakeCfn({ ExecuteChangeSet: [serverError()], DescribeChangeSet: [{ Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE' }] });
    const error = (await executeChangeSet(client, 'app-dev', 'cs-1').catch((e: Error) => e)) as Error & { hint?: string };
    expect(error.message).toMatch(/^the update of the stack app-dev was not started: CloudFormation ExecuteChangeSet \(stack app-dev\) failed: HTTP 500/);
    expect(error.hint).toMatch(/the change set was deleted/);
    expect(sent).toEqual(['ExecuteChangeSet', 'DescribeChangeSet', 'DeleteChangeSet']);
  });

  it('ExecuteChangeSet answering an error after the change set started: the stack decides, nothing is deleted', async () => {
    // AWS: the first attempt's 500 came after the execution began; the SDK's retry is refused
    const refused = Object.assign(new Error('ChangeSet [cs-1] cannot be executed in its current status of [EXECUTE_IN_PROGRESS]'), { name: 'InvalidChangeSetStatusException' });
    const { client, sent } = fakeCfn({ ExecuteChangeSet: [refused], DescribeChangeSet: [{ Status: 'CREATE_COMPLETE', ExecutionStatus: 'EXECUTE_IN_PROGRESS' }] });
    await executeChangeSet(client, 'app-dev', 'cs-1');
    expect(sent).toEqual(['ExecuteChangeSet', 'DescribeChangeSet']);
  });

  it('update asks before replacing a stateful resource; a refusal deletes the change set and executes nothing', async () => {
    const changes = [change('QuoteTable', 'AWS::DynamoDB::Table', 'Modify', 'True'), change('Function', 'AWS::Lambda::Function', 'Modify', 'False')];
    const { client, sent } = fakeCfn({ CreateChangeSet: [{ Id: 'cs-1' }], DescribeChangeSet: [{ Status: 'CREATE_COMPLETE', Changes: changes }] });
    const asked: Change[][] = [];
    const confirm = async (list: Change[]) => {
      asked.push(list);
      return false;
    };
    await expect(updateStack(client, 'app-dev', body, {}, { ...fast, confirm })).rejects.toThrow(/update of the stack app-dev was cancelled/);
    expect(asked).toHaveLength(1);
    expect(sent).not.toContain('ExecuteChangeSet');
    expect(sent.at(-1)).toBe('DeleteChangeSet');
  });

  it('a confirmation that cannot be asked (no terminal, no --yes) deletes the change set too', async () => {
    const { client, sent } = fakeCfn({ CreateChangeSet: [{ Id: 'cs-1' }], DescribeChangeSet: [{ Status: 'CREATE_COMPLETE', Changes: [change('Bucket', 'AWS::S3::Bucket', 'Remove')] }] });
    const confirm = async () => {
      throw new Error('refusing to replace or delete Bucket without confirmation');
    };
    await expect(updateStack(client, 'app-dev', body, {}, { ...fast, confirm })).rejects.toThrow(/without confirmation/);
    expect(sent.at(-1)).toBe('DeleteChangeSet');
    expect(sent).not.toContain('ExecuteChangeSet');
  });
});

describe('stateful resources', () => {
  const declared = { QuoteTable: {}, Uploads: {}, Jobs: {} };
  it('flags replacements and deletions of tables, buckets and queues declared in resources', () => {
    const risky = riskyChanges(
      [
        change('QuoteTable', 'AWS::DynamoDB::Table', 'Modify', 'True'),
        change('Uploads', 'AWS::S3::Bucket', 'Modify', 'Conditional'),
        change('Jobs', 'AWS::SQS::Queue', 'Modify', 'False'),
        change('OldQueue', 'AWS::SQS::Queue', 'Remove'),
        change('Function', 'AWS::Lambda::Function', 'Modify', 'True'),
        change('TaskTable', 'AWS::DynamoDB::Table', 'Remove'), // tsappa's own, from a setting
      ],
      declared,
    );
    expect(risky).toEqual([
      { resource: 'QuoteTable', type: 'AWS::DynamoDB::Table', action: 'replace' },
      { resource: 'Uploads', type: 'AWS::S3::Bucket', action: 'maybe replace' },
      { resource: 'OldQueue', type: 'AWS::SQS::Queue', action: 'delete' },
    ]);
  });
});

describe('stack events', () => {
  const ev = (logical: string, status: string, type = 'AWS::SNS::Topic', at = 0): StackEvent => ({
    EventId: `${logical}-${status}`,
    LogicalResourceId: logical,
    ResourceType: type,
    ResourceStatus: status as StackEvent['ResourceStatus'],
    StackName: 'app-dev',
    StackId: 'app-dev',
    Timestamp: new Date(at),
  });

  it('names the resources a stack is still waiting on, and for how long', () => {
    const events = [ev('app-dev', 'CREATE_IN_PROGRESS', 'AWS::CloudFormation::Stack'), ev('Role', 'CREATE_IN_PROGRESS'), ev('Role', 'CREATE_COMPLETE'), ev('Slow', 'CREATE_IN_PROGRESS', 'AWS::CloudFront::Distribution', 1_000)];
    const stuck = stuckResources(events, 'app-dev');
    expect(stuck.map((s) => s.resource)).toEqual(['Slow']);
    const advice = continueAdvice({ stack: 'app-dev', stage: 'dev', status: 'CREATE_IN_PROGRESS', operation: 'create', why: 'deadline', stuck, now: 61_000 });
    expect(advice.message).toBe('stopped waiting: the stack app-dev is still CREATE_IN_PROGRESS; waiting on Slow (AWS::CloudFront::Distribution) CREATE_IN_PROGRESS for 60 s');
    expect(advice.hint).toMatch(/aws cloudformation delete-stack --stack-name app-dev/);
  });

  it('an update is applied only when this operation shows the stack reaching UPDATE_COMPLETE', () => {
    expect(stackReached([ev('app-dev', 'UPDATE_IN_PROGRESS'), ev('Function', 'UPDATE_COMPLETE')], 'app-dev', 'UPDATE_COMPLETE')).toBe(false);
    expect(stackReached([ev('app-dev', 'UPDATE_IN_PROGRESS'), ev('app-dev', 'UPDATE_COMPLETE')], 'app-dev', 'UPDATE_COMPLETE')).toBe(true);
  });
});

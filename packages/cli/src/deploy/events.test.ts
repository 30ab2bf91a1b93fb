import { CloudFormationClient, type StackEvent } from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import { sdkFake } from '../../test/sdk-fake.js';
import { firstFailure, followStack, FollowStopped, isFinal, stackFailure } from './events.js';

function fakeCfn(statuses: string[], events: StackEvent[][]) {
  let i = 0;
  let j = 0;
  const sent: string[] = [];
  const client = sdkFake(CloudFormationClient, {
    send: async (command: { constructor: { name: string } }) => {
      sent.push(command.constructor.name);
      if (command.constructor.name === 'DescribeStacksCommand') return { Stacks: [{ StackStatus: statuses[Math.min(i++, statuses.length - 1)] }] };
      return { StackEvents: [...(events[Math.min(j++, events.length - 1)] ?? [])].reverse() };
    },
  });
  return { client, sent };
}

const ev = (id: string, logical: string, status: string, reason?: string): StackEvent => ({
  EventId: id,
  LogicalResourceId: logical,
  ResourceType: 'AWS::X',
  ResourceStatus: status as StackEvent['ResourceStatus'],
  StackName: 's',
  StackId: 's',
  Timestamp: new Date(),
  ...(reason ? { ResourceStatusReason: reason } : {}),
});

describe('followStack', () => {
  it('reports each new event once and stops at a final status', async () => {
    const lines: string[] = [];
    const { client } = fakeCfn(['CREATE_IN_PROGRESS', 'CREATE_COMPLETE'], [[ev('1', 'Role', 'CREATE_IN_PROGRESS')], [ev('1', 'Role', 'CREATE_IN_PROGRESS'), ev('2', 'Role', 'CREATE_COMPLETE')]]);
    const result = await followStack(client, {
      stackName: 's',
      since: new Date(Date.now() - 5000),
      pollMs: 1,
      progress: { event: (line) => lines.push(line), update: () => {}, stop: () => {} },
    });
    expect(result.status).toBe('CREATE_COMPLETE');
    expect(lines).toEqual(['Role CREATE_IN_PROGRESS', 'Role CREATE_COMPLETE']);
  });

  it('has its own deadline: a create that never ends (moto) stops with the last status', async () => {
    const { client } = fakeCfn(['CREATE_IN_PROGRESS'], [[]]);
    const error = await followStack(client, { stackName: 's', since: new Date(), pollMs: 5, deadlineMs: 30 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FollowStopped);
    expect(error).toMatchObject({ why: 'deadline', status: 'CREATE_IN_PROGRESS' });
  });

  it('stops when interrupted and says so', async () => {
    const controller = new AbortController();
    controller.abort();
    const { client } = fakeCfn(['UPDATE_IN_PROGRESS'], [[]]);
    await expect(followStack(client, { stackName: 's', since: new Date(), signal: controller.signal })).rejects.toMatchObject({ why: 'interrupted', status: 'UPDATE_IN_PROGRESS' });
  });

  /** A finished stack whose DescribeStackEvents answers `pages` (each newest first) by NextToken; records the tokens sent. */
  const pagedCfn = (pages: StackEvent[][]) => {
    const tokens: (string | undefined)[] = [];
    const client = sdkFake(CloudFormationClient, {
      send: async (command: { constructor: { name: string }; input: { NextToken?: string } }) => {
        if (command.constructor.name === 'DescribeStacksCommand') return { Stacks: [{ StackStatus: 'UPDATE_COMPLETE' }] };
        tokens.push(command.input.NextToken);
        const index = command.input.NextToken ? Number(command.input.NextToken) : 0;
        return { StackEvents: pages.at(index), ...(index + 1 < pages.length ? { NextToken: String(index + 1) } : {}) };
      },
    });
    return { client, tokens };
  };
  const at = (id: string, ms: number): StackEvent => ({ ...ev(id, 'Role', 'UPDATE_COMPLETE'), Timestamp: new Date(ms) });

  it('reads pages of events until one older than the operation, and asks for no page after it', async () => {
    const since = new Date(Date.UTC(2026, 0, 1));
    const t = since.getTime();
    const { client, tokens } = pagedCfn([[at('4', t + 4000), at('3', t + 3000)], [at('2', t + 2000), at('old', t - 60_000)], [at('older', t - 120_000)]]);
    const result = await followStack(client, { stackName: 's', since, pollMs: 1 });
    expect(tokens).toEqual([undefined, '1']);
    expect(result.events.map((e) => e.EventId)).toEqual(['2', '3', '4']);
  });

  it('reads at most 5 pages of events per poll', async () => {
    const since = new Date(Date.UTC(2026, 0, 1));
    const pages = Array.from({ length: 7 }, (_, i) => [at(`e${i}`, since.getTime() + (10 - i) * 1000)]);
    const { client, tokens } = pagedCfn(pages);
    const result = await followStack(client, { stackName: 's', since, pollMs: 1 });
    expect(tokens).toEqual([undefined, '1', '2', '3', '4']);
    expect(result.events.map((e) => e.EventId)).toEqual(['e4', 'e3', 'e2', 'e1', 'e0']);
  });
});

describe('firstFailure', () => {
  it('names the first failed resource, not the cancelled ones or the stack', () => {
    const events = [
      ev('1', 'Function', 'CREATE_FAILED', 'Resource creation cancelled'),
      ev('2', 'Role', 'CREATE_FAILED', 'Policy is malformed'),
      ev('3', 's', 'ROLLBACK_IN_PROGRESS', 'The following resource(s) failed to create: [Role]'),
      ev('4', 'Table', 'CREATE_FAILED', 'later failure'),
    ];
    expect(firstFailure(events, 's')).toEqual({ resource: 'Role', type: 'AWS::X', reason: 'Policy is malformed' });
    expect(firstFailure([], 's')).toBeNull();
  });

  it('puts it in the error message', () => {
    const error = stackFailure('the deployment', { status: 'ROLLBACK_COMPLETE', reason: undefined, events: [ev('2', 'Role', 'CREATE_FAILED', 'Policy is malformed')] }, 's');
    expect(error.message).toMatch(/the stack s is ROLLBACK_COMPLETE\n {2}first failure: Role \(AWS::X\): Policy is malformed/);
  });

  it('knows final statuses', () => {
    expect(isFinal('ROLLBACK_COMPLETE')).toBe(true);
    expect(isFinal('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS')).toBe(false);
  });
});

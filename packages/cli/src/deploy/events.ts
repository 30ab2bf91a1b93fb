/**
 * Following a stack operation: polls the stack's status and its new events, reports each
 * resource's progress, and stops at a final status or at its own deadline (moto, and rarely
 * AWS, can leave a failed create in CREATE_IN_PROGRESS for good).
 */
import { DescribeStacksCommand, paginateDescribeStackEvents, type CloudFormationClient, type StackEvent } from '@aws-sdk/client-cloudformation';
import { CliError } from '../cli/errors.js';
import type { Progress } from './progress.js';
import { sleep } from './retry.js';

export interface FollowOptions {
  stackName: string;
  /** the stack id, to keep following after a deleted stack's name stops resolving */
  stackId?: string | undefined;
  /** events before this are an earlier operation's */
  since: Date;
  /** number of resources, for the bar */
  total?: number;
  deadlineMs?: number;
  pollMs?: number;
  progress?: Progress;
  /** aborted on Ctrl-C: the follower stops and reports the status it last saw */
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<void>;
}

export interface FollowResult {
  status: string;
  reason: string | undefined;
  /** this operation's events, oldest first */
  events: StackEvent[];
}

/** A stack status that no longer changes by itself. */
export function isFinal(status: string): boolean {
  return !status.endsWith('_IN_PROGRESS');
}

export function isSuccess(status: string): boolean {
  return status === 'CREATE_COMPLETE' || status === 'UPDATE_COMPLETE' || status === 'DELETE_COMPLETE' || status === 'IMPORT_COMPLETE';
}

/** Thrown when the follower's deadline passes or Ctrl-C stops it. */
export class FollowStopped extends Error {
  constructor(
    readonly why: 'deadline' | 'interrupted',
    readonly status: string,
    readonly events: StackEvent[],
  ) {
    super(why === 'deadline' ? `the stack is still ${status} after the deadline` : `interrupted while the stack is ${status}`);
    this.name = 'FollowStopped';
  }
}

/** The first resource that failed, and why: what a user needs to fix. */
export function firstFailure(events: StackEvent[], stackName: string): { resource: string; type: string; reason: string } | null {
  const failed = events.filter((e) => (e.ResourceStatus ?? '').endsWith('_FAILED'));
  const meaningful = failed.filter((e) => !/cancelled|canceled/i.test(e.ResourceStatusReason ?? ''));
  const pick = meaningful.find((e) => e.LogicalResourceId !== stackName) ?? meaningful[0] ?? failed[0];
  if (!pick) return null;
  return { resource: pick.LogicalResourceId ?? '?', type: pick.ResourceType ?? '?', reason: pick.ResourceStatusReason ?? 'no reason given' };
}

/** A resource still being worked on when the follower stopped: what the stack is waiting for. */
export interface StuckResource {
  resource: string;
  type: string;
  status: string;
  /** when it entered that status */
  since: Date | undefined;
}

/** The resources whose latest event (of this operation) is still *_IN_PROGRESS, oldest first. */
export function stuckResources(events: StackEvent[], stackName: string): StuckResource[] {
  const latest = new Map<string, StackEvent>();
  for (const event of events) if (event.LogicalResourceId && event.LogicalResourceId !== stackName) latest.set(event.LogicalResourceId, event);
  return [...latest.values()]
    .filter((e) => (e.ResourceStatus ?? '').endsWith('_IN_PROGRESS'))
    .map((e) => ({ resource: e.LogicalResourceId ?? '?', type: e.ResourceType ?? '?', status: e.ResourceStatus ?? '?', since: e.Timestamp }));
}

/** True when this operation's events show the stack itself reaching `status`. */
export function stackReached(events: StackEvent[], stackName: string, status: string): boolean {
  return events.some((e) => e.LogicalResourceId === stackName && e.ResourceStatus === status);
}

/** Events newer than `since` not yet seen, oldest first (reads pages until it reaches `since`). */
async function newEvents(cfn: CloudFormationClient, stack: string, since: Date, seen: Set<string>): Promise<StackEvent[]> {
  const fresh: StackEvent[] = [];
  let pages = 0;
  for await (const res of paginateDescribeStackEvents({ client: cfn }, { StackName: stack })) {
    let reachedOld = false;
    for (const event of res.StackEvents ?? []) {
      if (event.Timestamp && event.Timestamp.getTime() < since.getTime() - 1000) {
        reachedOld = true;
        break;
      }
      if (event.EventId && seen.has(event.EventId)) {
        reachedOld = true;
        break;
      }
      fresh.push(event);
    }
    // at most 5 pages; the paginator itself stops after the last one
    if (reachedOld || ++pages === 5) break;
  }
  for (const event of fresh) if (event.EventId) seen.add(event.EventId);
  return fresh.reverse();
}

export async function followStack(cfn: CloudFormationClient, options: FollowOptions): Promise<FollowResult> {
  const deadline = Date.now() + (options.deadlineMs ?? 30 * 60_000);
  const wait = options.sleep ?? sleep;
  const seen = new Set<string>();
  const events: StackEvent[] = [];
  const finished = new Set<string>();
  const name = options.stackId ?? options.stackName;
  let status = 'UNKNOWN';
  let reason: string | undefined;
  for (;;) {
    const described = await cfn.send(new DescribeStacksCommand({ StackName: name }));
    const stack = described.Stacks?.[0];
    status = stack?.StackStatus ?? 'DELETE_COMPLETE';
    reason = stack?.StackStatusReason;
    for (const event of await newEvents(cfn, name, options.since, seen)) {
      events.push(event);
      const resourceStatus = event.ResourceStatus ?? '';
      if (event.LogicalResourceId !== options.stackName && /_(COMPLETE|FAILED|SKIPPED)$/.test(resourceStatus)) finished.add(event.LogicalResourceId ?? '');
      const failed = resourceStatus.endsWith('_FAILED');
      const why = failed && event.ResourceStatusReason ? `: ${event.ResourceStatusReason}` : '';
      options.progress?.event(`${event.LogicalResourceId} ${resourceStatus}${why}`, failed);
    }
    if (options.total) options.progress?.update(Math.min(finished.size, options.total), options.total);
    if (isFinal(status)) return { status, reason, events };
    if (options.signal?.aborted) throw new FollowStopped('interrupted', status, events);
    if (Date.now() > deadline) throw new FollowStopped('deadline', status, events);
    await Promise.race([wait(options.pollMs ?? 2000), abortPromise(options.signal)]);
  }
}

function abortPromise(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return new Promise(() => {});
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** The error a failed stack operation ends with: the first failed resource and its reason. */
export function stackFailure(what: string, result: FollowResult, stackName: string, hint?: string): CliError {
  const first = firstFailure(result.events, stackName);
  const detail = first ? `\n  first failure: ${first.resource} (${first.type}): ${first.reason}` : result.reason ? `\n  ${result.reason}` : '';
  return new CliError(`${what} failed: the stack ${stackName} is ${result.status}${detail}`, 1, hint);
}

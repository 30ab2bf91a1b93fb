/** Running one stack operation to its end: follow with progress, Ctrl-C and a deadline. */
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CommandContext } from '../cli/context.js';
import { followStack, FollowStopped, stuckResources, type FollowResult } from './events.js';
import { continueAdvice, watchInterrupt } from './interrupt.js';
import { createProgress, progressIsTty } from './progress.js';

export interface RunOptions {
  stack: string;
  stackId?: string | undefined;
  stage: string;
  operation: 'create' | 'update' | 'delete';
  since: Date;
  total?: number;
  /** default: TSAPPA_STACK_DEADLINE_SECONDS, else 30 minutes */
  deadlineMs?: number;
  pollMs?: number;
}

export function stackDeadlineMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.TSAPPA_STACK_DEADLINE_SECONDS);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 30 * 60_000;
}

export function stackPollMs(env: NodeJS.ProcessEnv = process.env): number {
  const ms = Number(env.TSAPPA_STACK_POLL_MS);
  return Number.isFinite(ms) && ms > 0 ? ms : 3000;
}

export async function runStackOperation(ctx: CommandContext, cfn: CloudFormationClient, options: RunOptions): Promise<FollowResult> {
  const progress = createProgress(ctx.output, { tty: progressIsTty(ctx.options.json) });
  const interrupt = watchInterrupt();
  try {
    return await followStack(cfn, {
      stackName: options.stack,
      stackId: options.stackId,
      since: options.since,
      ...(options.total ? { total: options.total } : {}),
      deadlineMs: options.deadlineMs ?? stackDeadlineMs(),
      pollMs: options.pollMs ?? stackPollMs(),
      progress,
      signal: interrupt.signal,
    });
  } catch (error) {
    if (error instanceof FollowStopped) {
      throw continueAdvice({ stack: options.stack, stage: options.stage, status: error.status, operation: options.operation, why: error.why, stuck: stuckResources(error.events, options.stack) });
    }
    throw error;
  } finally {
    progress.stop();
    interrupt.dispose();
  }
}

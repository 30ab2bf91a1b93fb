/**
 * Ctrl-C during a stack operation. CloudFormation carries on without tsappa, so the first
 * Ctrl-C stops following and says what state the stack is in and how to continue; a second
 * one exits at once.
 */
import { CliError } from '../cli/errors.js';
import type { StuckResource } from './events.js';

export interface Interrupt {
  signal: AbortSignal;
  dispose(): void;
}

export function watchInterrupt(onFirst?: () => void): Interrupt {
  const controller = new AbortController();
  const handler = () => {
    if (controller.signal.aborted) process.exit(130);
    onFirst?.();
    controller.abort();
  };
  process.on('SIGINT', handler);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', handler) };
}

/** A followed stack operation that stopped before the stack did: CloudFormation carries on. */
export class StackOperationStopped extends CliError {
  constructor(
    message: string,
    hint: string,
    readonly why: 'interrupted' | 'deadline',
    readonly status: string,
    readonly stuck: StuckResource[],
  ) {
    super(message, 1, hint);
    this.name = 'StackOperationStopped';
  }
}

function describeStuck(stuck: StuckResource[], now: number): string {
  if (stuck.length === 0) return '';
  const named = stuck.map((s) => `${s.resource} (${s.type}) ${s.status}${s.since ? ` for ${Math.max(0, Math.round((now - s.since.getTime()) / 1000))} s` : ''}`);
  return `; waiting on ${named.join(', ')}`;
}

/** What to tell the user after an interrupted (or timed-out) stack operation. */
export function continueAdvice(options: {
  stack: string;
  stage: string;
  status: string;
  operation: 'create' | 'update' | 'delete';
  why: 'interrupted' | 'deadline';
  stuck?: StuckResource[];
  now?: number;
}): StackOperationStopped {
  const { stack, stage, status, operation } = options;
  const stuck = options.stuck ?? [];
  const waiting = describeStuck(stuck, options.now ?? Date.now());
  const lead =
    options.why === 'interrupted'
      ? `interrupted: the stack ${stack} is ${status}; CloudFormation carries on without tsappa${waiting}`
      : `stopped waiting: the stack ${stack} is still ${status}${waiting}`;
  const steps: string[] = [`watch it with "tsappa status ${stage}"`];
  if (operation === 'create') {
    steps.push(`when it is CREATE_COMPLETE the stage is deployed; if it ends in ROLLBACK_COMPLETE run "tsappa deploy ${stage}" again (the failed stack is removed first)`);
    if (options.why === 'deadline') steps.push(`to give up and remove it (CloudFormation stops creating and deletes what it made): aws cloudformation delete-stack --stack-name ${stack}`);
  } else if (operation === 'update') {
    steps.push(`when it is UPDATE_COMPLETE nothing more is needed; after UPDATE_ROLLBACK_COMPLETE fix the cause and run "tsappa update ${stage}"`);
    steps.push(`to stop it: aws cloudformation cancel-update-stack --stack-name ${stack}`);
  } else {
    steps.push(`run "tsappa undeploy ${stage}" again if it ends in DELETE_FAILED`);
  }
  return new StackOperationStopped(lead, steps.join('\n  '), options.why, status, stuck);
}

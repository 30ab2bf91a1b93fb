/**
 * Ctrl-C during a stack operation. CloudFormation carries on without tsappa, so the first
 * Ctrl-C stops following and says what state the stack is in and how to continue; a second
 * one exits at once.
 */
import { CliError } from '../cli/errors.js';

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

/** What to tell the user after an interrupted (or timed-out) stack operation. */
export function continueAdvice(options: { stack: string; stage: string; status: string; operation: 'create' | 'update' | 'delete'; why: 'interrupted' | 'deadline' }): CliError {
  const { stack, stage, status, operation } = options;
  const lead =
    options.why === 'interrupted'
      ? `interrupted: the stack ${stack} is ${status}; CloudFormation carries on without tsappa`
      : `stopped waiting: the stack ${stack} is still ${status}`;
  const steps: string[] = [`watch it with "tsappa status ${stage}"`];
  if (operation === 'create') {
    steps.push(`when it is CREATE_COMPLETE the stage is deployed; if it ends in ROLLBACK_COMPLETE run "tsappa deploy ${stage}" again (the failed stack is removed first)`);
  } else if (operation === 'update') {
    steps.push(`when it is UPDATE_COMPLETE nothing more is needed; after UPDATE_ROLLBACK_COMPLETE fix the cause and run "tsappa update ${stage}"`);
    steps.push(`to stop it: aws cloudformation cancel-update-stack --stack-name ${stack}`);
  } else {
    steps.push(`run "tsappa undeploy ${stage}" again if it ends in DELETE_FAILED`);
  }
  return new CliError(lead, 1, steps.join('\n  '));
}

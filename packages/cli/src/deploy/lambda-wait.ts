/** Waiting for a Lambda function to finish an update, and retrying calls it refuses meanwhile. */
import { GetFunctionConfigurationCommand, type FunctionConfiguration, type LambdaClient } from '@aws-sdk/client-lambda';
import { CliError } from '../cli/errors.js';
import { isLambdaConflict, sleep, withRetry } from './retry.js';

export interface WaitOptions {
  deadlineMs?: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Polls GetFunctionConfiguration until the function is no longer Pending and its
 * `LastUpdateStatus` is not InProgress. A Failed update is an error with Lambda's reason.
 */
export async function waitForFunctionUpdated(lambda: LambdaClient, functionName: string, options: WaitOptions = {}): Promise<FunctionConfiguration> {
  const deadline = Date.now() + (options.deadlineMs ?? 300_000);
  const wait = options.sleep ?? sleep;
  for (;;) {
    const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
    if (config.LastUpdateStatus === 'Failed' || config.State === 'Failed') {
      throw new CliError(`the function ${functionName} failed to update: ${config.LastUpdateStatusReason ?? config.StateReason ?? 'no reason given'}`);
    }
    if (config.State !== 'Pending' && config.LastUpdateStatus !== 'InProgress') return config;
    if (Date.now() > deadline) {
      throw new CliError(`the function ${functionName} is still updating (LastUpdateStatus ${config.LastUpdateStatus})`, 1, 'try again in a minute');
    }
    await wait(options.pollMs ?? 1000);
  }
}

/** Runs a Lambda write, and on ResourceConflictException waits for the function's update to finish and tries again. */
export function withLambdaConflictRetry<T>(lambda: LambdaClient, functionName: string, fn: () => Promise<T>, options: WaitOptions = {}): Promise<T> {
  return withRetry(fn, {
    retryable: isLambdaConflict,
    attempts: 6,
    baseMs: 500,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    beforeRetry: async () => {
      await waitForFunctionUpdated(lambda, functionName, options);
      return true;
    },
  });
}

import type { LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { waitForFunctionUpdated, withLambdaConflictRetry } from './lambda-wait.js';
import { backoffDelay, isThrottle, withApiGatewayRetry, withRetry } from './retry.js';

const named = (name: string, status?: number) => Object.assign(new Error(name), { name, ...(status ? { $metadata: { httpStatusCode: status } } : {}) });
const noSleep = async () => {};

describe('API Gateway throttling', () => {
  it('backs off on TooManyRequests and succeeds', async () => {
    let calls = 0;
    const delays: number[] = [];
    const result = await withApiGatewayRetry(
      async () => {
        calls++;
        if (calls < 3) throw named('TooManyRequestsException', 429);
        return 'ok';
      },
      { sleep: noSleep, random: () => 0.5, onRetry: (_e, _a, ms) => delays.push(ms) },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(delays).toEqual([2000, 4000]);
  });

  it('does not retry other errors, and gives up after the attempts', async () => {
    let calls = 0;
    await expect(withApiGatewayRetry(async () => { calls++; throw named('BadRequestException', 400); }, { sleep: noSleep })).rejects.toThrow('BadRequestException');
    expect(calls).toBe(1);
    calls = 0;
    await expect(withRetry(async () => { calls++; throw named('TooManyRequestsException'); }, { retryable: isThrottle, attempts: 3, sleep: noSleep })).rejects.toThrow();
    expect(calls).toBe(3);
  });

  it('caps the delay', () => {
    expect(backoffDelay(10, 1000, 30_000, () => 0.5)).toBe(30_000);
  });
});

describe('Lambda ResourceConflictException', () => {
  it('waits for LastUpdateStatus, then retries the call', async () => {
    const statuses = ['InProgress', 'InProgress', 'Successful'];
    const log: string[] = [];
    const lambda = {
      send: async () => {
        const status = statuses.shift() ?? 'Successful';
        log.push(`get:${status}`);
        return { State: 'Active', LastUpdateStatus: status };
      },
    } as unknown as LambdaClient;
    let calls = 0;
    const result = await withLambdaConflictRetry(lambda, 'fn', async () => {
      calls++;
      log.push(`call${calls}`);
      if (calls === 1) throw named('ResourceConflictException', 409);
      return 'done';
    }, { sleep: noSleep });
    expect(result).toBe('done');
    expect(log).toEqual(['call1', 'get:InProgress', 'get:InProgress', 'get:Successful', 'call2']);
  });

  it('a failed update is an error with its reason', async () => {
    const lambda = { send: async () => ({ LastUpdateStatus: 'Failed', LastUpdateStatusReason: 'bad zip' }) } as unknown as LambdaClient;
    await expect(waitForFunctionUpdated(lambda, 'fn', { sleep: noSleep })).rejects.toThrow(/failed to update: bad zip/);
  });
});

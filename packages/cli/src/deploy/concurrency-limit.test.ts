import type { LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../test/settings.js';
import { CliError } from '../cli/errors.js';
import { checkReservedConcurrency, concurrencyRoom } from './concurrency-limit.js';

/** Lambda as GetAccountSettings and GetFunctionConcurrency answer it. */
function fakeLambda(limit: number, unreserved: number, own: number | 'not deployed' | undefined) {
  const calls: string[] = [];
  const client = {
    send: async (command: { constructor: { name: string } }) => {
      const name = command.constructor.name.replace(/Command$/, '');
      calls.push(name);
      if (name === 'GetAccountSettings') return { AccountLimit: { ConcurrentExecutions: limit, UnreservedConcurrentExecutions: unreserved } };
      if (own === 'not deployed') throw Object.assign(new Error('Function not found'), { name: 'ResourceNotFoundException' });
      return own === undefined ? {} : { ReservedConcurrentExecutions: own };
    },
  };
  return { client: client as unknown as LambdaClient, calls };
}

const settings = (reservedConcurrency: number | null) => defaultSettings('/project', { reservedConcurrency });

describe('reservedConcurrency against the account', () => {
  it('leaves 100 unreserved, and counts what the function already reserves as its own', async () => {
    expect(await concurrencyRoom(fakeLambda(1000, 1000, 'not deployed').client, 'fn')).toEqual({ accountLimit: 1000, available: 900 });
    expect(await concurrencyRoom(fakeLambda(1000, 600, 300).client, 'fn')).toEqual({ accountLimit: 1000, available: 800 });
    expect(await concurrencyRoom(fakeLambda(1000, 650, undefined).client, 'fn')).toEqual({ accountLimit: 1000, available: 550 });
  });

  it('accepts a reservation that fits, up to the last execution', async () => {
    await expect(checkReservedConcurrency(fakeLambda(1000, 1000, 'not deployed').client, settings(900), 'fn')).resolves.toBeUndefined();
  });

  it('refuses one that would leave less than 100 unreserved, naming the setting, the file and the room left', async () => {
    await expect(checkReservedConcurrency(fakeLambda(1000, 400, 'not deployed').client, settings(301), 'fn')).rejects.toThrow(CliError);
    await expect(checkReservedConcurrency(fakeLambda(1000, 400, 'not deployed').client, settings(301), 'fn')).rejects.toThrow(
      /^reservedConcurrency in \/project\/tsappa\.json \(stage "dev"\): expected at most 300, found 301\. The account has 1000 concurrent executions in us-east-1/,
    );
    // what the function reserved before is its own to keep
    await expect(checkReservedConcurrency(fakeLambda(1000, 400, 50).client, settings(350), 'fn')).resolves.toBeUndefined();
    await expect(checkReservedConcurrency(fakeLambda(1000, 400, 50).client, settings(351), 'fn')).rejects.toThrow(/expected at most 350, found 351/);
  });

  it('a new account with 10 concurrent executions cannot reserve any', async () => {
    await expect(checkReservedConcurrency(fakeLambda(10, 10, 'not deployed').client, settings(1), 'fn')).rejects.toThrow(/expected at most 0, found 1/);
  });

  it('asks nothing when there is no reservation, or 0 (disabling takes no room)', async () => {
    for (const reserved of [null, 0]) {
      const { client, calls } = fakeLambda(1000, 1000, 'not deployed');
      await checkReservedConcurrency(client, settings(reserved), 'fn');
      expect(calls).toEqual([]);
    }
  });
});

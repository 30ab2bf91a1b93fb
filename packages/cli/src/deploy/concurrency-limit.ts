/**
 * `reservedConcurrency` against the account's limits, before the stack is touched. Lambda keeps
 * at least 100 concurrent executions unreserved in every account and region
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html): a function may
 * reserve what is unreserved now, plus what it already reserves itself, minus those 100.
 */
import { GetAccountSettingsCommand, GetFunctionConcurrencyCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { ResolvedSettings } from '@tsappa/templates';
import { CliError } from '../cli/errors.js';
import { errorName } from './retry.js';

/** What Lambda never lets reservations take: https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html */
export const MINIMUM_UNRESERVED = 100;

export interface ConcurrencyRoom {
  /** the account's concurrent executions in the region */
  accountLimit: number;
  /** the most this function may reserve */
  available: number;
}

/** The most the function may reserve: unreserved now + its own reservation - 100. */
export async function concurrencyRoom(lambda: LambdaClient, functionName: string): Promise<ConcurrencyRoom> {
  const account = await lambda.send(new GetAccountSettingsCommand({}));
  const accountLimit = account.AccountLimit?.ConcurrentExecutions;
  const unreserved = account.AccountLimit?.UnreservedConcurrentExecutions;
  if (accountLimit === undefined || unreserved === undefined) throw new Error('Lambda GetAccountSettings returned no AccountLimit');
  let own = 0;
  try {
    own = (await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: functionName }))).ReservedConcurrentExecutions ?? 0;
  } catch (error) {
    if (errorName(error) !== 'ResourceNotFoundException') throw error; // not deployed yet: it reserves nothing
  }
  return { accountLimit, available: Math.max(0, unreserved + own - MINIMUM_UNRESERVED) };
}

/** Throws a settings error (exit 2) naming the setting and the file when the account cannot give the reservation. */
export async function checkReservedConcurrency(lambda: LambdaClient, settings: ResolvedSettings, functionName: string): Promise<void> {
  const wanted = settings.reservedConcurrency;
  if (wanted === null || wanted === 0) return;
  const room = await concurrencyRoom(lambda, functionName);
  if (wanted <= room.available) return;
  throw new CliError(
    `reservedConcurrency in ${settings.configFile} (stage "${settings.stage}"): expected at most ${room.available}, found ${wanted}. ` +
      `The account has ${room.accountLimit} concurrent executions in ${settings.awsRegion}; other functions reserve part of them and Lambda keeps ${MINIMUM_UNRESERVED} unreserved.`,
    2,
    `lower reservedConcurrency, release other functions' reservations, or ask AWS for a higher concurrency quota (Service Quotas: "Concurrent executions")`,
  );
}

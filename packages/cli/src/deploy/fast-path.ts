/**
 * Code-only updates without CloudFormation: update the function's code, wait for it, publish
 * a version (guarded by the expected CodeSha256), move `live` to it. Four writes with the
 * upload, where a stack update would take minutes.
 *
 * The stack never drifts behind it: every full update renders the template with the current
 * artifact (the one the fast path installed, or a newer one), so CloudFormation never puts an
 * older key back, and the version it publishes is always newer than the fast path's.
 */
import { PublishVersionCommand, UpdateAliasCommand, UpdateFunctionCodeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { LIVE_ALIAS } from '@tsappa/runtime/contract';
import { CliError } from '../cli/errors.js';
import { lambdaCodeSha256 } from './changes.js';
import { waitForFunctionUpdated, withLambdaConflictRetry, type WaitOptions } from './lambda-wait.js';

export interface FastPathInput {
  functionName: string;
  bucket: string;
  key: string;
  /** the zip's sha256, hex */
  sha256: string;
  /** the version `live` served before, for the report */
  previousVersion: string | null;
}

export interface FastPathResult {
  version: string;
  previousVersion: string | null;
}

export async function fastPathUpdate(lambda: LambdaClient, input: FastPathInput, options: WaitOptions = {}): Promise<FastPathResult> {
  const name = input.functionName;
  const retry = <T>(fn: () => Promise<T>) => withLambdaConflictRetry(lambda, name, fn, options);
  await retry(() => lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, S3Bucket: input.bucket, S3Key: input.key })));
  const config = await waitForFunctionUpdated(lambda, name, options);
  const expected = lambdaCodeSha256(input.sha256);
  if (config.CodeSha256 && config.CodeSha256 !== expected) {
    throw new CliError(`the function's code (${config.CodeSha256}) is not the uploaded artifact (${expected}): another deploy may be running`);
  }
  const published = await retry(() =>
    lambda.send(new PublishVersionCommand({ FunctionName: name, CodeSha256: expected, Description: `tsappa code ${input.sha256.slice(0, 16)}` })),
  );
  const version = published.Version;
  if (!version) throw new CliError('Lambda published no version');
  if (input.previousVersion && /^\d+$/.test(input.previousVersion) && Number(version) < Number(input.previousVersion)) {
    throw new CliError(`refusing to move ${LIVE_ALIAS} back from version ${input.previousVersion} to ${version}`);
  }
  await retry(() => lambda.send(new UpdateAliasCommand({ FunctionName: name, Name: LIVE_ALIAS, FunctionVersion: version })));
  return { version, previousVersion: input.previousVersion };
}

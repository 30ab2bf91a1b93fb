/**
 * Code-only updates without CloudFormation: update the function's code, wait for it, publish
 * a version (guarded by the expected CodeSha256), move `live` to it. Four writes with the
 * upload, where a stack update would take minutes.
 *
 * With a `deployment` strategy other than AllAtOnce, `live` is not moved at once: tsappa shifts
 * its traffic to the new version step by step, watching the alarms and the new version's errors
 * (./rollout/shift.ts), and Ctrl-C puts all traffic back on the previous version.
 *
 * The stack never drifts behind it: every full update renders the template with the current
 * artifact (the one the fast path installed, or a newer one), so CloudFormation never puts an
 * older key back, and the version it publishes is always newer than the fast path's.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { PublishVersionCommand, UpdateAliasCommand, UpdateFunctionCodeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { LIVE_ALIAS } from '@tsappa/runtime/contract';
import type { DeploymentSettings, ResolvedSettings } from '@tsappa/templates';
import type { AwsClients } from '../aws/clients.js';
import { CliError } from '../cli/errors.js';
import type { Output } from '../cli/output.js';
import { lambdaCodeSha256 } from './changes.js';
import { watchInterrupt } from './interrupt.js';
import { waitForFunctionUpdated, withLambdaConflictRetry, type WaitOptions } from './lambda-wait.js';
import { pointAlias } from './rollout/alias-routing.js';
import { realClock, type RolloutClock } from './rollout/clock.js';
import { cloudWatchHealth } from './rollout/health.js';
import { rollOut } from './rollout/shift.js';

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
  /** the shares the new version held before taking all traffic ([] when it moved at once) */
  shares: number[];
}

/** The stage's `deployment`, and what its rollout needs. */
export interface FastPathRollout {
  deployment: DeploymentSettings;
  cloudWatch: CloudWatchClient;
  progress: (line: string) => void;
  /** default: real time (scaled by TSAPPA_ROLLOUT_TIME_SCALE in tests) */
  clock?: RolloutClock;
  /** default: Ctrl-C */
  signal?: AbortSignal;
  pollMs?: number;
}

export interface FastPathOptions extends WaitOptions {
  /** null or absent: `live` moves at once, as without `deployment` */
  rollout?: FastPathRollout | null;
}

/** The stage's rollout on the fast path, or null without `deployment` (live moves at once). */
export async function fastPathRolloutOf(settings: Pick<ResolvedSettings, 'deployment'>, clients: AwsClients, output: Pick<Output, 'info'>): Promise<FastPathRollout | null> {
  if (!settings.deployment) return null;
  return { deployment: settings.deployment, cloudWatch: await clients.cloudWatch(), progress: (line) => output.info(line) };
}

/** Shifts `live` from `previousVersion` to `version` by the stage's strategy; Ctrl-C moves it back. */
export async function shiftLive(lambda: LambdaClient, name: string, previousVersion: string, version: string, rollout: FastPathRollout): Promise<number[]> {
  const clock = rollout.clock ?? realClock();
  const interrupt = rollout.signal
    ? null
    : watchInterrupt(() => rollout.progress(`Ctrl-C: moving all of ${LIVE_ALIAS}'s traffic back to version ${previousVersion} (Ctrl-C again exits at once, and may leave the routing as it is)`));
  try {
    const health = cloudWatchHealth(rollout.cloudWatch, { functionName: name, version, alarms: rollout.deployment.alarms }, clock.now);
    const result = await rollOut(
      { functionName: name, strategy: rollout.deployment.strategy, previousVersion, version },
      { lambda, health, clock, progress: rollout.progress, signal: rollout.signal ?? interrupt?.signal, ...(rollout.pollMs ? { pollMs: rollout.pollMs } : {}) },
    );
    return result.shares;
  } finally {
    interrupt?.dispose();
  }
}

export async function fastPathUpdate(lambda: LambdaClient, input: FastPathInput, options: FastPathOptions = {}): Promise<FastPathResult> {
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
  const rollout = options.rollout ?? null;
  if (!rollout) {
    await retry(() => lambda.send(new UpdateAliasCommand({ FunctionName: name, Name: LIVE_ALIAS, FunctionVersion: version })));
    return { version, previousVersion: input.previousVersion, shares: [] };
  }
  if (!input.previousVersion || input.previousVersion === version) {
    // nothing to shift from: live takes the version at once, routing cleared
    await retry(() => pointAlias(lambda, name, version));
    return { version, previousVersion: input.previousVersion, shares: [] };
  }
  const shares = await shiftLive(lambda, name, input.previousVersion, version, rollout);
  return { version, previousVersion: input.previousVersion, shares };
}

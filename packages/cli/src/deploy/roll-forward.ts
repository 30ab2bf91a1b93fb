/**
 * After `tsappa rollback`, `live` serves a version older than the one the stack published. The
 * settings and code still ask for the stack's version, so the next `update` serves it again, and
 * says so: otherwise an update that publishes no version (a template-only change, or none) would
 * leave `live` on the rolled-back version, with the memory, timeout and variables of back then,
 * while reporting the settings applied. A fast path that publishes newer code moves `live` anyway.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { LIVE_ALIAS } from '@tsappa/runtime/contract';
import type { Output } from '../cli/output.js';
import { shiftLive, type FastPathRollout } from './fast-path.js';
import { withLambdaConflictRetry } from './lambda-wait.js';
import { pointAlias } from './rollout/alias-routing.js';

export interface RolledBack {
  /** the version `live` serves */
  live: string;
  /** the version the stack published, which the settings and code ask for */
  stack: string;
}

/** A rollback in effect: `live` on a published version older than the stack's (never `$LATEST`, never a newer fast-path version). */
export function rolledBack(liveVersion: string | null | undefined, stackVersion: string | null | undefined): RolledBack | null {
  if (!liveVersion || !stackVersion || !/^\d+$/.test(liveVersion) || !/^\d+$/.test(stackVersion)) return null;
  return Number(liveVersion) < Number(stackVersion) ? { live: liveVersion, stack: stackVersion } : null;
}

/** How `update` and `diff` name the move. */
export function describeRollForward(r: RolledBack): string {
  return `${LIVE_ALIAS}: version ${r.live} (rolled back) -> ${r.stack}`;
}

/**
 * Points `live` at the stack's version: at once, or with the stage's `deployment` by its strategy
 * and alarms, as the fast path shifts new code (the version may be why the rollback happened; an
 * alarm moves `live` back and fails the update). The shares the stack's version held before taking
 * all traffic ([] when it moved at once).
 */
export async function rollForward(lambda: LambdaClient, functionName: string, r: RolledBack, output: Output, rollout: FastPathRollout | null): Promise<number[]> {
  output.info(`${LIVE_ALIAS} serves version ${r.live} since a rollback: moving it to version ${r.stack}, which serves these settings and code`);
  if (rollout) return shiftLive(lambda, functionName, r.live, r.stack, rollout);
  await withLambdaConflictRetry(lambda, functionName, () => pointAlias(lambda, functionName, r.stack));
  return [];
}

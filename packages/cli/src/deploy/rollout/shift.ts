/**
 * The code fast path's canary or linear rollout, done by tsappa itself (no CloudFormation, no
 * CodeDeploy): `live` keeps its version and sends a growing share of its traffic to the new one
 * (alias RoutingConfig), holding each share while the alarms and the new version's errors are
 * watched. All well: `live` moves to the new version and the routing is cleared. An alarm, an
 * error or Ctrl-C: `live` goes back to the old version alone, and the command fails saying why.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { LIVE_ALIAS } from '@tsappa/runtime/contract';
import type { DeploymentStrategy } from '@tsappa/templates';
import { CliError } from '../../cli/errors.js';
import { describeRouting, pointAlias, routeAlias } from './alias-routing.js';
import type { RolloutClock } from './clock.js';
import type { RolloutHealth } from './health.js';
import { duration, percent, rolloutSteps } from './strategy.js';

export interface RolloutPlan {
  functionName: string;
  strategy: DeploymentStrategy;
  /** the version `live` serves before the rollout */
  previousVersion: string;
  /** the version the rollout moves `live` to */
  version: string;
}

export interface RolloutRuntime {
  lambda: LambdaClient;
  health: RolloutHealth;
  clock: RolloutClock;
  /** aborted by Ctrl-C: traffic goes back to the previous version */
  signal?: AbortSignal;
  /** how often the alarms and errors are read while a share is held (rollout time); default 30 s */
  pollMs?: number;
  progress: (line: string) => void;
}

export interface RolloutResult {
  /** the shares the new version held before it took all traffic, e.g. [0.1] */
  shares: number[];
}

/** A rollout that did not finish: `live` serves the previous version alone again. */
export class RolloutStopped extends CliError {
  constructor(
    message: string,
    hint: string,
    readonly why: 'unhealthy' | 'interrupted',
  ) {
    super(message, 1, hint);
    this.name = 'RolloutStopped';
  }
}

const DEFAULT_POLL_MS = 30_000;

async function rollBack(plan: RolloutPlan, runtime: RolloutRuntime): Promise<void> {
  try {
    await pointAlias(runtime.lambda, plan.functionName, plan.previousVersion);
  } catch (error) {
    throw new CliError(
      `the rollout of version ${plan.version} stopped, and moving ${LIVE_ALIAS} back to version ${plan.previousVersion} failed: ${(error as Error).message}`,
      1,
      `run: aws lambda update-alias --function-name ${plan.functionName} --name ${LIVE_ALIAS} --function-version ${plan.previousVersion} --routing-config AdditionalVersionWeights={}`,
    );
  }
}

async function stop(plan: RolloutPlan, runtime: RolloutRuntime, why: RolloutStopped['why'], reason: string): Promise<never> {
  await rollBack(plan, runtime);
  const back = `${LIVE_ALIAS} serves version ${plan.previousVersion} again, all of its traffic (routing cleared)`;
  if (why === 'interrupted') {
    throw new RolloutStopped(`interrupted: the rollout of version ${plan.version} stopped; ${back}`, `run the update again to roll version ${plan.version} out`, why);
  }
  throw new RolloutStopped(`rolled back: ${reason}; ${back}`, `fix the cause and run the update again (version ${plan.version} stays published, unused)`, why);
}

/** While a share is held, a line at most this often (rollout time) says it is still healthy. */
const HEARTBEAT_MS = 60_000;

/** Holds the current share for `holdMs`, reading the health every poll; a reason to stop, or null. */
async function hold(runtime: RolloutRuntime, holdMs: number, startedMs: number, share: string): Promise<{ why: RolloutStopped['why']; reason: string } | null> {
  let remaining = holdMs;
  let sinceHeartbeat = 0;
  while (remaining > 0) {
    const wait = Math.min(runtime.pollMs ?? DEFAULT_POLL_MS, remaining);
    await runtime.clock.sleep(wait, runtime.signal);
    if (runtime.signal?.aborted) return { why: 'interrupted', reason: 'Ctrl-C' };
    remaining -= wait;
    sinceHeartbeat += wait;
    const problem = await runtime.health.problem(startedMs);
    if (problem) return { why: 'unhealthy', reason: problem };
    if (remaining > 0 && sinceHeartbeat >= HEARTBEAT_MS) {
      sinceHeartbeat = 0;
      runtime.progress(`rollout: ${share}, ${duration(remaining)} to go; no alarm, no error so far`);
    }
  }
  return null;
}

export async function rollOut(plan: RolloutPlan, runtime: RolloutRuntime): Promise<RolloutResult> {
  const steps = plan.previousVersion === plan.version ? [] : rolloutSteps(plan.strategy);
  if (steps.length === 0) {
    await pointAlias(runtime.lambda, plan.functionName, plan.version);
    return { shares: [] };
  }
  const missing = await runtime.health.missingAlarms();
  if (missing.length > 0) {
    throw new CliError(
      `deployment.alarms: no CloudWatch alarm named ${missing.map((name) => `"${name}"`).join(', ')}; ${LIVE_ALIAS} still serves version ${plan.previousVersion}`,
      1,
      'create the alarm or correct its name in the settings',
    );
  }
  const startedMs = runtime.clock.now();
  const before = await runtime.health.problem(startedMs);
  if (before) {
    throw new RolloutStopped(`not rolled out: ${before} before any traffic moved; ${LIVE_ALIAS} still serves version ${plan.previousVersion}`, 'wait for the alarm to clear, then run the update again', 'unhealthy');
  }
  const shares: number[] = [];
  try {
    for (const [index, step] of steps.entries()) {
      if (runtime.signal?.aborted) return await stop(plan, runtime, 'interrupted', 'Ctrl-C');
      await routeAlias(runtime.lambda, plan.functionName, plan.previousVersion, { version: plan.version, weight: step.weight });
      shares.push(step.weight);
      const next = index + 1 < steps.length ? percent(steps[index + 1]!.weight) : '100%';
      const routing = describeRouting({ version: plan.previousVersion, additional: { version: plan.version, weight: step.weight } });
      runtime.progress(`rollout (${plan.strategy}): ${routing}; ${next} in ${duration(step.holdMs)} unless an alarm or an error stops it`);
      const stopped = await hold(runtime, step.holdMs, startedMs, `version ${plan.version} at ${percent(step.weight)}`);
      if (stopped) return await stop(plan, runtime, stopped.why, stopped.reason);
    }
    await pointAlias(runtime.lambda, plan.functionName, plan.version);
  } catch (error) {
    if (error instanceof CliError) throw error; // stopped (and rolled back), or the rollback itself failed
    // an AWS call that failed mid-way (the alarms or metrics unreadable, the alias not updated): never leave live split
    return stop(plan, runtime, 'unhealthy', `the rollout could not go on (${(error as Error).message})`);
  }
  runtime.progress(`rollout (${plan.strategy}): version ${plan.version} at 100%`);
  return { shares };
}

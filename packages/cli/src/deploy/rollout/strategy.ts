/**
 * A CodeDeploy Lambda strategy as the steps tsappa takes on the code fast path: the new
 * version's share of `live`, and how long each share is held while the alarms and the new
 * version's errors are watched. After the last step the new version takes all traffic.
 *
 * - Canary10Percent5Minutes: 10% for 5 minutes, then 100%;
 * - Linear10PercentEvery2Minutes: 10%, 20% ... 90%, each for 2 minutes, then 100%;
 * - AllAtOnce: no steps (100% at once), as CodeDeploy does it.
 */
import type { DeploymentStrategy } from '@tsappa/templates';

export interface RolloutStep {
  /** the new version's share of the alias's traffic, 0 < weight < 1 */
  weight: number;
  /** how long the share is held, in milliseconds */
  holdMs: number;
}

const MINUTE = 60_000;
const CANARY = /^Canary(\d+)Percent(\d+)Minutes?$/;
const LINEAR = /^Linear(\d+)PercentEvery(\d+)Minutes?$/;

export function rolloutSteps(strategy: DeploymentStrategy): RolloutStep[] {
  const canary = CANARY.exec(strategy);
  if (canary) return [{ weight: Number(canary[1]) / 100, holdMs: Number(canary[2]) * MINUTE }];
  const linear = LINEAR.exec(strategy);
  if (linear) {
    const percent = Number(linear[1]);
    const holdMs = Number(linear[2]) * MINUTE;
    const steps: RolloutStep[] = [];
    for (let share = percent; share < 100; share += percent) steps.push({ weight: share / 100, holdMs });
    return steps;
  }
  return [];
}

/** `0.1` -> `10%` */
export function percent(weight: number): string {
  return `${Math.round(weight * 1000) / 10}%`;
}

/** `300000` -> `5 min`, `90000` -> `1.5 min`, `4000` -> `4 s` */
export function duration(ms: number): string {
  return ms >= MINUTE ? `${Math.round((ms / MINUTE) * 10) / 10} min` : `${Math.round(ms / 1000)} s`;
}

/** How long the strategy holds shares before the new version takes all traffic. */
export function rolloutDurationMs(strategy: DeploymentStrategy): number {
  return rolloutSteps(strategy).reduce((sum, step) => sum + step.holdMs, 0);
}

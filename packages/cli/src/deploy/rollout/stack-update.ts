/**
 * A stack update of a stage with `deployment`: CloudFormation hands the `live` alias to
 * CodeDeploy, and the update lasts as long as the strategy's shift. tsappa says so and follows
 * the stack that much longer before it stops waiting.
 */
import type { ResolvedSettings } from '@tsappa/templates';
import { duration, rolloutDurationMs } from './strategy.js';

export interface StackUpdateRollout {
  /** added to the stack operation's deadline */
  extraDeadlineMs: number;
  /** what to tell the user before following the update; null: nothing to say */
  note: string | null;
}

export function stackUpdateRollout(settings: Pick<ResolvedSettings, 'deployment'>): StackUpdateRollout {
  const strategy = settings.deployment?.strategy;
  const ms = strategy ? rolloutDurationMs(strategy) : 0;
  if (!strategy || ms === 0) return { extraDeadlineMs: 0, note: null };
  return {
    extraDeadlineMs: ms,
    note: `deployment ${strategy}: when the update publishes a new version, CodeDeploy shifts live to it over ${duration(ms)}, rolling back on an alarm`,
  };
}

/**
 * Time for a rollout: what it reads (`now`) and how it waits (`sleep`), injectable so a test
 * runs a whole canary in milliseconds.
 *
 * TSAPPA_ROLLOUT_TIME_SCALE is for tests only: every wait of a rollout is multiplied by it
 * (0.001 turns a 5-minute canary into 0.3 s). It is never set in normal use.
 */
import { CliError } from '../../cli/errors.js';

export interface RolloutClock {
  /** milliseconds since the epoch */
  now(): number;
  /** waits `ms` (of rollout time); returns early, without throwing, when `signal` aborts */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const ROLLOUT_TIME_SCALE_ENV = 'TSAPPA_ROLLOUT_TIME_SCALE';

/** The test-only time scale: 1 unless TSAPPA_ROLLOUT_TIME_SCALE holds a number in (0, 1]. */
export function rolloutTimeScale(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.TSAPPA_ROLLOUT_TIME_SCALE;
  if (raw === undefined || raw === '') return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1) {
    throw new CliError(`${ROLLOUT_TIME_SCALE_ENV} is "${raw}": expected a number above 0 and at most 1 (it is for tests only; unset it)`, 2);
  }
  return scale;
}

export function realClock(scale = rolloutTimeScale()): RolloutClock {
  return {
    now: () => Date.now(),
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, Math.round(ms * scale)));
        signal?.addEventListener('abort', done, { once: true });
      }),
  };
}

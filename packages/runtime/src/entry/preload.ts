/**
 * The cold start in Lambda's init phase. The generated entry awaits `handler.preload()` at top
 * level, so remote env, the slim archive and the app load before the first invocation (and
 * ahead of time with provisioned concurrency, which runs only the init phase).
 *
 * It never rejects: a rejected top-level await makes Lambda report Runtime.ImportModuleError and
 * init the container again. A failure is logged instead, and the next invocation tries the cold
 * start again, as invocations always did. Nor does it hold the init phase past `waitMs` (Lambda
 * allows 10 s): an app whose own bootstrap is slower keeps loading, and the first invocation
 * waits for it.
 */
import { runtimeLog } from '../log-line.js';

/** Lambda's init phase is 10 s; Node and the runtime client start before the entry loads. */
export const INIT_WAIT_MS = 9000;

export type PreloadOutcome = 'ready' | 'failed' | 'still loading';

export interface PreloadOptions {
  /** how long the init phase may wait for the cold start; default INIT_WAIT_MS */
  waitMs?: number;
  /** where a failure is reported; default console.error (the function's log) */
  log?: (message: string, error: unknown) => void;
}

const logToConsole = (message: string, error: unknown) => runtimeLog('ERROR', message.replace(/^tsappa: /, '').replace(/:$/, ''), { error });

/** Runs `start` (the cold start), waiting at most `waitMs`; never rejects. */
export async function preload(start: () => Promise<void>, options: PreloadOptions = {}): Promise<PreloadOutcome> {
  const log = options.log ?? logToConsole;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<PreloadOutcome>((resolve) => {
    timer = setTimeout(() => resolve('still loading'), options.waitMs ?? INIT_WAIT_MS);
  });
  const started = start().then(
    (): PreloadOutcome => 'ready',
    (error: unknown): PreloadOutcome => {
      log('tsappa: the cold start failed in the init phase; the next invocation tries it again:', error);
      return 'failed';
    },
  );
  try {
    return await Promise.race([started, late]);
  } finally {
    clearTimeout(timer);
  }
}

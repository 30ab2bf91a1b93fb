/**
 * One shared timer for every invocation's deadline, instead of a timer per request: arming is
 * a `Set` insert and a clock read; the timer only fires around the earliest deadline, and does
 * not keep the process alive while nothing is waiting.
 */
import { runOutsideInvocation } from './invocation.js';
import type { Failure } from './sink.js';

export interface DeadlineEntry {
  /** epoch ms; set by `watch` */
  due: number;
  /** called once, when `due` has passed and the entry is still watched */
  expire(): void;
}

function fire(watchdog: Watchdog): void {
  watchdog.fire();
}

export class Watchdog {
  private readonly active = new Set<DeadlineEntry>();
  private timer: NodeJS.Timeout | undefined = undefined;
  private armedFor = Infinity;

  watch(entry: DeadlineEntry, timeoutMs: number): void {
    entry.due = Date.now() + timeoutMs;
    this.active.add(entry);
    if (entry.due < this.armedFor) this.arm(entry.due);
    else if (this.active.size === 1) this.timer?.ref();
  }

  unwatch(entry: DeadlineEntry): void {
    if (this.active.delete(entry) && this.active.size === 0) this.timer?.unref();
  }

  private arm(due: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.armedFor = due;
    // Created outside any invocation, so expiring one request never runs in another's context.
    this.timer = runOutsideInvocation(() => setTimeout(fire, Math.max(1, due - Date.now()), this));
  }

  fire(): void {
    this.timer = undefined;
    this.armedFor = Infinity;
    const now = Date.now();
    let next = Infinity;
    for (const entry of this.active) {
      if (entry.due <= now) {
        this.active.delete(entry);
        entry.expire();
      } else if (entry.due < next) {
        next = entry.due;
      }
    }
    if (next !== Infinity) this.arm(next);
  }
}

export const watchdog = new Watchdog();

/** Races `work` against the deadline (none when `timeoutMs` is undefined); never rejects. */
export function withDeadline<T>(work: Promise<T>, timeoutMs: number | undefined): Promise<{ ok: true; value: T } | Failure> {
  const settled = work.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown): Failure => ({ ok: false, reason: 'error', error }),
  );
  if (timeoutMs === undefined) return settled;
  let resolveTimeout: (failure: Failure) => void = () => undefined;
  const timeout = new Promise<Failure>((resolve) => {
    resolveTimeout = resolve;
  });
  const entry: DeadlineEntry = { due: 0, expire: () => resolveTimeout({ ok: false, reason: 'timeout', error: undefined }) };
  watchdog.watch(entry, timeoutMs);
  return Promise.race([settled, timeout]).finally(() => watchdog.unwatch(entry));
}

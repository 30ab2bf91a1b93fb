/**
 * The local console's event bus: the gateway, the scheduler, the task queue and the function host
 * publish what happens (a request answered, a schedule fired, a task attempt, a dead letter, a
 * function's output) and the console (./console/console-server.ts) keeps a bounded history of it
 * and streams each change to the open pages.
 *
 * The history is bounded: the last `limits.requests` requests, `limits.tasks` tasks and
 * `limits.deadLetters` dead letters, and at most `limits.logBytes` of output per invocation. The
 * bus holds only what the function printed and what the console shows (method, path, status,
 * duration, task and schedule names, events of dead letters): never request headers, the
 * function's environment or credentials.
 */
import { randomUUID } from 'node:crypto';
import type { InvokeOutcome, LambdaError } from './function-host.js';
import type { DeadLetter, TaskRecord } from './tasks.js';

export interface ConsoleLimits {
  requests: number;
  tasks: number;
  deadLetters: number;
  /** output kept per invocation; the rest is cut with a note */
  logBytes: number;
}

export const DEFAULT_CONSOLE_LIMITS: ConsoleLimits = { requests: 200, tasks: 200, deadLetters: 100, logBytes: 64 * 1024 };

/** One request answered by the local API Gateway (or an event sent with `tsappa invoke --local`). */
export interface RequestEntry {
  /** the request id (`x-amzn-RequestId`), also the invocation's */
  id: string;
  at: string;
  method: string;
  /** the path and query as sent */
  path: string;
  status: number;
  durationMs: number;
  /** why the gateway answered itself (API key, authorizer, timeout…) */
  note: string | null;
  logs: string;
}

export interface TaskAttempt {
  requestId: string;
  /** 1 to `of`; a resent event starts again at 1 */
  attempt: number;
  of: number;
  status: 'ok' | 'error' | 'timeout';
  durationMs: number;
  error: LambdaError | null;
  logs: string;
}

/** One asynchronous invocation (a task, or any event queued as Lambda's Event invoke). */
export interface TaskEntry {
  /** the task's id, else an id of the console's */
  id: string;
  name: string;
  at: string;
  status: 'running' | 'retrying' | 'complete' | 'dead-lettered';
  attempts: TaskAttempt[];
  /** what the task returned (its captured record, with `captureResponse`), else what the function answered */
  result: unknown;
}

export interface DeadLetterEntry {
  /** the console's id for the entry: what its resend button sends back */
  id: string;
  letter: DeadLetter;
  /** how many times it was sent again from the console */
  resent: number;
}

export interface ScheduleEntry {
  name: string;
  expression: string;
  /** ISO time of the next firing, null: never */
  next: string | null;
  last: { at: string; requestId: string; status: 'ok' | 'error' | 'timeout'; durationMs: number; error: LambdaError | null; logs: string } | null;
}

export interface ConsoleState {
  stage: string;
  functionName: string;
  url: string;
  requests: RequestEntry[];
  tasks: TaskEntry[];
  deadLetters: DeadLetterEntry[];
  schedules: ScheduleEntry[];
}

/** What an open page receives: the whole entry that changed. */
export type ConsoleUpdate =
  | { type: 'request'; entry: RequestEntry }
  | { type: 'task'; entry: TaskEntry }
  | { type: 'dead-letter'; entry: DeadLetterEntry }
  | { type: 'schedule'; entry: ScheduleEntry };

export type ConsoleListener = (update: ConsoleUpdate) => void;

/** Keeps the newest `limit` entries of a map in insertion order. */
function keepNewest<T>(map: Map<string, T>, limit: number): void {
  while (map.size > limit) {
    const oldest = map.keys().next().value as string;
    map.delete(oldest);
  }
}

/** A captured task's value (stored as JSON text), when it completed. */
function capturedValue(record: TaskRecord | null | undefined): unknown {
  if (record?.status !== 'complete' || record.value === undefined) return undefined;
  try {
    return JSON.parse(record.value) as unknown;
  } catch {
    return record.value;
  }
}

function outcomeStatus(outcome: InvokeOutcome): 'ok' | 'error' | 'timeout' {
  return outcome.ok ? 'ok' : outcome.timedOut ? 'timeout' : 'error';
}

export class ConsoleBus {
  private readonly requests = new Map<string, RequestEntry>();
  private readonly tasks = new Map<string, TaskEntry>();
  private readonly deadLetters = new Map<string, DeadLetterEntry>();
  private readonly schedules = new Map<string, ScheduleEntry>();
  /** output by invocation request id, for the invocations still running or recently ended */
  private readonly output = new Map<string, string>();
  private readonly listeners = new Set<ConsoleListener>();
  readonly limits: ConsoleLimits;

  constructor(
    private readonly about: { stage: string; functionName: string; url: string },
    limits: Partial<ConsoleLimits> = {},
  ) {
    this.limits = { ...DEFAULT_CONSOLE_LIMITS, ...limits };
  }

  /** Calls `listener` with every update from now on; returns how to stop. */
  subscribe(listener: ConsoleListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setUrl(url: string): void {
    this.about.url = url;
  }

  snapshot(): ConsoleState {
    return {
      ...this.about,
      requests: [...this.requests.values()],
      tasks: [...this.tasks.values()],
      deadLetters: [...this.deadLetters.values()],
      schedules: [...this.schedules.values()],
    };
  }

  /** A dead letter the console holds (what its resend button may send again). */
  deadLetter(id: string): DeadLetterEntry | null {
    return this.deadLetters.get(id) ?? null;
  }

  /** Output of an invocation (a container's stdout or stderr while it ran `requestId`). */
  functionOutput(requestId: string, chunk: string): void {
    const before = this.output.get(requestId) ?? '';
    const limit = this.limits.logBytes;
    if (before.length >= limit) return;
    const text = before.length + chunk.length > limit ? `${before}${chunk.slice(0, limit - before.length)}\n[… output cut at ${limit} bytes]\n` : before + chunk;
    this.output.delete(requestId);
    this.output.set(requestId, text);
    keepNewest(this.output, this.limits.requests + this.limits.tasks * 3);
    // output that arrives after its request was answered updates the entry
    const request = this.requests.get(requestId);
    if (request) {
      request.logs = text;
      this.emit({ type: 'request', entry: request });
    }
    for (const schedule of this.schedules.values()) {
      if (schedule.last?.requestId !== requestId) continue;
      schedule.last.logs = text;
      this.emit({ type: 'schedule', entry: schedule });
    }
    for (const task of this.tasks.values()) {
      const attempt = task.attempts.find((a) => a.requestId === requestId);
      if (attempt) {
        attempt.logs = text;
        this.emit({ type: 'task', entry: task });
      }
    }
  }

  request(answered: Omit<RequestEntry, 'logs' | 'at'>): void {
    const entry: RequestEntry = { ...answered, at: new Date().toISOString(), logs: this.output.get(answered.id) ?? '' };
    this.requests.set(entry.id, entry);
    keepNewest(this.requests, this.limits.requests);
    this.emit({ type: 'request', entry });
  }

  /**
   * A task attempt ended; `dispatch` identifies the queued event across its attempts, `captured`
   * is the task's record once it has one (`captureResponse`).
   */
  taskAttempt(attempt: { dispatch: string; name: string; id: string | null; attempt: number; attempts: number; outcome: InvokeOutcome; captured?: TaskRecord | null }): void {
    const key = attempt.id ?? attempt.dispatch;
    let entry = this.tasks.get(key);
    if (!entry) {
      entry = { id: key, name: attempt.name, at: new Date().toISOString(), status: 'running', attempts: [], result: null };
      this.tasks.set(key, entry);
      keepNewest(this.tasks, this.limits.tasks);
    }
    const { outcome } = attempt;
    entry.attempts.push({
      requestId: outcome.requestId,
      attempt: attempt.attempt,
      of: attempt.attempts,
      status: outcomeStatus(outcome),
      durationMs: outcome.durationMs,
      error: outcome.ok ? null : outcome.error,
      logs: this.output.get(outcome.requestId) ?? '',
    });
    if (outcome.ok) {
      entry.status = 'complete';
      entry.result = capturedValue(attempt.captured) ?? outcome.value ?? null;
    } else {
      entry.status = attempt.attempt < attempt.attempts ? 'retrying' : 'dead-lettered';
    }
    this.emit({ type: 'task', entry });
  }

  deadLettered(letter: DeadLetter): DeadLetterEntry {
    const entry: DeadLetterEntry = { id: randomUUID(), letter, resent: 0 };
    this.deadLetters.set(entry.id, entry);
    keepNewest(this.deadLetters, this.limits.deadLetters);
    this.emit({ type: 'dead-letter', entry });
    return entry;
  }

  resent(id: string): void {
    const entry = this.deadLetters.get(id);
    if (!entry) return;
    entry.resent += 1;
    this.emit({ type: 'dead-letter', entry });
  }

  /** The schedules and their next firings (after start, and after each firing). */
  scheduleState(schedules: Array<{ name: string; expression: string; next: Date | null }>): void {
    for (const { name, expression, next } of schedules) {
      const entry = this.schedules.get(name) ?? { name, expression, next: null, last: null };
      entry.expression = expression;
      entry.next = next ? next.toISOString() : null;
      this.schedules.set(name, entry);
      this.emit({ type: 'schedule', entry });
    }
  }

  scheduleFired(name: string, outcome: InvokeOutcome, next: Date | null): void {
    const entry = this.schedules.get(name);
    if (!entry) return;
    entry.next = next ? next.toISOString() : null;
    entry.last = {
      at: new Date().toISOString(),
      requestId: outcome.requestId,
      status: outcomeStatus(outcome),
      durationMs: outcome.durationMs,
      error: outcome.ok ? null : outcome.error,
      logs: this.output.get(outcome.requestId) ?? '',
    };
    this.emit({ type: 'schedule', entry });
  }

  private emit(update: ConsoleUpdate): void {
    for (const listener of this.listeners) listener(update);
  }
}

/** A line for an event sent to the function directly (`tsappa invoke --local`): its kind and source. */
export function describeInvocation(event: unknown): string {
  if (!event || typeof event !== 'object') return 'event';
  const records = (event as { Records?: unknown }).Records;
  if (Array.isArray(records) && records.length > 0) {
    const first = records[0] as Record<string, unknown>;
    const source = String(first.eventSource ?? first.EventSource ?? 'records');
    const arn = first.eventSourceARN ?? first.EventSubscriptionArn ?? (first.s3 as { bucket?: { arn?: string } } | undefined)?.bucket?.arn;
    return `${records.length} ${source} record${records.length === 1 ? '' : 's'}${typeof arn === 'string' ? ` from ${arn}` : ''}`;
  }
  const keys = Object.keys(event).slice(0, 3);
  return keys.length ? `event { ${keys.join(', ')} }` : 'event {}';
}

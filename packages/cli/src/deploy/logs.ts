/** `tsappa tail`: the function's log events, once or followed. */
import { setTimeout as delay } from 'node:timers/promises';
import { paginateFilterLogEvents, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { CliError } from '../cli/errors.js';
import type { AwsClients } from '../aws/clients.js';
import { readableJsonLogLine } from './json-log-line.js';
import { errorName } from './retry.js';

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `90s`, `10m`, `1h`, `2d`, `1w`, or an ISO date -> epoch milliseconds. */
export function parseSince(text: string, now = Date.now()): number {
  const match = /^(\d+)\s*([smhdw])$/i.exec(text.trim());
  if (match) return now - Number(match[1]) * UNITS[match[2]!.toLowerCase()]!;
  const date = Date.parse(text);
  if (Number.isNaN(date)) throw new CliError(`--since "${text}": use a duration like 10m, 1h, 2d or a date like 2026-01-31T12:00:00Z`, 2);
  return date;
}

/** CloudWatch filter pattern for plain text: quoted, so spaces and symbols match literally. */
export function filterPattern(text: string | undefined): string | undefined {
  if (!text) return undefined;
  if (/^[{[?"]/.test(text)) return text; // already a pattern
  return `"${text.replace(/"/g, '\\"')}"`;
}

export class LogGroupMissing extends CliError {
  constructor(readonly group: string) {
    super(`the log group ${group} does not exist yet: the function has not written any logs`, 1, 'invoke it (or wait for a request or a schedule) and try again');
    this.name = 'LogGroupMissing';
  }
}

/** One read of the events since `start`, every page. */
export async function readLogs(clients: AwsClients, group: string, start: number, pattern: string | undefined): Promise<FilteredLogEvent[]> {
  const logs = await clients.logs();
  const events: FilteredLogEvent[] = [];
  try {
    for await (const page of paginateFilterLogEvents({ client: logs }, { logGroupName: group, startTime: start, ...(pattern ? { filterPattern: pattern } : {}) })) {
      events.push(...(page.events ?? []));
    }
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') throw new LogGroupMissing(group);
    throw error;
  }
  return events.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
}

/** How long follow mode waits between reads: TSAPPA_LOG_POLL_MS, else 2 s. */
export function logPollMs(env: NodeJS.ProcessEnv = process.env): number {
  const ms = Number(env.TSAPPA_LOG_POLL_MS);
  return Number.isFinite(ms) && ms > 0 ? ms : 2000;
}

export interface FollowLogsOptions {
  group: string;
  start: number;
  pattern: string | undefined;
  signal: AbortSignal;
  onEvent: (event: FilteredLogEvent) => void;
  onMissing: (error: LogGroupMissing) => void;
  /** default: logPollMs() */
  pollMs?: number;
}

/**
 * How far back each read of follow mode reaches before the newest event shown: CloudWatch takes
 * events late (another stream of a concurrent invocation, a slow flush), and they would be
 * missed by reading only from the newest one. Kept short: every poll reads the window again.
 */
export const LATE_EVENT_WINDOW_MS = 15_000;

/** Polls for new events until the signal aborts; a missing group is reported once and waited for. */
export async function followLogs(clients: AwsClients, options: FollowLogsOptions): Promise<void> {
  // ids of the events already shown, by timestamp; only those inside the window can come back
  const seen = new Map<string, number>();
  let newest = options.start;
  let reportedMissing = false;
  while (!options.signal.aborted) {
    const from = Math.max(options.start, newest - LATE_EVENT_WINDOW_MS);
    try {
      for (const event of await readLogs(clients, options.group, from, options.pattern)) {
        const id = event.eventId ?? `${event.logStreamName}:${event.timestamp}:${event.message}`;
        if (seen.has(id)) continue;
        seen.set(id, event.timestamp ?? from);
        newest = Math.max(newest, event.timestamp ?? newest);
        options.onEvent(event);
      }
      const keepFrom = newest - LATE_EVENT_WINDOW_MS;
      for (const [id, timestamp] of seen) if (timestamp < keepFrom) seen.delete(id);
    } catch (error) {
      if (!(error instanceof LogGroupMissing)) throw error;
      if (!reportedMissing) options.onMissing(error);
      reportedMissing = true;
    }
    await delay(options.pollMs ?? logPollMs(), undefined, { signal: options.signal }).catch(() => {}); // aborted: the loop ends
  }
}

/** One event as `tail` prints it: a JSON log line made readable, any other line after its time. */
export function formatLogEvent(event: FilteredLogEvent): string {
  const message = (event.message ?? '').replace(/\n$/, '');
  const readable = readableJsonLogLine(message);
  if (readable !== null) return readable;
  const time = event.timestamp ? new Date(event.timestamp).toISOString() : '';
  return `${time} ${message}`;
}

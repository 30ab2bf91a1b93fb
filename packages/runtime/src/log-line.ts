/**
 * tsappa's own log lines inside Lambda, in the function's log format. With `logFormat: "JSON"`
 * Lambda sets AWS_LAMBDA_LOG_FORMAT=JSON and AWS_LAMBDA_LOG_LEVEL (the application log level):
 * each line is then one JSON object (timestamp, level, requestId, message, then the details and
 * the error's type, message and stack) written straight to stdout, so Lambda passes it through
 * as is, and a level below AWS_LAMBDA_LOG_LEVEL is not written
 * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html).
 * With Text, a line goes through console.warn / console.error, which Lambda prefixes with the
 * time, the request id and the level. Kept tiny: it loads with every cold start.
 */
import { invocationStore } from './http/invocation.js';

export type RuntimeLogLevel = 'WARN' | 'ERROR';

const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
/** Lambda's application log level when none is set */
const DEFAULT_LEVEL = 'INFO';

type Env = Record<string, string | undefined>;

/** Whether the function logs JSON (Lambda's LoggingConfig LogFormat, as Lambda passes it on). */
export function logsJson(env: Env = process.env): boolean {
  return env.AWS_LAMBDA_LOG_FORMAT === 'JSON';
}

/** Whether a line of `level` passes AWS_LAMBDA_LOG_LEVEL (INFO when unset or unknown). */
export function levelEnabled(level: RuntimeLogLevel, env: Env = process.env): boolean {
  const minimum = LEVELS.indexOf((env.AWS_LAMBDA_LOG_LEVEL ?? DEFAULT_LEVEL).toUpperCase());
  return LEVELS.indexOf(level) >= (minimum < 0 ? LEVELS.indexOf(DEFAULT_LEVEL) : minimum);
}

function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { errorType: error.name, errorMessage: error.message, stackTrace: (error.stack ?? '').split('\n') };
  return { errorMessage: String(error) };
}

/** One JSON log line (no newline). Details that cannot be serialised are left out, never thrown. */
export function jsonLogLine(level: RuntimeLogLevel, message: string, details: Record<string, unknown> = {}, requestId: string | null = null, now = new Date()): string {
  const { error, requestId: detailRequestId, ...extra } = details;
  const head = { timestamp: now.toISOString(), level, requestId: typeof detailRequestId === 'string' ? detailRequestId : requestId, message };
  const errorPart = error === undefined ? {} : errorFields(error);
  try {
    return JSON.stringify({ ...head, ...extra, ...errorPart });
  } catch {
    return JSON.stringify({ ...head, ...errorPart });
  }
}

function currentRequestId(): string | null {
  return invocationStore.getStore()?.context.awsRequestId ?? null;
}

/** Text: the details after the message, as JSON, then the error. */
function textDetails(details: Record<string, unknown> | undefined): unknown[] {
  if (!details) return [];
  const { error, ...rest } = details;
  const shown = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
  const out: unknown[] = [];
  if (Object.keys(shown).length > 0) out.push(JSON.stringify(shown));
  if (error !== undefined) out.push(error);
  return out;
}

/** Writes one of tsappa's own lines (`details.error` carries an error, `details.requestId` the request). */
export function runtimeLog(level: RuntimeLogLevel, message: string, details?: Record<string, unknown>): void {
  if (!logsJson()) {
    const write = level === 'ERROR' ? console.error : console.warn;
    write(`tsappa: ${message}`, ...textDetails(details));
    return;
  }
  if (!levelEnabled(level)) return;
  process.stdout.write(`${jsonLogLine(level, message, details, currentRequestId())}\n`);
}

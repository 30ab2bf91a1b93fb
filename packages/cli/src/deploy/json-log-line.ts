/**
 * A Lambda log line in the JSON format (`logFormat: "JSON"`), made readable for `tsappa tail`:
 * `time LEVEL requestId message key=value ...`. Application lines carry timestamp, level,
 * requestId and message (and errorType, errorMessage, stackTrace for errors); Lambda's own
 * platform lines carry time, type and record
 * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html).
 * Anything else, Text lines included, is left as it is.
 */

type JsonLine = Record<string, unknown>;

function parseObject(text: string): JsonLine | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(trimmed);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonLine) : null;
  } catch {
    return null;
  }
}

const compact = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** `key=value` for each field, values as compact JSON (strings bare). */
function fields(line: JsonLine): string {
  return Object.entries(line)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) => `${key}=${compact(value)}`)
    .join(' ');
}

function joined(parts: (string | null | undefined)[]): string {
  return parts.filter((part): part is string => typeof part === 'string' && part !== '').join(' ');
}

function applicationLine(line: JsonLine): string {
  const { timestamp, level, requestId, message, stackTrace, ...extra } = line;
  const stack = Array.isArray(stackTrace) ? stackTrace.map(String).slice(1).map((frame) => frame.trim()).join(' | ') : null;
  return joined([compact(timestamp), compact(level), typeof requestId === 'string' ? requestId : '-', message === undefined ? '' : compact(message), fields(extra), stack ? `stack=${stack}` : null]);
}

function platformLine(line: JsonLine): string {
  const { time, type, record, ...extra } = line;
  const { requestId, ...details } = typeof record === 'object' && record !== null ? (record as JsonLine) : { requestId: undefined };
  return joined([compact(time), compact(type), typeof requestId === 'string' ? requestId : null, fields(details), fields(extra)]);
}

/** The readable form of a JSON log line, or null when the line is not one. */
export function readableJsonLogLine(message: string): string | null {
  const line = parseObject(message);
  if (!line) return null;
  if (typeof line.level === 'string' && 'timestamp' in line) return applicationLine(line);
  if (typeof line.type === 'string' && 'time' in line) return platformLine(line);
  return null;
}

import { describe, expect, it } from 'vitest';
import { readableJsonLogLine } from './json-log-line.js';
import { formatLogEvent } from './logs.js';

describe('tail shows JSON log lines as readable lines', () => {
  it('an application line: time, level, request id, message, then the extra fields compact', () => {
    const line = JSON.stringify({ timestamp: '2026-03-01T09:00:00.123Z', level: 'WARN', requestId: 'abc-1', message: 'slow quote', ms: 1200, quote: { id: 7 } });
    expect(readableJsonLogLine(line)).toBe('2026-03-01T09:00:00.123Z WARN abc-1 slow quote ms=1200 quote={"id":7}');
  });

  it("an error: its type and message as fields, the stack's frames on the same line", () => {
    const line = JSON.stringify({
      timestamp: '2026-03-01T09:00:00.000Z',
      level: 'ERROR',
      requestId: 'abc-2',
      message: 'the app threw',
      errorType: 'TypeError',
      errorMessage: 'x is undefined',
      stackTrace: ['TypeError: x is undefined', '    at quote (/var/task/app.js:3:9)', '    at run (/var/task/app.js:9:1)'],
    });
    expect(readableJsonLogLine(line)).toBe(
      '2026-03-01T09:00:00.000Z ERROR abc-2 the app threw errorType=TypeError errorMessage=x is undefined stack=at quote (/var/task/app.js:3:9) | at run (/var/task/app.js:9:1)',
    );
  });

  it('a line outside any request and a message that is an object', () => {
    expect(readableJsonLogLine('{"timestamp":"2026-03-01T09:00:00.000Z","level":"INFO","message":{"event":"cold start"}}')).toBe('2026-03-01T09:00:00.000Z INFO - {"event":"cold start"}');
  });

  it("Lambda's platform lines: time, type, request id and the record", () => {
    const report = JSON.stringify({ time: '2026-03-01T09:00:01.000Z', type: 'platform.report', record: { requestId: 'abc-1', metrics: { durationMs: 12.5, billedDurationMs: 13 }, status: 'success' } });
    expect(readableJsonLogLine(report)).toBe('2026-03-01T09:00:01.000Z platform.report abc-1 metrics={"durationMs":12.5,"billedDurationMs":13} status=success');
  });

  it('leaves Text lines and other JSON as they are', () => {
    expect(readableJsonLogLine('2026-03-01T09:00:00.000Z\tabc-1\tINFO\thello')).toBeNull();
    expect(readableJsonLogLine('{"just":"data"}')).toBeNull();
    expect(readableJsonLogLine('{not json')).toBeNull();
    expect(readableJsonLogLine('[1,2]')).toBeNull();
    expect(formatLogEvent({ timestamp: Date.parse('2026-03-01T09:00:00Z'), message: 'START RequestId: abc Version: 3\n' })).toBe('2026-03-01T09:00:00.000Z START RequestId: abc Version: 3');
    expect(formatLogEvent({ timestamp: Date.parse('2026-03-01T09:00:05Z'), message: '{"timestamp":"2026-03-01T09:00:00.000Z","level":"INFO","requestId":"r","message":"hi"}\n' })).toBe(
      '2026-03-01T09:00:00.000Z INFO r hi',
    );
  });
});

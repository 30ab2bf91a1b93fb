import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runWithInvocation } from './http/invocation.js';
import { jsonLogLine, levelEnabled, logsJson, runtimeLog } from './log-line.js';

describe("tsappa's own log lines", () => {
  const saved = { format: process.env.AWS_LAMBDA_LOG_FORMAT, level: process.env.AWS_LAMBDA_LOG_LEVEL };
  let stdout: string[];
  let warn: ReturnType<typeof vi.spyOn>;
  let error: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    stdout = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(String(chunk));
      return true;
    });
    warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    error = vi.spyOn(console, 'error').mockImplementation(() => {});
  });

  afterEach(() => {
    vi.restoreAllMocks();
    for (const [key, value] of [['AWS_LAMBDA_LOG_FORMAT', saved.format], ['AWS_LAMBDA_LOG_LEVEL', saved.level]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('go through the console with the Text format (Lambda prefixes time, request id and level)', () => {
    delete process.env.AWS_LAMBDA_LOG_FORMAT;
    const failure = new Error('boom');
    runtimeLog('ERROR', 'the app threw', { requestId: 'r-1', error: failure });
    runtimeLog('WARN', 'buffered', { requestId: undefined });
    expect(error).toHaveBeenCalledWith('tsappa: the app threw', '{"requestId":"r-1"}', failure);
    expect(warn).toHaveBeenCalledWith('tsappa: buffered');
    expect(stdout).toEqual([]);
  });

  it('are one JSON object a line with the JSON format: level, message, request id, details and the error', () => {
    process.env.AWS_LAMBDA_LOG_FORMAT = 'JSON';
    runtimeLog('ERROR', 'the app threw', { requestId: 'r-1', path: '/quotes', error: new TypeError('bad') });
    expect(stdout).toHaveLength(1);
    expect(stdout[0]!.endsWith('\n')).toBe(true);
    const line = JSON.parse(stdout[0]!);
    expect(line).toMatchObject({ level: 'ERROR', requestId: 'r-1', message: 'the app threw', path: '/quotes', errorType: 'TypeError', errorMessage: 'bad' });
    expect(Date.parse(line.timestamp)).not.toBeNaN();
    expect(line.stackTrace[0]).toBe('TypeError: bad');
    expect(error).not.toHaveBeenCalled();
  });

  it('take the request id of the current invocation when the caller gives none', () => {
    process.env.AWS_LAMBDA_LOG_FORMAT = 'JSON';
    runWithInvocation({ event: {}, context: { awsRequestId: 'from-context' } }, () => runtimeLog('WARN', 'inside'));
    runtimeLog('WARN', 'outside');
    expect(stdout.map((l) => JSON.parse(l).requestId)).toEqual(['from-context', null]);
  });

  it('honour AWS_LAMBDA_LOG_LEVEL (INFO when unset or unknown)', () => {
    process.env.AWS_LAMBDA_LOG_FORMAT = 'JSON';
    process.env.AWS_LAMBDA_LOG_LEVEL = 'ERROR';
    runtimeLog('WARN', 'dropped');
    runtimeLog('ERROR', 'kept');
    expect(stdout.map((l) => JSON.parse(l).message)).toEqual(['kept']);
    expect(levelEnabled('WARN', { AWS_LAMBDA_LOG_LEVEL: 'warn' })).toBe(true);
    expect(levelEnabled('WARN', { AWS_LAMBDA_LOG_LEVEL: 'FATAL' })).toBe(false);
    expect(levelEnabled('WARN', {})).toBe(true);
    expect(levelEnabled('WARN', { AWS_LAMBDA_LOG_LEVEL: 'LOUD' })).toBe(true);
  });

  it('read the format Lambda passes on', () => {
    expect(logsJson({ AWS_LAMBDA_LOG_FORMAT: 'JSON' })).toBe(true);
    expect(logsJson({ AWS_LAMBDA_LOG_FORMAT: 'Text' })).toBe(false);
    expect(logsJson({})).toBe(false);
  });

  it('never throw on details JSON cannot hold', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const line = JSON.parse(jsonLogLine('WARN', 'odd details', { cyclic, count: 10n, error: 'plain text' }, 'r-2', new Date('2026-01-01T00:00:00Z')));
    expect(line).toEqual({ timestamp: '2026-01-01T00:00:00.000Z', level: 'WARN', requestId: 'r-2', message: 'odd details', errorMessage: 'plain text' });
  });
});

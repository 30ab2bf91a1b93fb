/** logFormat, applicationLogLevel and systemLogLevel: defaults, and what Lambda would refuse. */
import { describe, expect, it } from 'vitest';
import { SettingsError } from './errors.js';
import { resolveDev } from './__fixtures__/dev-stage.js';


async function resolve(stage: Record<string, unknown>) {
  return (await resolveDev(stage)).settings;
}

async function problems(stage: Record<string, unknown>): Promise<string[]> {
  try {
    await resolve(stage);
  } catch (error) {
    if (error instanceof SettingsError) return error.message.split('\n');
    throw error;
  }
  return [];
}

describe('structured log settings', () => {
  it('default to Text with no levels (the stack stays as it was)', async () => {
    expect(await resolve({})).toMatchObject({ logFormat: 'Text', applicationLogLevel: null, systemLogLevel: null });
  });

  it('take JSON with both levels', async () => {
    expect(await resolve({ logFormat: 'JSON', applicationLogLevel: 'DEBUG', systemLogLevel: 'WARN' })).toMatchObject({
      logFormat: 'JSON',
      applicationLogLevel: 'DEBUG',
      systemLogLevel: 'WARN',
    });
  });

  it('refuse a log level without the JSON format, naming the file, the setting and why', async () => {
    expect(await problems({ applicationLogLevel: 'DEBUG' })).toEqual([
      'tsappa.json: stage "dev": applicationLogLevel: expected "logFormat": "JSON" with a log level (Lambda accepts log levels only with the JSON format), found "logFormat": "Text"',
    ].map((line) => expect.stringContaining(line)));
    expect(await problems({ logFormat: 'Text', systemLogLevel: 'INFO' })).toEqual([expect.stringMatching(/systemLogLevel: expected "logFormat": "JSON"/)]);
  });

  it('refuse formats and levels Lambda does not know', async () => {
    expect(await problems({ logFormat: 'json' })).toEqual([expect.stringMatching(/tsappa\.json: stage "dev": logFormat: expected one of "Text", "JSON", found "json"/)]);
    expect(await problems({ logFormat: 'JSON', applicationLogLevel: 'VERBOSE' })).toEqual([expect.stringMatching(/applicationLogLevel: expected one of "TRACE", .*"FATAL"/)]);
    // the system log has no TRACE, ERROR or FATAL
    expect(await problems({ logFormat: 'JSON', systemLogLevel: 'ERROR' })).toEqual([expect.stringMatching(/systemLogLevel: expected one of "DEBUG", "INFO", "WARN", found "ERROR"/)]);
  });
});

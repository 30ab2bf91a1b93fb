import { describe, expect, it } from 'vitest';
import { fakeSettings } from '../../test/fixtures/serve-handler/support.js';
import { functionEnvironment } from './index.js';

describe("the local function's environment", () => {
  it('is the stage as deployed: its variables, its name, no AWS_LAMBDA_ value leaking from the shell', () => {
    process.env.AWS_LAMBDA_LOG_FORMAT = 'JSON';
    try {
      const env = functionEnvironment(fakeSettings({ environmentVariables: { GREETING: 'hi' } }));
      expect(env.GREETING).toBe('hi');
      expect(env.TSAPPA_STAGE).toBe(fakeSettings().stage);
      expect(env.AWS_LAMBDA_LOG_FORMAT).toBeUndefined(); // Text logs: Lambda sets no format
    } finally {
      delete process.env.AWS_LAMBDA_LOG_FORMAT;
    }
  });

  it('carries a JSON LoggingConfig as Lambda does, so the runtime writes JSON lines locally too', () => {
    expect(functionEnvironment(fakeSettings({ logFormat: 'JSON', applicationLogLevel: 'WARN' }))).toMatchObject({ AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_LOG_LEVEL: 'WARN' });
    expect(functionEnvironment(fakeSettings({ logFormat: 'JSON' }))).toMatchObject({ AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_LOG_LEVEL: 'INFO' });
  });
});

/**
 * The API stage's controls as settings: accessLogging, executionLogging, detailedMetrics and
 * throttle. Defaults a security scanner accepts, values API Gateway would refuse stopped with
 * the file, the stage and the key, and warnings for choices that leak or refuse too much.
 */
import { DEFAULT_ACCESS_LOG_FORMAT } from '@tsappa/templates';
import { describe, expect, it } from 'vitest';
import { SettingsError } from './errors.js';
import { FILE, resolveDev } from './__fixtures__/dev-stage.js';


/** The lines of the error a stage gets, or [] when it resolves. */
async function problems(stage: Record<string, unknown>): Promise<string[]> {
  try {
    await resolveDev(stage);
  } catch (error) {
    if (error instanceof SettingsError) return error.message.split('\n');
    throw error;
  }
  return [];
}

async function warnings(stage: Record<string, unknown>): Promise<string[]> {
  return (await resolveDev(stage)).warnings.map((w) => `${w.path}: ${w.message}`);
}

describe('defaults', () => {
  it('access logs in the default JSON format, ERROR execution logs, no detailed metrics, a 1,000/s stage throttle', async () => {
    const { settings, warnings: found } = await resolveDev({});
    expect(settings.accessLogging).toEqual({ format: DEFAULT_ACCESS_LOG_FORMAT });
    expect(settings.executionLogging).toBe('ERROR');
    expect(settings.detailedMetrics).toBe(false);
    expect(settings.throttle).toEqual({ rateLimit: 1000, burstLimit: 2000 });
    expect(found).toEqual([]);
  });

  it('takes each setting as written', async () => {
    const { settings } = await resolveDev({
      accessLogging: { format: '$context.requestId $context.status' },
      executionLogging: 'off',
      detailedMetrics: true,
      throttle: { rateLimit: 0.5, burstLimit: 1 },
    });
    expect(settings).toMatchObject({
      accessLogging: { format: '$context.requestId $context.status' },
      executionLogging: 'off',
      detailedMetrics: true,
      throttle: { rateLimit: 0.5, burstLimit: 1 },
    });
    expect((await resolveDev({ accessLogging: true })).settings.accessLogging).toEqual({ format: DEFAULT_ACCESS_LOG_FORMAT });
  });

  it('false turns access logging and the stage throttle off', async () => {
    const { settings } = await resolveDev({ accessLogging: false, throttle: false });
    expect(settings.accessLogging).toBe(false);
    expect(settings.throttle).toBe(false);
  });
});

describe('refused, naming the file, the stage and the key', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['a rate of 0', { throttle: { rateLimit: 0, burstLimit: 10 } }, /tsappa\.json: stage "dev": throttle\.rateLimit: expected a number > 0, found number 0/],
    ['a negative rate', { throttle: { rateLimit: -5, burstLimit: 10 } }, /throttle\.rateLimit: expected a number > 0, found number -5/],
    ['a negative burst', { throttle: { rateLimit: 5, burstLimit: -1 } }, /throttle\.burstLimit: expected a number >= 0, found number -1/],
    ['a fractional burst', { throttle: { rateLimit: 5, burstLimit: 1.5 } }, /throttle\.burstLimit: expected a whole number of requests, 0 or more/],
    ['a rate as text', { throttle: { rateLimit: '100', burstLimit: 10 } }, /throttle: expected false or \{ rateLimit: requests per second above 0, burstLimit: a whole number of requests, 0 or more \}/],
    ['a throttle without its burst', { throttle: { rateLimit: 5 } }, /throttle: expected false or \{ rateLimit: .*burstLimit: a whole number/],
    ['throttle: true', { throttle: true }, /throttle: expected false or \{ rateLimit/],
    ['an unknown throttle key', { throttle: { rateLimit: 5, burstLimit: 5, quota: 1 } }, /throttle.*quota/],
    ['an unknown execution logging level', { executionLogging: 'DEBUG' }, /executionLogging: expected one of "off", "ERROR", "INFO", found "DEBUG"/],
    ['a format without a request id', { accessLogging: { format: '$context.status' } }, /accessLogging\.format: expected the format to hold \$context\.requestId or \$context\.extendedRequestId/],
    ['a format over two lines', { accessLogging: { format: '$context.requestId\n$context.status' } }, /accessLogging\.format: expected one line/],
    ['access logging as text', { accessLogging: 'on' }, /accessLogging: expected true, false or \{ format/],
    ['detailed metrics as text', { detailedMetrics: 'yes' }, /detailedMetrics/],
  ];
  for (const [what, stage, message] of cases) {
    it(what, async () => {
      const found = await problems(stage);
      expect(found.some((line) => line.includes(FILE) || line.includes('tsappa.json')), found.join('\n')).toBe(true);
      expect(found.join('\n')).toMatch(message);
    });
  }
});

describe('warnings', () => {
  it('INFO execution logs say what they log and what they cost', async () => {
    expect(await warnings({ executionLogging: 'INFO' })).toEqual([expect.stringMatching(/^executionLogging: INFO writes API Gateway's trace of every request.*billed per GB/)]);
    expect(await warnings({ executionLogging: 'ERROR' })).toEqual([]);
  });

  it('a burst of 0 refuses every request', async () => {
    expect(await warnings({ throttle: { rateLimit: 10, burstLimit: 0 } })).toEqual([expect.stringMatching(/^throttle\.burstLimit: 0 lets no request through.*429/)]);
  });

  it('a throttle above the account quota says the quota applies first', async () => {
    expect(await warnings({ throttle: { rateLimit: 20_000, burstLimit: 100 } })).toEqual([expect.stringMatching(/^throttle: is above the account's default API Gateway quota/)]);
    expect(await warnings({ throttle: { rateLimit: 100, burstLimit: 6000 } })).toHaveLength(1);
  });

  it('the stage controls are ignored, and said to be, without an API', async () => {
    expect(await warnings({ apiGateway: false, keepWarm: false, throttle: false, executionLogging: 'INFO' })).toEqual([
      'executionLogging: is ignored without "apiGateway": true (there is no API stage)',
      'throttle: is ignored without "apiGateway": true (there is no API stage)',
    ]);
    expect(await warnings({ apiGateway: false })).toEqual([]);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsError } from './errors.js';
import { readSettingsFile } from './load-file.js';
import { resolveStage } from './resolve.js';
import { failureHandlingDefaults } from '@tsappa/templates';

const FILE = '/project/tsappa.json';
const where = { file: FILE, projectDir: '/project' };

async function resolve(contents: unknown, stage?: string) {
  return resolveStage({ ...where, contents }, stage);
}

async function problems(contents: unknown, stage?: string): Promise<string[]> {
  try {
    await resolve(contents, stage);
  } catch (error) {
    if (error instanceof SettingsError) return error.message.split('\n').map((line) => line.replace(/^.*?tsappa\.json/, 'tsappa.json'));
    throw error;
  }
  throw new Error('expected a SettingsError');
}

describe('resolveStage', () => {
  it('fills every default for a minimal stage', async () => {
    const { settings, warnings } = await resolve({ dev: { app: 'src/app.ts:app', awsRegion: 'eu-west-1', projectName: 'quote-api' } });
    expect(warnings).toEqual([]);
    expect(settings).toMatchObject({
      stage: 'dev',
      app: 'src/app.ts:app',
      awsRegion: 'eu-west-1',
      runtime: 'nodejs24.x',
      architecture: 'x86_64',
      memorySize: 512,
      timeoutSeconds: 30,
      provisionedConcurrency: 0,
      ephemeralStorage: 512,
      s3Bucket: null,
      bundle: true,
      slimHandler: false,
      apiGateway: true,
      endpointConfiguration: 'EDGE',
      binarySupport: true,
      cors: false,
      cacheClusterSize: '0.5',
      cacheClusterTtl: 300,
      keepWarm: true,
      keepWarmExpression: 'rate(4 minutes)',
      asyncSource: 'lambda',
      asyncResources: true,
      asyncResponseTable: 'quote-api-dev-tasks',
      logRetentionDays: 30,
      basePath: '',
      events: [],
    });
  });

  it('adds :default to a function reference without an export', async () => {
    const { settings } = await resolve({ dev: { app: 'app.js', awsRegion: 'us-east-1' } });
    expect(settings.app).toBe('app.js:default');
  });

  it('takes the only stage when none is named, and asks for one when there are several', async () => {
    expect((await resolve({ only: { app: 'a.js', awsRegion: 'us-east-1' } })).settings.stage).toBe('only');
    expect(await problems({ a: { app: 'a.js' }, b: { app: 'b.js' } })).toEqual([
      'tsappa.json: expected a stage argument: this file has several (a, b)',
    ]);
  });

  it('names an unknown stage with a suggestion', async () => {
    expect(await problems({ dev: { app: 'a.js', awsRegion: 'us-east-1' } }, 'dve')).toEqual([
      'tsappa.json: stage "dve": expected one of the stages in this file (dev), found no stage "dve" (did you mean "dev"?)',
    ]);
  });

  it('reports a misspelled key, a wrong type and an extends cycle, one line each', async () => {
    const lines = await problems(
      {
        dev: { app: 'src/app.ts:app', awsRegion: 'us-east-1', memorysize: 1024, timeoutSeconds: 'thirty' },
        a: { extends: 'b', app: 'x.js' },
        b: { extends: 'a' },
      },
      'dev',
    );
    expect(lines).toEqual([
      'tsappa.json: stage "dev": memorysize: unknown key (did you mean "memorySize"?)',
      'tsappa.json: stage "dev": timeoutSeconds: expected a number, found "thirty"',
      'tsappa.json: stage "a": extends: expected a chain without cycles, found the cycle "a" -> "b" -> "a"',
    ]);
  });

  it('reports ranges, enums and nested keys with what was found', async () => {
    const lines = await problems({
      dev: {
        app: 'a.js',
        awsRegion: 'us-east-1',
        memorySize: 64,
        runtime: 'nodejs18.x',
        cors: { allowOrigin: ['*'] },
        events: [{ function: 'jobs.ts:run', expression: 'every 5 minutes' }],
      },
    });
    expect(lines).toEqual([
      'tsappa.json: stage "dev": memorySize: expected a number >= 128, found number 64',
      'tsappa.json: stage "dev": runtime: expected one of "nodejs20.x", "nodejs22.x", "nodejs24.x", found "nodejs18.x"',
      'tsappa.json: stage "dev": cors.allowOrigin: unknown key (did you mean "allowOrigins"?)',
      'tsappa.json: stage "dev": events[0].expression: expected "rate(N minutes|hours|days)" or an AWS "cron(min hour day-of-month month day-of-week year)" ("every 5 minutes" is neither rate(...) nor cron(...)), found "every 5 minutes"',
    ]);
  });

  it('follows extends chains, deep-merging objects and letting null clear a key', async () => {
    const { settings } = await resolve(
      {
        base: { app: 'a.js', awsRegion: 'us-east-1', environmentVariables: { A: '1', B: '2' }, domain: 'x.example.com', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' },
        dev: { extends: 'base', memorySize: 256, environmentVariables: { B: 'two' } },
        prod: { extends: 'dev', memorySize: 1024, apiKeyRequired: true, domain: null, certificateArn: null },
      },
      'prod',
    );
    expect(settings.memorySize).toBe(1024);
    expect(settings.environmentVariables).toEqual({ A: '1', B: 'two' });
    expect(settings.apiKeyRequired).toBe(true);
    expect(settings.domain).toBeNull();
  });

  it('refuses extends of a stage that does not exist', async () => {
    expect(await problems({ dev: { extends: 'base', app: 'a.js' } })).toEqual([
      'tsappa.json: stage "dev": extends: expected the name of a stage in this file ("dev"), found "base"',
    ]);
  });

  it('requires an EDGE domain certificate in us-east-1', async () => {
    expect(
      await problems({ dev: { app: 'a.js', awsRegion: 'eu-west-1', domain: 'api.example.com', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' } }),
    ).toEqual(['tsappa.json: stage "dev": certificateArn: expected a certificate in us-east-1 for an EDGE domain, found one in eu-west-1']);
    const regional = await resolve({
      dev: { app: 'a.js', awsRegion: 'eu-west-1', endpointConfiguration: 'REGIONAL', domain: 'api.example.com', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' },
    });
    expect(regional.settings.domain).toBe('api.example.com');
  });

  it('warns when timeoutSeconds is above API Gateway 29 s', async () => {
    const { warnings } = await resolve({ dev: { app: 'a.js', awsRegion: 'us-east-1', timeoutSeconds: 60 } });
    expect(warnings).toEqual([
      { file: FILE, stage: 'dev', path: 'timeoutSeconds', message: expect.stringMatching(/^60 s is above API Gateway's 29 s/) },
    ]);
    const noApi = await resolve({ dev: { app: 'a.js', awsRegion: 'us-east-1', timeoutSeconds: 60, apiGateway: false } });
    expect(noApi.warnings).toEqual([]);
  });

  it('takes provisionedConcurrency as a whole number of environments', async () => {
    const { settings } = await resolve({ dev: { app: 'a.js', awsRegion: 'us-east-1', provisionedConcurrency: 2 } });
    expect(settings.provisionedConcurrency).toBe(2);
    expect(await problems({ dev: { app: 'a.js', awsRegion: 'us-east-1', provisionedConcurrency: 1.5 } })).toEqual([
      'tsappa.json: stage "dev": provisionedConcurrency: expected a whole number, found number 1.5',
    ]);
  });

  it('warns that nodejs20.x can no longer take new functions', async () => {
    const { warnings } = await resolve({ dev: { app: 'a.js', awsRegion: 'us-east-1', runtime: 'nodejs20.x' } });
    expect(warnings.map((w) => w.path)).toEqual(['runtime']);
  });

  it('requires exactly one of authorizer.function and authorizer.arn', async () => {
    expect(await problems({ dev: { app: 'a.js', awsRegion: 'us-east-1', authorizer: { type: 'TOKEN' } } })).toEqual([
      'tsappa.json: stage "dev": authorizer: expected exactly one of "function" and "arn", found neither',
    ]);
    expect(
      await problems({ dev: { app: 'a.js', awsRegion: 'us-east-1', authorizer: { function: 'auth.ts:check', arn: 'arn:aws:lambda:us-east-1:123456789012:function:x' } } }),
    ).toEqual(['tsappa.json: stage "dev": authorizer: expected exactly one of "function" and "arn", found both']);
    const { settings } = await resolve({ dev: { app: 'a.js', awsRegion: 'us-east-1', authorizer: { function: 'auth.ts:check' } } });
    expect(settings.authorizer).toEqual({
      function: 'auth.ts:check',
      arn: null,
      type: 'TOKEN',
      resultTtl: 300,
      tokenHeader: 'Authorization',
      validationExpression: null,
      identitySources: ['method.request.header.Authorization'],
    });
  });

  it('requires app', async () => {
    expect(await problems({ dev: { awsRegion: 'us-east-1' } })).toEqual([
      'tsappa.json: stage "dev": app: expected the web app as "path/to/module.ts:exportName", found nothing (it is required)',
    ]);
  });

  it('resolves schedule and event-source events', async () => {
    const { settings } = await resolve({
      dev: {
        app: 'a.js',
        awsRegion: 'us-east-1',
        events: [
          { function: 'src/schedulers.ts:setQuoteOfTheDay', expression: 'cron(0 12 * * ? *)' },
          { function: 'src/queue.ts:consume', eventSource: { arn: 'arn:aws:sqs:us-east-1:123456789012:jobs', batchSize: 5 } },
          { function: 'src/stream.ts', eventSource: { arn: 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2020' } },
        ],
      },
    });
    expect(settings.events).toEqual([
      {
        kind: 'schedule',
        function: 'src/schedulers.ts:setQuoteOfTheDay',
        expression: 'cron(0 12 * * ? *)',
        name: 'schedulers-setQuoteOfTheDay',
        enabled: true,
        timezone: null,
        flexibleWindow: null,
        startDate: null,
        endDate: null,
      },
      { kind: 'source', function: 'src/queue.ts:consume', service: 'sqs', eventSource: { arn: 'arn:aws:sqs:us-east-1:123456789012:jobs', events: [], batchSize: 5, startingPosition: null, filterPatterns: [], ...failureHandlingDefaults('sqs') } },
      {
        kind: 'source',
        function: 'src/stream.ts:default',
        service: 'dynamodb',
        eventSource: {
          arn: 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2020',
          events: [],
          batchSize: null,
          startingPosition: 'TRIM_HORIZON',
          filterPatterns: [],
          // a stream never retries forever by default
          maximumRetryAttempts: 3,
          bisectBatchOnFunctionError: true,
          maximumRecordAgeInSeconds: null,
          onFailure: 'queue',
          reportBatchItemFailures: true,
        },
      },
    ]);
  });

  it('refuses a wildcard action in extraPolicies and oversized environments', async () => {
    const lines = await problems({
      dev: {
        app: 'a.js',
        awsRegion: 'us-east-1',
        extraPolicies: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
        environmentVariables: { BIG: 'x'.repeat(5000) },
      },
    });
    expect(lines).toEqual([
      'tsappa.json: stage "dev": extraPolicies[0].Action: expected specific actions, found "*" (least privilege)',
      'tsappa.json: stage "dev": environmentVariables: expected at most 4 KB in total (Lambda\'s limit), found 5003 bytes: move big values to "remoteEnv"',
    ]);
  });

  it('says where settings go when a setting is at the top level', async () => {
    expect(await problems({ app: 'a.js' })).toEqual([
      'tsappa.json: app: expected a stage name at the top level, found the setting "app": put settings inside a stage such as "dev"',
    ]);
  });
});

describe('readSettingsFile', () => {
  function project(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'tsappa-settings-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  }

  it('finds tsappa.json', async () => {
    const dir = project({ 'tsappa.json': JSON.stringify({ dev: { app: 'a.js' } }) });
    const file = await readSettingsFile({ cwd: dir });
    expect(file.file).toBe(join(dir, 'tsappa.json'));
    expect(file.contents).toEqual({ dev: { app: 'a.js' } });
  });

  it('finds the tsappa key of package.json', async () => {
    const dir = project({ 'package.json': JSON.stringify({ name: 'x', tsappa: { dev: { app: 'a.js' } } }) });
    expect((await readSettingsFile({ cwd: dir })).contents).toEqual({ dev: { app: 'a.js' } });
  });

  it('loads a typed tsappa.config.ts', async () => {
    const dir = project({
      'tsappa.config.ts': "const memory: number = 1024;\nexport default { dev: { app: 'src/app.ts:app', memorySize: memory } };\n",
    });
    expect((await readSettingsFile({ cwd: dir })).contents).toEqual({ dev: { app: 'src/app.ts:app', memorySize: 1024 } });
  });

  it('loads an explicit --config path', async () => {
    const dir = project({ 'other.json': JSON.stringify({ prod: { app: 'b.js' } }) });
    expect((await readSettingsFile({ cwd: dir, configPath: 'other.json' })).contents).toEqual({ prod: { app: 'b.js' } });
  });

  it('names the file when JSON is broken or missing', async () => {
    const dir = project({ 'tsappa.json': '{ "dev": ' });
    await expect(readSettingsFile({ cwd: dir })).rejects.toThrow(/tsappa\.json: expected JSON, found a syntax error/);
    await expect(readSettingsFile({ cwd: dir, configPath: 'nope.json' })).rejects.toThrow(/nope\.json: expected a settings file here/);
  });
});

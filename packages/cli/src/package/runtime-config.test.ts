import { describe, expect, it } from 'vitest';
import { resolveSettingsObject } from '../settings/index.js';
import { toRuntimeConfig } from './runtime-config.js';

const where = { configFile: '/p/tsappa.json', projectDir: '/p' };

describe('toRuntimeConfig', () => {
  it('carries what the runtime needs from the settings, cors included', async () => {
    const settings = await resolveSettingsObject(
      {
        dev: {
          app: 'src/app.ts:app',
          awsRegion: 'us-east-1',
          projectName: 'quote-api',
          cors: { allowOrigins: ['https://app.example.com'] },
          exceptionHandler: 'src/errors.ts:report',
          authorizer: { function: 'src/auth.ts:check' },
          events: [{ function: 'src/queue.ts:consume', eventSource: { arn: 'arn:aws:sqs:us-east-1:123456789012:jobs' } }],
        },
      },
      'dev',
      where,
    );
    const config = toRuntimeConfig(settings);
    expect(config).toMatchObject({
      stage: 'dev',
      projectName: 'quote-api',
      exceptionHandler: 'src/errors.ts:report',
      authorizer: 'src/auth.ts:check',
      eventSources: { 'arn:aws:sqs:us-east-1:123456789012:jobs': 'src/queue.ts:consume' },
      http: { basePath: '', binarySupport: true, responseStreaming: false, cors: { allowOrigins: ['https://app.example.com'], allowCredentials: false } },
    });
  });

  it('names the app module, its export and appType, so the runtime can serve a module that only listens', async () => {
    const nest = await resolveSettingsObject({ dev: { app: 'src/main.ts', awsRegion: 'us-east-1' } }, 'dev', where);
    expect(toRuntimeConfig(nest).app).toEqual({ module: 'src/main.ts', export: 'default', type: 'auto' });
    const plugin = await resolveSettingsObject({ dev: { app: 'app.js:default', appType: 'fastify-plugin', awsRegion: 'us-east-1' } }, 'dev', where);
    expect(toRuntimeConfig(plugin).app).toEqual({ module: 'app.js', export: 'default', type: 'fastify-plugin' });
  });

  it('has no cors without the setting', async () => {
    const settings = await resolveSettingsObject({ dev: { app: 'a.js', awsRegion: 'us-east-1' } }, 'dev', where);
    expect(toRuntimeConfig(settings).http.cors).toBeNull();
  });
});

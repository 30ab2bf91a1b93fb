import { describe, expect, it } from 'vitest';
import { render, resource } from './__fixtures__/template.js';

const fn = (t: ReturnType<typeof render>) => resource(t, 'Function').Properties;
const versionDescription = (t: ReturnType<typeof render>) => resource(t, 'FunctionVersion').Properties.Description as string;

describe('function LoggingConfig', () => {
  it('has none with the default Text format, so existing stacks stay unchanged', () => {
    expect(fn(render())).not.toHaveProperty('LoggingConfig');
  });

  it('asks Lambda for JSON lines in the stage log group', () => {
    expect(fn(render({ logFormat: 'JSON' })).LoggingConfig).toEqual({ LogFormat: 'JSON', LogGroup: '/aws/lambda/quote-api-dev' });
  });

  it('passes the application and system log levels', () => {
    const config = fn(render({ logFormat: 'JSON', applicationLogLevel: 'DEBUG', systemLogLevel: 'WARN' })).LoggingConfig;
    expect(config).toEqual({ LogFormat: 'JSON', LogGroup: '/aws/lambda/quote-api-dev', ApplicationLogLevel: 'DEBUG', SystemLogLevel: 'WARN' });
  });

  it('names the log group even when it exists outside the stack', () => {
    const t = render({ logFormat: 'JSON' }, { existingLogGroup: true });
    expect(t.Resources).not.toHaveProperty('FunctionLogGroup');
    expect(fn(t).LoggingConfig.LogGroup).toBe('/aws/lambda/quote-api-dev');
  });

  it('publishes a new version when the format changes (a version freezes its logging configuration)', () => {
    expect(versionDescription(render({ logFormat: 'JSON' }))).not.toBe(versionDescription(render()));
    expect(versionDescription(render({ logFormat: 'JSON', applicationLogLevel: 'ERROR' }))).not.toBe(versionDescription(render({ logFormat: 'JSON' })));
  });
});

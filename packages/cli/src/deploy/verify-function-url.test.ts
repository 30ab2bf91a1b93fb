import type { LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import type { ResolvedSettings } from '@tsappa/templates';
import { defaultSettings } from '../../test/settings.js';
import { apiTypeLine } from './verify-api-type.js';
import { expectedFunctionUrl, functionUrlDifferences, verifyFunctionUrl } from './verify-function-url.js';

const settings = (overrides: Partial<ResolvedSettings> = {}) => defaultSettings('/tmp/app', { projectName: 'app', apiType: 'url', ...overrides });
const LIVE = 'arn:aws:lambda:us-east-1:123456789012:function:app-dev:live';

describe('the Function URL of live', () => {
  it('asks AWS_IAM with iamAuthorization, NONE otherwise; RESPONSE_STREAM with responseStreaming, BUFFERED otherwise', () => {
    expect(expectedFunctionUrl(settings(), 'app-dev')).toEqual({ functionName: 'app-dev', authType: 'NONE', invokeMode: 'BUFFERED' });
    expect(expectedFunctionUrl(settings({ iamAuthorization: true, responseStreaming: true }), 'app-dev')).toEqual({ functionName: 'app-dev', authType: 'AWS_IAM', invokeMode: 'RESPONSE_STREAM' });
  });

  it('accepts the URL the settings ask for; Lambda omitting InvokeMode means BUFFERED', () => {
    const iam = expectedFunctionUrl(settings({ iamAuthorization: true }), 'app-dev');
    expect(functionUrlDifferences({ AuthType: 'AWS_IAM', InvokeMode: 'BUFFERED', FunctionArn: LIVE }, iam)).toEqual([]);
    expect(functionUrlDifferences({ AuthType: 'AWS_IAM', FunctionArn: LIVE }, iam)).toEqual([]);
  });

  it('names a URL opened to unsigned callers, a mode that does not stream, another target, and a missing URL', () => {
    const iam = expectedFunctionUrl(settings({ iamAuthorization: true, responseStreaming: true }), 'app-dev');
    expect(functionUrlDifferences({ AuthType: 'NONE', InvokeMode: 'BUFFERED', FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:app-dev' }, iam)).toEqual([
      'Function URL of live: AuthType NONE instead of AWS_IAM (anyone may call it unsigned)',
      'Function URL of live: InvokeMode BUFFERED instead of RESPONSE_STREAM',
      'Function URL of live: belongs to arn:aws:lambda:us-east-1:123456789012:function:app-dev instead of the live alias',
    ]);
    expect(functionUrlDifferences(null, iam)).toEqual(['Function URL of live: missing (nothing is served)']);
  });

  it('reads the URL of the live alias, and reports it missing when Lambda has none', async () => {
    const asked: unknown[] = [];
    const lambda = (found: boolean) =>
      ({
        send: async (command: { input: unknown }) => {
          asked.push(command.input);
          if (!found) throw Object.assign(new Error('The resource you requested does not exist.'), { name: 'ResourceNotFoundException' });
          return { FunctionUrl: 'https://abc.lambda-url.us-east-1.on.aws/', AuthType: 'NONE', InvokeMode: 'BUFFERED', FunctionArn: LIVE };
        },
      }) as unknown as LambdaClient;
    const read = await verifyFunctionUrl(lambda(true), expectedFunctionUrl(settings(), 'app-dev'));
    expect(read).toEqual({ url: 'https://abc.lambda-url.us-east-1.on.aws/', authType: 'NONE', invokeMode: 'BUFFERED', differences: [] });
    expect(asked).toEqual([{ FunctionName: 'app-dev', Qualifier: 'live' }]);
    expect(apiTypeLine({ httpApi: null, functionUrl: read })).toBe('; Function URL NONE BUFFERED');
    expect((await verifyFunctionUrl(lambda(false), expectedFunctionUrl(settings(), 'app-dev'))).differences).toEqual(['Function URL of live: missing (nothing is served)']);
  });
});

import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { describe, expect, it } from 'vitest';
import type { ResolvedSettings } from '@tsappa/templates';
import { defaultSettings } from '../../test/settings.js';
import { expectedApi, methodDifferences, verifyApi, type ExpectedApi, type ServedMethod } from './verify-api.js';

const testSettings = (overrides: Partial<ResolvedSettings> = {}) => defaultSettings('/tmp/app', { projectName: 'app', ...overrides });
const IDS = { restApiId: 'api1', deploymentId: 'dep2', functionName: 'app-dev' };
const LIVE_URI = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:app-dev:live/invocations';
const CORS = { allowOrigins: ['https://app.example.com'], allowHeaders: [], allowMethods: [], allowCredentials: false, maxAge: null };

const method = (path: string, httpMethod: string, overrides: Partial<ServedMethod> = {}): ServedMethod => ({
  path,
  httpMethod,
  authorizationType: 'NONE',
  apiKeyRequired: false,
  authorizer: null,
  integration: httpMethod === 'OPTIONS' ? 'MOCK' : 'AWS_PROXY',
  uri: httpMethod === 'OPTIONS' ? null : LIVE_URI,
  transferMode: 'BUFFERED',
  ...overrides,
});
const app = (overrides: Partial<ServedMethod> = {}) => [method('/', 'ANY', overrides), method('/{proxy+}', 'ANY', overrides)];
const preflights = (overrides: Partial<ServedMethod> = {}) => [method('/', 'OPTIONS', overrides), method('/{proxy+}', 'OPTIONS', overrides)];

describe('what the settings ask of the API', () => {
  it('NONE without protection, AWS_IAM with iamAuthorization, CUSTOM with the stage authorizer, the API key as set', () => {
    expect(expectedApi(testSettings(), IDS)).toMatchObject({ authorizationType: 'NONE', apiKeyRequired: false, authorizer: null, preflight: false });
    expect(expectedApi(testSettings({ iamAuthorization: true, cors: CORS }), IDS)).toMatchObject({ authorizationType: 'AWS_IAM', preflight: true });
    expect(expectedApi(testSettings({ apiKeyRequired: true }), IDS)).toMatchObject({ authorizationType: 'NONE', apiKeyRequired: true, preflight: false });
    const authorizer = { function: 'src/auth.ts:authorize', arn: null, type: 'TOKEN' as const, resultTtl: 300, tokenHeader: 'Authorization', validationExpression: null, identitySources: [] };
    expect(expectedApi(testSettings({ authorizer }), IDS)).toMatchObject({ authorizationType: 'CUSTOM', authorizer: { name: 'app-dev-authorizer', type: 'TOKEN' } });
    // an open stage with cors sends OPTIONS through ANY: no OPTIONS method of its own
    expect(expectedApi(testSettings({ cors: CORS }), IDS).preflight).toBe(false);
  });
});

describe('comparing the served methods', () => {
  const iam: ExpectedApi = { ...expectedApi(testSettings({ iamAuthorization: true, cors: CORS }), IDS) };

  it('accepts the methods the settings ask for', () => {
    expect(methodDifferences(app(), expectedApi(testSettings(), IDS))).toEqual([]);
    expect(methodDifferences([...app({ authorizationType: 'AWS_IAM' }), ...preflights()], iam)).toEqual([]);
  });

  it('names each method whose authorization or API key is not the one asked for', () => {
    const served = [method('/', 'ANY'), method('/{proxy+}', 'ANY', { authorizationType: 'AWS_IAM' }), ...preflights()];
    expect(methodDifferences(served, iam)).toEqual(['ANY /: authorization NONE instead of AWS_IAM']);
    const keyed = expectedApi(testSettings({ apiKeyRequired: true }), IDS);
    expect(methodDifferences(app(), keyed)).toEqual(['ANY /: API key not required instead of required', 'ANY /{proxy+}: API key not required instead of required']);
  });

  it('refuses an OPTIONS method without auth that reaches the function where IAM auth is on', () => {
    const served = [...app({ authorizationType: 'AWS_IAM' }), method('/', 'OPTIONS', { integration: 'AWS_PROXY' }), method('/{proxy+}', 'OPTIONS')];
    expect(methodDifferences(served, iam)).toEqual(['OPTIONS /: integration AWS_PROXY instead of MOCK: an unauthenticated OPTIONS would reach the function']);
  });

  it('refuses a leftover OPTIONS method and any method the settings did not declare', () => {
    const served = [...app({ authorizationType: 'AWS_IAM' }), method('/', 'OPTIONS'), method('/admin', 'GET')];
    const noCors = expectedApi(testSettings({ iamAuthorization: true }), IDS);
    expect(methodDifferences(served, noCors)).toEqual([
      'OPTIONS /: not asked for by the settings (a protected stage without cors)',
      'GET /admin: not asked for by the settings (an unauthenticated way in)',
    ]);
  });

  it("leaves alone the methods the stage's own resources declare, off the app's paths", () => {
    const resources = { AdminMethod: { Type: 'AWS::ApiGateway::Method', Properties: {} } };
    const expected = expectedApi(testSettings({ iamAuthorization: true, resources }), IDS);
    expect(methodDifferences([...app({ authorizationType: 'AWS_IAM' }), method('/admin', 'GET', { authorizationType: 'AWS_IAM' })], expected)).toEqual([]);
    // but never on / and /{proxy+}
    expect(methodDifferences([...app({ authorizationType: 'AWS_IAM' }), method('/', 'GET')], expected)).toEqual(['GET /: not asked for by the settings (an unauthenticated way in)']);
  });

  it('says which preflight is missing on a protected stage with cors', () => {
    expect(methodDifferences([...app({ authorizationType: 'AWS_IAM' }), method('/', 'OPTIONS')], iam)).toEqual([
      'OPTIONS /{proxy+}: missing (a protected stage with cors answers preflights itself)',
    ]);
  });

  it('checks that CUSTOM methods use the stage authorizer', () => {
    const authorizer = { function: null, arn: 'arn:aws:lambda:us-east-1:123456789012:function:auth', type: 'REQUEST' as const, resultTtl: 0, tokenHeader: 'Authorization', validationExpression: null, identitySources: [] };
    const expected = expectedApi(testSettings({ authorizer }), IDS);
    expect(methodDifferences(app({ authorizationType: 'CUSTOM', authorizer: 'app-dev-authorizer' }), expected)).toEqual([]);
    expect(methodDifferences(app({ authorizationType: 'CUSTOM', authorizer: 'someone-else' }), expected)).toEqual([
      'ANY /: authorizer someone-else instead of app-dev-authorizer',
      'ANY /{proxy+}: authorizer someone-else instead of app-dev-authorizer',
    ]);
  });
});

describe('what each ANY invokes', () => {
  const STREAM_URI = 'arn:aws:apigateway:us-east-1:lambda:path/2021-11-15/functions/arn:aws:lambda:us-east-1:123456789012:function:app-dev:live/response-streaming-invocations';
  const streaming = expectedApi(testSettings({ responseStreaming: true }), IDS);

  it('accepts the function\'s live alias, buffered, or streamed with responseStreaming', () => {
    expect(methodDifferences(app(), expectedApi(testSettings(), IDS))).toEqual([]);
    expect(methodDifferences(app({ uri: STREAM_URI, transferMode: 'STREAM' }), streaming)).toEqual([]);
  });

  it('names an integration that goes around live: $LATEST, a version, the bare function, another function', () => {
    const around = ['app-dev', 'app-dev:$LATEST', 'app-dev:7', 'other-dev:live', 'app-dev-x:live'].map((target) => LIVE_URI.replace('app-dev:live', target));
    for (const uri of around) {
      expect(methodDifferences([method('/', 'ANY', { uri }), method('/{proxy+}', 'ANY')], expectedApi(testSettings(), IDS))).toEqual([
        `ANY /: invokes ${uri} instead of app-dev:live/invocations`,
      ]);
    }
  });

  it('names a transfer mode or an invocation other than responseStreaming asks, either way', () => {
    expect(methodDifferences(app(), streaming)).toEqual([
      `ANY /: invokes ${LIVE_URI} instead of app-dev:live/response-streaming-invocations`,
      'ANY /: response transfer mode BUFFERED instead of STREAM',
      `ANY /{proxy+}: invokes ${LIVE_URI} instead of app-dev:live/response-streaming-invocations`,
      'ANY /{proxy+}: response transfer mode BUFFERED instead of STREAM',
    ]);
    expect(methodDifferences(app({ transferMode: 'STREAM' }), expectedApi(testSettings(), IDS))).toEqual([
      'ANY /: response transfer mode STREAM instead of BUFFERED',
      'ANY /{proxy+}: response transfer mode STREAM instead of BUFFERED',
    ]);
  });

  it('names an ANY that is not a Lambda proxy integration', () => {
    expect(methodDifferences([method('/', 'ANY', { integration: 'MOCK', uri: null }), method('/{proxy+}', 'ANY')], expectedApi(testSettings(), IDS))).toEqual(['ANY /: integration MOCK instead of AWS_PROXY']);
  });
});

describe('reading the API', () => {
  function fakeApiGateway(deploymentId: string) {
    const calls: string[] = [];
    const resources = [
      { id: 'root', path: '/', resourceMethods: { ANY: {} } },
      { id: 'proxy', path: '/{proxy+}', resourceMethods: { ANY: {} } },
    ];
    const client = {
      send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
        const name = command.constructor.name.replace(/Command$/, '');
        calls.push(name);
        if (name === 'GetStage') return { deploymentId };
        if (name === 'GetResources') return { items: resources };
        if (name === 'GetMethod') return { authorizationType: 'CUSTOM', authorizerId: 'az1', apiKeyRequired: false, methodIntegration: { type: 'AWS_PROXY', uri: LIVE_URI } };
        if (name === 'GetAuthorizer') return { id: 'az1', name: 'app-dev-authorizer' };
        throw new Error(`unexpected ${name}`);
      },
    };
    return { client: client as unknown as APIGatewayClient, calls };
  }
  const authorizer = { function: 'src/auth.ts:authorize', arn: null, type: 'TOKEN' as const, resultTtl: 300, tokenHeader: 'Authorization', validationExpression: null, identitySources: [] };

  it('reads the stage, each method and its authorizer once', async () => {
    const { client, calls } = fakeApiGateway('dep2');
    const read = await verifyApi(client, expectedApi(testSettings({ authorizer }), IDS));
    expect(read.differences).toEqual([]);
    expect(read.methods.map((m) => `${m.httpMethod} ${m.path} ${m.authorizationType} ${m.authorizer} ${m.transferMode}`)).toEqual(['ANY / CUSTOM app-dev-authorizer BUFFERED', 'ANY /{proxy+} CUSTOM app-dev-authorizer BUFFERED']);
    expect(calls).toEqual(['GetStage', 'GetResources', 'GetMethod', 'GetAuthorizer', 'GetMethod']);
  });

  it('reports a stage that serves another deployment than the stack created', async () => {
    const { client } = fakeApiGateway('dep1');
    const read = await verifyApi(client, expectedApi(testSettings({ authorizer }), IDS));
    expect(read.differences).toEqual(["API stage dev serves deployment dep1 instead of dep2, the stack's"]);
  });
});

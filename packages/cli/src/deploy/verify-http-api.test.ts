import type { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { describe, expect, it } from 'vitest';
import type { ResolvedSettings } from '@tsappa/templates';
import { defaultSettings } from '../../test/settings.js';
import { apiTypeLine } from './verify-api-type.js';
import { expectedHttpApi, routeDifferences, targetsLiveAlias, verifyHttpApi, type ServedRoute } from './verify-http-api.js';

const settings = (overrides: Partial<ResolvedSettings> = {}) => defaultSettings('/tmp/app', { projectName: 'app', apiType: 'http', ...overrides });
const IDS = { apiId: 'api1', functionName: 'app-dev' };
const LIVE = 'arn:aws:lambda:us-east-1:123456789012:function:app-dev:live';
const CORS = { allowOrigins: ['https://app.example.com'], allowHeaders: [], allowMethods: [], allowCredentials: false, maxAge: null };
const AUTHORIZER = { function: 'src/auth.ts:authorize', arn: null, type: 'REQUEST' as const, resultTtl: 0, tokenHeader: 'Authorization', validationExpression: null, identitySources: [] };
const JWT = { issuer: 'https://issuer.example.com', audience: ['api'] };

const route = (routeKey: string, overrides: Partial<ServedRoute> = {}): ServedRoute => ({
  routeKey,
  authorizationType: 'NONE',
  authorizer: null,
  integration: { type: 'AWS_PROXY', uri: LIVE, payloadFormatVersion: '2.0' },
  ...overrides,
});

describe('what the settings ask of the HTTP API', () => {
  it('NONE when open, AWS_IAM, CUSTOM with the stage authorizer, JWT with its issuer and audiences; preflights only on a protected stage with cors', () => {
    expect(expectedHttpApi(settings(), IDS)).toMatchObject({ authorizationType: 'NONE', authorizer: null, preflight: false });
    expect(expectedHttpApi(settings({ cors: CORS }), IDS).preflight).toBe(false);
    expect(expectedHttpApi(settings({ iamAuthorization: true, cors: CORS }), IDS)).toMatchObject({ authorizationType: 'AWS_IAM', preflight: true });
    expect(expectedHttpApi(settings({ authorizer: AUTHORIZER }), IDS)).toMatchObject({ authorizationType: 'CUSTOM', authorizer: { name: 'app-dev-authorizer', type: 'REQUEST' }, preflight: false });
    expect(expectedHttpApi(settings({ jwtAuthorizer: JWT }), IDS)).toMatchObject({ authorizationType: 'JWT', authorizer: { name: 'app-dev-authorizer', type: 'JWT', issuer: JWT.issuer, audience: ['api'] } });
  });

  it('knows the live alias in an integration URI, as an ARN or an invocation path, and nothing else', () => {
    expect(targetsLiveAlias(LIVE, 'app-dev')).toBe(true);
    expect(targetsLiveAlias(`arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${LIVE}/invocations`, 'app-dev')).toBe(true);
    expect(targetsLiveAlias('arn:aws:lambda:us-east-1:123456789012:function:app-dev', 'app-dev')).toBe(false);
    expect(targetsLiveAlias('arn:aws:lambda:us-east-1:123456789012:function:app-dev:$LATEST', 'app-dev')).toBe(false);
    expect(targetsLiveAlias('arn:aws:lambda:us-east-1:123456789012:function:app-dev-other:live', 'app-dev')).toBe(false);
  });
});

describe('comparing the served routes', () => {
  const iam = expectedHttpApi(settings({ iamAuthorization: true, cors: CORS }), IDS);

  it('accepts the routes the settings ask for', () => {
    expect(routeDifferences([route('$default')], expectedHttpApi(settings(), IDS))).toEqual([]);
    expect(routeDifferences([route('$default', { authorizationType: 'AWS_IAM' }), route('OPTIONS /'), route('OPTIONS /{proxy+}')], iam)).toEqual([]);
    const jwt = expectedHttpApi(settings({ jwtAuthorizer: JWT }), IDS);
    expect(routeDifferences([route('$default', { authorizationType: 'JWT', authorizer: 'app-dev-authorizer' })], jwt)).toEqual([]);
  });

  it('names the $default route whose authorization was opened, or whose authorizer is not the stage one', () => {
    expect(routeDifferences([route('$default'), route('OPTIONS /'), route('OPTIONS /{proxy+}')], iam)).toEqual(['route $default: authorization NONE instead of AWS_IAM']);
    const custom = expectedHttpApi(settings({ authorizer: AUTHORIZER }), IDS);
    expect(routeDifferences([route('$default', { authorizationType: 'CUSTOM', authorizer: 'someone-else' })], custom)).toEqual(['route $default: authorizer someone-else instead of app-dev-authorizer']);
  });

  it('names a missing $default route or preflight route, and a preflight route that asks for credentials', () => {
    expect(routeDifferences([], expectedHttpApi(settings(), IDS))).toEqual(['route $default: missing']);
    expect(routeDifferences([route('$default', { authorizationType: 'AWS_IAM' }), route('OPTIONS /', { authorizationType: 'AWS_IAM' })], iam)).toEqual([
      "route OPTIONS /{proxy+}: missing (a protected stage with cors lets browsers' preflights through)",
      "route OPTIONS /: authorization AWS_IAM instead of NONE: browsers' preflights would be refused",
    ]);
  });

  it('refuses any route the settings did not ask for, calling an open one on a protected stage a way in', () => {
    const noCors = expectedHttpApi(settings({ iamAuthorization: true }), IDS);
    expect(routeDifferences([route('$default', { authorizationType: 'AWS_IAM' }), route('OPTIONS /'), route('GET /admin')], noCors)).toEqual([
      'route OPTIONS /: not asked for by the settings (a protected stage without cors)',
      'route GET /admin: not asked for by the settings (an unauthenticated way in)',
    ]);
    const own = expectedHttpApi(settings({ resources: { Extra: { Type: 'AWS::ApiGatewayV2::Route', Properties: {} } } }), IDS);
    expect(routeDifferences([route('$default'), route('GET /extra')], own)).toEqual([]);
  });

  it('names an integration that is not AWS_PROXY to live in payload 2.0', () => {
    const open = expectedHttpApi(settings(), IDS);
    expect(routeDifferences([route('$default', { integration: { type: 'HTTP_PROXY', uri: 'https://elsewhere.example.com', payloadFormatVersion: '1.0' } })], open)).toEqual([
      'route $default: integration HTTP_PROXY instead of AWS_PROXY',
      'route $default: integration https://elsewhere.example.com instead of the live alias of app-dev',
      'route $default: payload format 1.0 instead of 2.0',
    ]);
    expect(routeDifferences([route('$default', { integration: null })], open)).toEqual(['route $default: no integration (it answers nothing)']);
  });
});

describe('reading the HTTP API back', () => {
  /** API Gateway v2 holding one API: its stage, routes (two pages), authorizer and integration */
  const v2 = (state: { stage?: { AutoDeploy: boolean } | null; jwt?: { Issuer: string; Audience: string[] } }) => {
    const sent: string[] = [];
    const client = {
      send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
        const name = command.constructor.name.replace(/Command$/, '');
        sent.push(name);
        if (name === 'GetStage') {
          if (!state.stage) throw Object.assign(new Error('Invalid stage identifier specified'), { name: 'NotFoundException' });
          return { StageName: '$default', ...state.stage };
        }
        if (name === 'GetRoutes') {
          return command.input.NextToken
            ? { Items: [{ RouteKey: 'OPTIONS /', AuthorizationType: 'NONE', Target: 'integrations/i1' }] }
            : { Items: [{ RouteKey: '$default', AuthorizationType: 'JWT', AuthorizerId: 'a1', Target: 'integrations/i1' }], NextToken: 'page2' };
        }
        if (name === 'GetAuthorizer') return { Name: 'app-dev-authorizer', AuthorizerType: 'JWT', JwtConfiguration: state.jwt ?? { Issuer: JWT.issuer, Audience: JWT.audience } };
        if (name === 'GetIntegration') return { IntegrationType: 'AWS_PROXY', IntegrationUri: LIVE, PayloadFormatVersion: '2.0' };
        throw new Error(`unexpected ${name}`);
      },
    };
    return { client: client as unknown as ApiGatewayV2Client, sent };
  };
  const jwtCors = expectedHttpApi(settings({ jwtAuthorizer: JWT, cors: CORS }), IDS);

  it('reads every page of routes, each authorizer and integration once, and the auto-deployed $default stage', async () => {
    const { client, sent } = v2({ stage: { AutoDeploy: true } });
    const read = await verifyHttpApi(client, jwtCors);
    expect(read.differences).toEqual(["route OPTIONS /{proxy+}: missing (a protected stage with cors lets browsers' preflights through)"]);
    expect(read.stage).toEqual({ name: '$default', autoDeploy: true });
    expect(read.routes.map((r) => [r.routeKey, r.authorizationType, r.authorizer])).toEqual([
      ['$default', 'JWT', 'app-dev-authorizer'],
      ['OPTIONS /', 'NONE', null],
    ]);
    expect(sent.filter((s) => s === 'GetAuthorizer')).toHaveLength(1);
    expect(apiTypeLine({ httpApi: read, functionUrl: null })).toBe('; HTTP API routes $default JWT, OPTIONS / NONE');
  });

  it('names a missing or hand-deployed stage and a JWT authorizer trusting another issuer or audience', async () => {
    const missing = await verifyHttpApi(v2({ stage: null }).client, jwtCors);
    expect(missing.differences[0]).toBe('HTTP API api1: stage $default missing (nothing is served)');
    const manual = await verifyHttpApi(v2({ stage: { AutoDeploy: false }, jwt: { Issuer: 'https://evil.example.com', Audience: ['api', 'other'] } }).client, jwtCors);
    expect(manual.differences).toEqual([
      'HTTP API stage $default: auto-deploy off (changes to the routes are not served)',
      "route OPTIONS /{proxy+}: missing (a protected stage with cors lets browsers' preflights through)",
      'authorizer app-dev-authorizer: issuer https://evil.example.com instead of https://issuer.example.com',
      'authorizer app-dev-authorizer: audience api, other instead of api',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { ofType, render, resource } from './__fixtures__/template.js';
import { OUTPUTS } from './ids.js';
import { TemplateError } from './model.js';
import type { AuthorizerSettings } from './settings.js';

const TOKEN: AuthorizerSettings = {
  function: 'src/auth.ts:authorize',
  arn: null,
  type: 'TOKEN',
  resultTtl: 300,
  tokenHeader: 'X-Token',
  validationExpression: '^Bearer .+$',
  identitySources: ['method.request.header.X-Token'],
};

describe('API keys and usage plans', () => {
  it('requires a key, creates it with a usage plan bound to the stage', () => {
    const t = render({
      apiKeyRequired: true,
      usagePlan: { throttle: { rateLimit: 10, burstLimit: 20 }, quota: { limit: 1000, period: 'DAY' } },
    });
    expect(resource(t, 'ApiRootMethod').Properties.ApiKeyRequired).toBe(true);
    expect(resource(t, 'ApiProxyMethod').Properties.ApiKeyRequired).toBe(true);
    expect(resource(t, 'ApiKey').Properties).toMatchObject({ Name: 'quote-api-dev', Enabled: true });
    expect(resource(t, 'ApiUsagePlan').Properties).toMatchObject({
      ApiStages: [{ ApiId: { Ref: 'RestApi' }, Stage: { Ref: 'ApiStage' } }],
      Throttle: { RateLimit: 10, BurstLimit: 20 },
      Quota: { Limit: 1000, Period: 'DAY' },
    });
    expect(resource(t, 'ApiUsagePlanKey').Properties).toEqual({ KeyId: { Ref: 'ApiKey' }, KeyType: 'API_KEY', UsagePlanId: { Ref: 'ApiUsagePlan' } });
    expect(t.Outputs[OUTPUTS.apiKeyId]!.Value).toEqual({ Ref: 'ApiKey' });
  });

  it('binds an existing key instead of creating one', () => {
    const t = render({ apiKeyRequired: true, apiKey: 'abc123' });
    expect(t.Resources.ApiKey).toBeUndefined();
    expect(resource(t, 'ApiUsagePlanKey').Properties.KeyId).toBe('abc123');
    expect(resource(t, 'ApiUsagePlan').Properties.Throttle).toBeUndefined();
    expect(t.Outputs[OUTPUTS.apiKeyId]!.Value).toBe('abc123');
  });

  it('creates nothing key-related by default and refuses a plan without keys', () => {
    const t = render();
    expect(ofType(t, 'AWS::ApiGateway::ApiKey')).toEqual([]);
    expect(ofType(t, 'AWS::ApiGateway::UsagePlan')).toEqual([]);
    expect(t.Outputs[OUTPUTS.apiKeyId]).toBeUndefined();
    expect(() => render({ usagePlan: { throttle: null, quota: null } })).toThrow(TemplateError);
  });
});

describe('IAM authorization', () => {
  it('makes every app method AWS_IAM', () => {
    const t = render({ iamAuthorization: true });
    for (const id of ['ApiRootMethod', 'ApiProxyMethod']) expect(resource(t, id).Properties.AuthorizationType).toBe('AWS_IAM');
    expect(() => render({ iamAuthorization: true, authorizer: TOKEN })).toThrow(/exclusive/);
  });
});

describe('Lambda authorizer', () => {
  it("TOKEN, in the stage's own function", () => {
    const t = render({ authorizer: TOKEN });
    const authorizer = resource(t, 'ApiAuthorizer');
    expect(authorizer.Properties).toMatchObject({
      Type: 'TOKEN',
      IdentitySource: 'method.request.header.X-Token',
      IdentityValidationExpression: '^Bearer .+$',
      AuthorizerResultTtlInSeconds: 300,
      AuthorizerUri: { 'Fn::Sub': 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Function.Arn}:live/invocations' },
    });
    expect(authorizer.DependsOn).toEqual(['FunctionAlias']);
    expect(resource(t, 'ApiRootMethod').Properties).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: 'ApiAuthorizer' } });
    const permission = resource(t, 'ApiAuthorizerPermission').Properties;
    expect(permission).toMatchObject({ Principal: 'apigateway.amazonaws.com', FunctionName: { 'Fn::Sub': '${Function.Arn}:live' } });
    expect(permission.SourceArn['Fn::Sub']).toContain('${RestApi}/authorizers/${ApiAuthorizer}');
  });

  it('REQUEST, through an existing function ARN', () => {
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:shared-auth';
    const t = render({
      authorizer: { ...TOKEN, function: null, arn, type: 'REQUEST', resultTtl: 0, identitySources: ['method.request.header.Cookie', 'method.request.querystring.key'] },
    });
    const authorizer = resource(t, 'ApiAuthorizer');
    expect(authorizer.DependsOn).toBeUndefined();
    expect(authorizer.Properties).toMatchObject({ Type: 'REQUEST', IdentitySource: 'method.request.header.Cookie,method.request.querystring.key', AuthorizerResultTtlInSeconds: 0 });
    expect(authorizer.Properties.IdentityValidationExpression).toBeUndefined();
    expect(authorizer.Properties.AuthorizerUri['Fn::Sub']).toContain(`/functions/${arn}/invocations`);
    expect(resource(t, 'ApiAuthorizerPermission').Properties.FunctionName).toBe(arn);
  });

  it('refuses an authorizer with both or neither of function and arn', () => {
    expect(() => render({ authorizer: { ...TOKEN, arn: 'arn:aws:lambda:us-east-1:1:function:x' } })).toThrow(TemplateError);
    expect(() => render({ authorizer: { ...TOKEN, function: null } })).toThrow(TemplateError);
  });
});

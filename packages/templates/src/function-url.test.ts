import { describe, expect, it } from 'vitest';
import { ofType, render, resource, types } from './__fixtures__/template.js';
import { OUTPUTS } from './ids.js';

describe('apiType "url"', () => {
  it('creates a Function URL on the live alias and no API Gateway resource', () => {
    const t = render({ apiType: 'url' });
    expect(resource(t, 'FunctionUrl').Properties).toEqual({
      TargetFunctionArn: { 'Fn::GetAtt': ['Function', 'Arn'] },
      Qualifier: 'live',
      AuthType: 'NONE',
      InvokeMode: 'BUFFERED',
    });
    expect(resource(t, 'FunctionUrl').DependsOn).toEqual(['FunctionAlias']);
    expect(types(t).filter((type) => type.startsWith('AWS::ApiGateway'))).toEqual([]);
    expect(t.Outputs[OUTPUTS.apiUrl]!.Value).toEqual({ 'Fn::GetAtt': ['FunctionUrl', 'FunctionUrl'] });
  });

  it('opens a NONE URL to anyone, only through the URL (both permissions AWS requires since October 2025)', () => {
    const t = render({ apiType: 'url' });
    const permissions = Object.fromEntries(ofType(t, 'AWS::Lambda::Permission').map(([id, r]) => [id, r.Properties]));
    expect(permissions.FunctionUrlPublicPermission).toEqual({
      Action: 'lambda:InvokeFunctionUrl',
      FunctionName: { 'Fn::Sub': '${Function.Arn}:live' },
      Principal: '*',
      FunctionUrlAuthType: 'NONE',
    });
    expect(permissions.FunctionUrlInvokePermission).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::Sub': '${Function.Arn}:live' },
      Principal: '*',
      InvokedViaFunctionUrl: true,
    });
  });

  it('with iamAuthorization, requires SigV4 and grants no public permission', () => {
    const t = render({ apiType: 'url', iamAuthorization: true });
    expect(resource(t, 'FunctionUrl').Properties.AuthType).toBe('AWS_IAM');
    const principals = ofType(t, 'AWS::Lambda::Permission').map(([, r]) => r.Properties.Principal);
    expect(principals).not.toContain('*');
  });

  it('streams with responseStreaming', () => {
    expect(resource(render({ apiType: 'url', responseStreaming: true }), 'FunctionUrl').Properties.InvokeMode).toBe('RESPONSE_STREAM');
  });

  it('takes the cors settings, without OPTIONS (Lambda answers preflights; method names are at most 6 characters)', () => {
    const t = render({
      apiType: 'url',
      cors: { allowOrigins: ['*'], allowHeaders: ['Content-Type'], allowMethods: ['DELETE', 'GET', 'OPTIONS'], allowCredentials: false, maxAge: null },
    });
    expect(resource(t, 'FunctionUrl').Properties.Cors).toEqual({
      AllowOrigins: ['*'],
      AllowHeaders: ['Content-Type'],
      AllowMethods: ['DELETE', 'GET'],
      AllowCredentials: false,
    });
  });

  it('refuses authorizers and REST-only settings, naming the types that support them', () => {
    const authorizer = { function: 'src/a.ts:a', arn: null, type: 'REQUEST' as const, resultTtl: 0, tokenHeader: 'Authorization', validationExpression: null, identitySources: [] };
    expect(() => render({ apiType: 'url', authorizer })).toThrow(/authorizer: expected apiType "rest" or "http" .*found apiType "url" \(a Function URL has no authorizers/);
    expect(() => render({ apiType: 'url', jwtAuthorizer: { issuer: 'https://i', audience: ['a'] } })).toThrow(/jwtAuthorizer: expected apiType "http"/);
    expect(() => render({ apiType: 'url', usagePlan: { throttle: null, quota: null } })).toThrow(/usagePlan: expected apiType "rest"/);
    expect(() => render({ apiType: 'url', domain: 'api.example.com' })).toThrow(/domain: expected apiType "rest" or "http" .*found apiType "url"/);
  });

  it('leaves REST stages unchanged: jwtAuthorizer is refused there', () => {
    expect(() => render({ jwtAuthorizer: { issuer: 'https://i', audience: ['a'] } })).toThrow(/jwtAuthorizer: expected apiType "http".*found apiType "rest"/);
  });
});

describe('timeout warnings by API type', () => {
  it('warns an http stage past 30 s, never a url stage, and a REST stage past 29 s as before', async () => {
    const { templateWarnings } = await import('./warnings.js');
    const { makeInput } = await import('./__fixtures__/settings.js');
    const timeoutWarnings = (overrides: Parameters<typeof makeInput>[0]) => templateWarnings(makeInput(overrides)).filter((w) => w.startsWith('timeoutSeconds'));
    expect(timeoutWarnings({ apiType: 'url', timeoutSeconds: 900 })).toEqual([]);
    expect(timeoutWarnings({ apiType: 'http', timeoutSeconds: 30 })).toEqual([]);
    expect(timeoutWarnings({ apiType: 'http', timeoutSeconds: 60 })).toEqual([expect.stringContaining('an HTTP API stops waiting after 30 s')]);
    expect(timeoutWarnings({ timeoutSeconds: 30 })).toEqual([expect.stringContaining('after 29 s by default')]);
  });
});

import { describe, expect, it } from 'vitest';
import { ofType, render, resource } from './__fixtures__/template.js';
import type { AuthorizerSettings, CorsSettings, ResolvedSettings } from './settings.js';

const CORS: CorsSettings = {
  allowOrigins: ['*'],
  allowHeaders: ['Content-Type', 'Authorization'],
  allowMethods: ['GET', 'POST', 'OPTIONS'],
  allowCredentials: false,
  maxAge: null,
};

const AUTHORIZER: AuthorizerSettings = {
  function: null,
  arn: 'arn:aws:lambda:us-east-1:123456789012:function:auth',
  type: 'TOKEN',
  resultTtl: 300,
  tokenHeader: 'Authorization',
  validationExpression: null,
  identitySources: [],
};

describe('CORS', () => {
  it('adds no OPTIONS method without cors', () => {
    expect(ofType(render(), 'AWS::ApiGateway::Method').map(([, m]) => m.Properties.HttpMethod)).toEqual(['ANY', 'ANY']);
    expect(ofType(render(), 'AWS::ApiGateway::GatewayResponse')).toEqual([]);
  });

  // Every stage protection a preflight cannot carry: each must also hold for OPTIONS.
  const PROTECTIONS: [string, Partial<ResolvedSettings>, Record<string, unknown>][] = [
    ['iamAuthorization', { iamAuthorization: true }, { AuthorizationType: 'AWS_IAM', ApiKeyRequired: false }],
    ['apiKeyRequired', { apiKeyRequired: true }, { AuthorizationType: 'NONE', ApiKeyRequired: true }],
    ['an authorizer', { authorizer: AUTHORIZER }, { AuthorizationType: 'CUSTOM', ApiKeyRequired: false }],
    ['iamAuthorization with apiKeyRequired', { iamAuthorization: true, apiKeyRequired: true }, { AuthorizationType: 'AWS_IAM', ApiKeyRequired: true }],
  ];

  for (const [name, protection, expected] of PROTECTIONS) {
    for (const binarySupport of [true, false]) {
      it(`sends no OPTIONS request to the function without the stage's auth (${name}, binarySupport ${binarySupport})`, () => {
        const t = render({ cors: CORS, binarySupport, ...protection });
        const methods = ofType(t, 'AWS::ApiGateway::Method').map(([, m]) => m.Properties);
        for (const method of methods) {
          // a method that can invoke the function carries the stage's protection, whatever its HTTP method
          if (method.Integration.Type !== 'MOCK') expect(method).toMatchObject(expected);
        }
        const options = methods.filter((m) => m.HttpMethod === 'OPTIONS');
        expect(options).toHaveLength(2);
        for (const method of options) {
          expect(method).toMatchObject({ AuthorizationType: 'NONE', ApiKeyRequired: false });
          expect(method.Integration).toMatchObject({ Type: 'MOCK', ContentHandling: 'CONVERT_TO_TEXT' });
          expect(method.Integration.Uri).toBeUndefined();
          expect(method.Integration.RequestTemplates).toEqual({ 'application/json': '{"statusCode": 204}' });
        }
      });
    }
  }

  it('answers the preflight of a protected stage with the CORS headers, declared on the method response', () => {
    const t = render({ cors: { ...CORS, maxAge: 600 }, iamAuthorization: true });
    const method = resource(t, 'ApiProxyOptionsMethod').Properties;
    expect(method.ResourceId).toEqual({ Ref: 'ApiProxyResource' });
    const [response] = method.Integration.IntegrationResponses;
    expect(response.StatusCode).toBe('204');
    expect(response.ResponseParameters).toEqual({
      'method.response.header.Access-Control-Allow-Origin': "'*'",
      'method.response.header.Access-Control-Allow-Methods': "'GET,POST,OPTIONS'",
      'method.response.header.Access-Control-Allow-Headers': "'Content-Type,Authorization'",
      'method.response.header.Access-Control-Max-Age': "'600'",
    });
    const declared = Object.keys(method.MethodResponses[0].ResponseParameters);
    for (const name of Object.keys(response.ResponseParameters)) expect(declared).toContain(name);
  });

  it('echoes one of several allowed origins from the mapping template, never an unlisted one', () => {
    const t = render({ cors: { ...CORS, allowOrigins: ['https://a.example', 'https://b.example'], allowCredentials: true }, apiKeyRequired: true });
    const [response] = resource(t, 'ApiRootOptionsMethod').Properties.Integration.IntegrationResponses;
    expect(response.ResponseParameters['method.response.header.Access-Control-Allow-Origin']).toBeUndefined();
    expect(response.ResponseParameters['method.response.header.Vary']).toBe("'Origin'");
    const vtl: string = response.ResponseTemplates['application/json'];
    expect(vtl).toContain('#if($origin == "https://a.example" || $origin == "https://b.example")');
    expect(vtl).toContain('$context.responseOverride.header.Access-Control-Allow-Origin = $origin');
  });

  it('refuses an allowed origin that would escape the mapping template', () => {
    expect(() => render({ cors: { ...CORS, allowOrigins: ['https://a.example', '") || true #if("'] }, apiKeyRequired: true })).toThrow(/cors.allowOrigins/);
  });

  it('adds no OPTIONS method to an open stage: ANY takes OPTIONS to the function, which answers preflights', () => {
    const t = render({ cors: CORS });
    const methods = ofType(t, 'AWS::ApiGateway::Method').map(([, m]) => m.Properties);
    expect(methods.map((m) => m.HttpMethod)).toEqual(['ANY', 'ANY']);
    for (const method of methods) expect(method).toMatchObject({ AuthorizationType: 'NONE', ApiKeyRequired: false, Integration: { Type: 'AWS_PROXY' } });
  });

  it("adds CORS headers to API Gateway's own 4XX/5XX answers", () => {
    const t = render({ cors: { ...CORS, allowOrigins: ['https://app.example.com'], allowCredentials: true }, apiKeyRequired: true });
    const responses = ofType(t, 'AWS::ApiGateway::GatewayResponse').map(([, r]) => r.Properties);
    expect(responses.map((r) => r.ResponseType)).toEqual(['DEFAULT_4XX', 'DEFAULT_5XX']);
    expect(responses[0]!.ResponseParameters).toEqual({
      'gatewayresponse.header.Access-Control-Allow-Origin': "'https://app.example.com'",
      'gatewayresponse.header.Access-Control-Allow-Headers': "'Content-Type,Authorization'",
      'gatewayresponse.header.Access-Control-Allow-Methods': "'GET,POST,OPTIONS'",
      'gatewayresponse.header.Access-Control-Allow-Credentials': "'true'",
    });
    const deployment = ofType(t, 'AWS::ApiGateway::Deployment')[0]![1];
    expect(deployment.DependsOn).toEqual(expect.arrayContaining(['ApiGatewayResponse4XX', 'ApiRootOptionsMethod']));
  });

  it('leaves gateway responses alone when no single origin can be named', () => {
    expect(ofType(render({ cors: { ...CORS, allowOrigins: ['https://a.example', 'https://b.example'] } }), 'AWS::ApiGateway::GatewayResponse')).toEqual([]);
    expect(ofType(render({ cors: { ...CORS, allowCredentials: true } }), 'AWS::ApiGateway::GatewayResponse')).toEqual([]);
  });
});

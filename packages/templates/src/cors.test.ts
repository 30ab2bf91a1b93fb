import { describe, expect, it } from 'vitest';
import { ofType, render, resource } from './__fixtures__/template.js';
import type { CorsSettings } from './settings.js';

const CORS: CorsSettings = {
  allowOrigins: ['*'],
  allowHeaders: ['Content-Type', 'Authorization'],
  allowMethods: ['GET', 'POST', 'OPTIONS'],
  allowCredentials: false,
  maxAge: null,
};

describe('CORS', () => {
  it('adds no OPTIONS method without cors', () => {
    expect(ofType(render(), 'AWS::ApiGateway::Method').map(([, m]) => m.Properties.HttpMethod)).toEqual(['ANY', 'ANY']);
    expect(ofType(render(), 'AWS::ApiGateway::GatewayResponse')).toEqual([]);
  });

  it('answers the preflight through the proxy integration, with no auth and no API key', () => {
    const t = render({ cors: CORS, apiKeyRequired: true, iamAuthorization: true, binarySupport: true });
    for (const id of ['ApiRootOptionsMethod', 'ApiProxyOptionsMethod']) {
      const method = resource(t, id).Properties;
      expect(method).toMatchObject({ HttpMethod: 'OPTIONS', AuthorizationType: 'NONE', ApiKeyRequired: false });
      expect(method.Integration.Type).toBe('AWS_PROXY');
      expect(method.Integration.Uri['Fn::Sub']).toContain('${Function.Arn}:live');
    }
    expect(resource(t, 'ApiProxyOptionsMethod').Properties.ResourceId).toEqual({ Ref: 'ApiProxyResource' });
    // the app methods keep their protection
    expect(resource(t, 'ApiRootMethod').Properties).toMatchObject({ AuthorizationType: 'AWS_IAM', ApiKeyRequired: true });
  });

  it("adds CORS headers to API Gateway's own 4XX/5XX answers", () => {
    const t = render({ cors: { ...CORS, allowOrigins: ['https://app.example.com'], allowCredentials: true } });
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

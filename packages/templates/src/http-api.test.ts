import { describe, expect, it } from 'vitest';
import { ofType, render, resource, types } from './__fixtures__/template.js';
import { makeSettings } from './__fixtures__/settings.js';
import { HTTP_API_DEFAULT_ACCESS_LOG_FORMAT } from './http-api.js';
import { stageLogs } from './stage-logging.js';
import { OUTPUTS } from './ids.js';
import { TemplateError } from './model.js';
import type { AuthorizerSettings, CorsSettings } from './settings.js';

const REQUEST: AuthorizerSettings = {
  function: 'src/auth.ts:authorize',
  arn: null,
  type: 'REQUEST',
  resultTtl: 60,
  tokenHeader: 'Authorization',
  validationExpression: null,
  identitySources: ['method.request.header.Authorization', 'method.request.querystring.token'],
};

const CORS: CorsSettings = {
  allowOrigins: ['https://app.example.com'],
  allowHeaders: ['Content-Type', 'Authorization'],
  allowMethods: ['GET', 'POST', 'OPTIONS'],
  allowCredentials: true,
  maxAge: 600,
};

describe('apiType "http"', () => {
  it('creates an HTTP API and no REST API resource', () => {
    const t = render({ apiType: 'http' });
    expect(resource(t, 'HttpApi').Properties).toMatchObject({ ProtocolType: 'HTTP', Name: 'quote-api-dev' });
    expect(types(t).filter((type) => type.startsWith('AWS::ApiGateway::'))).toEqual([]);
  });

  it('sends every request through the $default route to the live alias in payload 2.0', () => {
    const t = render({ apiType: 'http' });
    expect(resource(t, 'HttpApiIntegration').Properties).toMatchObject({
      ApiId: { Ref: 'HttpApi' },
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: { 'Fn::Sub': '${Function.Arn}:live' },
      PayloadFormatVersion: '2.0',
      TimeoutInMillis: 30000,
    });
    const routes = ofType(t, 'AWS::ApiGatewayV2::Route');
    expect(routes.map(([, r]) => r.Properties.RouteKey)).toEqual(['$default']);
    expect(routes[0]![1].Properties).toMatchObject({ AuthorizationType: 'NONE', Target: { 'Fn::Sub': 'integrations/${HttpApiIntegration}' } });
  });

  it('deploys on its own through the $default stage with the stage throttle and access logs', () => {
    const t = render({ apiType: 'http', throttle: { rateLimit: 5, burstLimit: 10 }, detailedMetrics: true });
    const stage = resource(t, 'HttpApiStage');
    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10, DetailedMetricsEnabled: true },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': ['HttpApiAccessLogGroup', 'Arn'] }, Format: HTTP_API_DEFAULT_ACCESS_LOG_FORMAT },
    });
    expect(resource(t, 'HttpApiAccessLogGroup')).toMatchObject({ DeletionPolicy: 'Retain', Properties: { RetentionInDays: 30 } });
    expect(ofType(t, 'AWS::ApiGatewayV2::Deployment')).toEqual([]);
  });

  it('keeps an own access log format, and leaves logs and throttle out when off', () => {
    const own = render({ apiType: 'http', accessLogging: { format: '{"id":"$context.requestId"}' } });
    expect(resource(own, 'HttpApiStage').Properties.AccessLogSettings.Format).toBe('{"id":"$context.requestId"}');
    const off = render({ apiType: 'http', accessLogging: false, throttle: false });
    expect(resource(off, 'HttpApiStage').Properties.AccessLogSettings).toBeUndefined();
    expect(resource(off, 'HttpApiStage').Properties.DefaultRouteSettings).toEqual({ DetailedMetricsEnabled: false });
  });

  it('lets only this API invoke the live alias', () => {
    const t = render({ apiType: 'http' });
    expect(resource(t, 'HttpApiInvokePermission').Properties).toMatchObject({
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::Sub': '${Function.Arn}:live' },
      Principal: 'apigateway.amazonaws.com',
      SourceArn: { 'Fn::Sub': 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${HttpApi}/*' },
    });
  });

  it('prints its endpoint under the REST API output name', () => {
    const t = render({ apiType: 'http' });
    expect(t.Outputs[OUTPUTS.apiUrl]!.Value).toEqual({ 'Fn::GetAtt': ['HttpApi', 'ApiEndpoint'] });
    expect(t.Outputs[OUTPUTS.restApiId]).toBeUndefined();
  });

  it('protects the route with IAM', () => {
    const t = render({ apiType: 'http', iamAuthorization: true });
    expect(resource(t, 'HttpApiDefaultRoute').Properties.AuthorizationType).toBe('AWS_IAM');
    expect(ofType(t, 'AWS::ApiGatewayV2::Authorizer')).toEqual([]);
  });

  it('protects the route with a REQUEST authorizer of simple responses in the stage function', () => {
    const t = render({ apiType: 'http', authorizer: REQUEST });
    expect(resource(t, 'HttpApiDefaultRoute').Properties).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: 'HttpApiAuthorizer' } });
    expect(resource(t, 'HttpApiAuthorizer').Properties).toMatchObject({
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      AuthorizerResultTtlInSeconds: 60,
      IdentitySource: ['$request.header.Authorization', '$request.querystring.token'],
      AuthorizerUri: {
        'Fn::Sub': 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Function.Arn}:live/invocations',
      },
    });
    expect(resource(t, 'HttpApiAuthorizerPermission').Properties.SourceArn).toEqual({
      'Fn::Sub': 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${HttpApi}/authorizers/${HttpApiAuthorizer}',
    });
  });

  it('refuses a TOKEN authorizer (HTTP APIs have REQUEST authorizers only)', () => {
    expect(() => render({ apiType: 'http', authorizer: { ...REQUEST, type: 'TOKEN' } })).toThrow(/authorizer.type: .*REQUEST authorizers only/);
  });

  it('protects the route with a JWT authorizer reading the bearer token', () => {
    const t = render({ apiType: 'http', jwtAuthorizer: { issuer: 'https://issuer.example.com', audience: ['web', 'cli'] } });
    expect(resource(t, 'HttpApiDefaultRoute').Properties).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: 'HttpApiAuthorizer' } });
    expect(resource(t, 'HttpApiAuthorizer').Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: 'https://issuer.example.com', Audience: ['web', 'cli'] },
    });
    expect(ofType(t, 'AWS::Lambda::Permission').map(([id]) => id)).not.toContain('HttpApiAuthorizerPermission');
  });

  it('refuses two kinds of authorization at once', () => {
    expect(() => render({ apiType: 'http', iamAuthorization: true, jwtAuthorizer: { issuer: 'https://i', audience: ['a'] } })).toThrow(TemplateError);
    expect(() => render({ apiType: 'http', authorizer: REQUEST, jwtAuthorizer: { issuer: 'https://i', audience: ['a'] } })).toThrow(/exclusive/);
  });

  it('uses the native CORS configuration, with unauthorized OPTIONS routes on a protected API', () => {
    const t = render({ apiType: 'http', cors: CORS, iamAuthorization: true });
    expect(resource(t, 'HttpApi').Properties.CorsConfiguration).toEqual({
      AllowOrigins: ['https://app.example.com'],
      AllowHeaders: ['Content-Type', 'Authorization'],
      AllowMethods: ['GET', 'POST', 'OPTIONS'],
      AllowCredentials: true,
      MaxAge: 600,
    });
    const keys = ofType(t, 'AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties.RouteKey, r.Properties.AuthorizationType]);
    expect(keys.sort()).toEqual([
      ['$default', 'AWS_IAM'],
      ['OPTIONS /', 'NONE'],
      ['OPTIONS /{proxy+}', 'NONE'],
    ]);
    const open = render({ apiType: 'http', cors: CORS });
    expect(ofType(open, 'AWS::ApiGatewayV2::Route')).toHaveLength(1);
  });

  it('refuses credentials with any origin, which API Gateway refuses too', () => {
    expect(() => render({ apiType: 'http', cors: { ...CORS, allowOrigins: ['*'] } })).toThrow(/allowCredentials with the origin "\*"/);
  });

  it('refuses REST-only settings, naming the types that support them', () => {
    expect(() => render({ apiType: 'http', apiKeyRequired: true })).toThrow('apiKeyRequired: expected apiType "rest" (the API types that support it), found apiType "http"');
    expect(() => render({ apiType: 'http', cacheClusterEnabled: true })).toThrow(/cacheClusterEnabled: expected apiType "rest"/);
    expect(() => render({ apiType: 'http', responseStreaming: true })).toThrow(/responseStreaming: expected apiType "rest" or "url"/);
  });

  it('tags the API and the stage with a tag map', () => {
    const t = render({ apiType: 'http', tags: { team: 'quotes' } });
    expect(resource(t, 'HttpApi').Properties.Tags).toEqual({ team: 'quotes' });
    expect(resource(t, 'HttpApiStage').Properties.Tags).toEqual({ team: 'quotes' });
  });
});

describe('apiType "http" with a custom domain', () => {
  const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';

  it('creates a regional v2 domain name, maps the $default stage under the base path, and points the record at it', () => {
    const t = render({ apiType: 'http', domain: 'api.example.com', certificateArn: CERT, hostedZoneId: 'Z0123456789ABCDEFGHIJ', basePath: '/v1/' });
    expect(resource(t, 'HttpApiDomainName').Properties).toEqual({
      DomainName: 'api.example.com',
      DomainNameConfigurations: [{ CertificateArn: CERT, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }],
    });
    expect(resource(t, 'HttpApiMapping').Properties).toEqual({ ApiId: { Ref: 'HttpApi' }, DomainName: { Ref: 'HttpApiDomainName' }, Stage: { Ref: 'HttpApiStage' }, ApiMappingKey: 'v1' });
    expect(resource(t, 'ApiDomainRecord').Properties.AliasTarget).toMatchObject({ DNSName: { 'Fn::GetAtt': ['HttpApiDomainName', 'RegionalDomainName'] } });
    expect(ofType(t, 'AWS::ApiGateway::DomainName')).toEqual([]);
  });

  it('refuses a certificate outside the stage region', () => {
    expect(() => render({ apiType: 'http', domain: 'api.example.com', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' })).toThrow(/needs a certificate in the stage's region us-east-1/);
  });

  it('creates the certificate with certificate "auto"', () => {
    const t = render({ apiType: 'http', domain: 'api.example.com', certificate: 'auto', hostedZoneId: 'Z0123456789ABCDEFGHIJ' });
    expect(resource(t, 'HttpApiDomainName').Properties.DomainNameConfigurations[0].CertificateArn).toEqual({ Ref: 'DomainCertificate' });
  });
});

describe("the account's CloudWatch role", () => {
  it('is needed by logging REST stages only (HTTP API access logs use log delivery; URLs have no API logs)', () => {
    expect(stageLogs(makeSettings())).toBe(true);
    expect(stageLogs(makeSettings({ apiType: 'http' }))).toBe(false);
    expect(stageLogs(makeSettings({ apiType: 'url' }))).toBe(false);
  });
});

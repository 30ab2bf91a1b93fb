import { describe, expect, it } from 'vitest';
import { ofType, render, resource } from './__fixtures__/template.js';
import { LOGICAL_ID_PREFIXES, OUTPUTS } from './ids.js';

const deploymentId = (t: ReturnType<typeof render>) => {
  const ids = ofType(t, 'AWS::ApiGateway::Deployment').map(([id]) => id);
  expect(ids).toHaveLength(1);
  return ids[0]!;
};

describe('REST API', () => {
  it('proxies root ANY and /{proxy+} ANY to the live alias', () => {
    const t = render();
    expect(resource(t, 'ApiProxyResource').Properties.PathPart).toBe('{proxy+}');
    for (const id of ['ApiRootMethod', 'ApiProxyMethod']) {
      const method = resource(t, id).Properties;
      expect(method.HttpMethod).toBe('ANY');
      expect(method.AuthorizationType).toBe('NONE');
      expect(method.ApiKeyRequired).toBe(false);
      expect(method.Integration).toEqual({
        Type: 'AWS_PROXY',
        IntegrationHttpMethod: 'POST',
        Uri: { 'Fn::Sub': 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Function.Arn}:live/invocations' },
      });
    }
    const permission = resource(t, 'ApiInvokePermission');
    expect(permission.DependsOn).toEqual(['FunctionAlias']);
    expect(permission.Properties).toMatchObject({ Principal: 'apigateway.amazonaws.com', FunctionName: { 'Fn::Sub': '${Function.Arn}:live' } });
    expect(t.Outputs[OUTPUTS.apiUrl]!.Value).toEqual({ 'Fn::Sub': 'https://${RestApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/dev' });
  });

  it('creates no API with apiGateway: false', () => {
    const t = render({ apiGateway: false });
    expect(Object.values(t.Resources).filter((r) => r.Type.startsWith('AWS::ApiGateway::'))).toEqual([]);
    expect(t.Resources.ApiInvokePermission).toBeUndefined();
    expect(t.Outputs[OUTPUTS.apiUrl]).toBeUndefined();
    expect(() => render({ apiGateway: false, apiKeyRequired: true })).toThrow(/apiGateway/);
  });

  it('sets binary media types with binarySupport', () => {
    expect(resource(render(), 'RestApi').Properties.BinaryMediaTypes).toEqual(['*/*']);
    expect(resource(render({ binarySupport: false }), 'RestApi').Properties.BinaryMediaTypes).toBeUndefined();
  });

  it('sets the endpoint type; PRIVATE gets a resource policy limited to the VPC endpoints', () => {
    expect(resource(render({ endpointConfiguration: 'REGIONAL' }), 'RestApi').Properties.EndpointConfiguration).toEqual({ Types: ['REGIONAL'] });
    const api = resource(render({ endpointConfiguration: 'PRIVATE', vpcEndpointIds: ['vpce-2', 'vpce-1'] }), 'RestApi').Properties;
    expect(api.EndpointConfiguration).toEqual({ Types: ['PRIVATE'], VpcEndpointIds: ['vpce-1', 'vpce-2'] });
    expect(api.Policy.Statement[0]).toMatchObject({ Effect: 'Deny', Condition: { StringNotEquals: { 'aws:SourceVpce': ['vpce-1', 'vpce-2'] } } });
    expect(api.Policy.Statement[1]).toMatchObject({ Effect: 'Allow', Action: 'execute-api:Invoke' });
    expect(resource(render(), 'RestApi').Properties.Policy).toBeUndefined();
  });

  it('names the stage after the tsappa stage, with tracing and cache settings', () => {
    const plain = resource(render(), 'ApiStage').Properties;
    expect(plain).toMatchObject({ StageName: 'dev', TracingEnabled: false, CacheClusterEnabled: false });
    expect(plain.CacheClusterSize).toBeUndefined();
    const t = render({ xrayTracing: true, cacheClusterEnabled: true, cacheClusterSize: '6.1', cacheClusterTtl: 60, cacheClusterEncrypted: true });
    const stage = resource(t, 'ApiStage').Properties;
    expect(stage).toMatchObject({ TracingEnabled: true, CacheClusterEnabled: true, CacheClusterSize: '6.1' });
    // one method setting for every method: caching beside the logging and throttle (stage-logging.test.ts, stage-throttle.test.ts)
    expect(stage.MethodSettings).toEqual([
      expect.objectContaining({ ResourcePath: '/*', HttpMethod: '*', CachingEnabled: true, CacheTtlInSeconds: 60, CacheDataEncrypted: true }),
    ]);
    expect(stage.DeploymentId).toEqual({ Ref: deploymentId(t) });
    expect(resource(t, 'ApiProxyMethod').Properties.Integration.CacheKeyParameters).toEqual(['method.request.path.proxy']);
  });

  it('streams responses with responseStreaming', () => {
    const integration = resource(render({ responseStreaming: true, timeoutSeconds: 300 }), 'ApiRootMethod').Properties.Integration;
    expect(integration.ResponseTransferMode).toBe('STREAM');
    expect(integration.TimeoutInMillis).toBe(300_000);
    expect(integration.Uri['Fn::Sub']).toContain('/2021-11-15/functions/${Function.Arn}:live/response-streaming-invocations');
  });

  it('gets a fresh deployment whenever the API changes, and only then', () => {
    const base = deploymentId(render());
    expect(base.startsWith(LOGICAL_ID_PREFIXES.deployment)).toBe(true);
    expect(deploymentId(render())).toBe(base);
    expect(deploymentId(render({ memorySize: 2048, keepWarm: false }))).toBe(base);
    const changed = [
      render({ binarySupport: false }),
      render({ iamAuthorization: true }),
      render({ apiKeyRequired: true }),
      render({ cors: { allowOrigins: ['*'], allowHeaders: [], allowMethods: [], allowCredentials: false, maxAge: null } }),
      render({ responseStreaming: true }),
      render({ endpointConfiguration: 'REGIONAL' }),
    ].map(deploymentId);
    for (const id of changed) expect(id).not.toBe(base);
    expect(new Set(changed).size).toBe(changed.length);
    // the deployment snapshots every method
    const t = render();
    expect(resource(t, base).DependsOn).toEqual(['ApiProxyMethod', 'ApiProxyResource', 'ApiRootMethod']);
  });
});

/**
 * The REST API: root `ANY` and `/{proxy+}` `ANY` with an AWS_PROXY integration to the `live`
 * alias and the stage's authorization, the MOCK preflight methods of a protected stage with
 * `cors` (cors.ts), the deployment and the stage, and the permission that lets API Gateway
 * invoke the alias. The stage's logs are in stage-logging.ts, its throttle in stage-throttle.ts.
 *
 * The deployment's logical id ends in a hash of the API's shape (the RestApi, its resources,
 * methods, authorizer and gateway responses), so any change to the API creates a fresh
 * deployment on update, and an unchanged API keeps its deployment.
 */
import { shortHash } from './canonical.js';
import { authorizerResources, methodAuth } from './auth.js';
import type { Context } from './context.js';
import { invokePermission } from './permission.js';
import { stageLogging } from './stage-logging.js';
import { throttleMethodSetting } from './stage-throttle.js';
import { corsGatewayResponses, preflightMethods } from './cors.js';
import { LOGICAL_ID_PREFIXES, LOGICAL_IDS, OUTPUTS } from './ids.js';
import { getAtt, literal, ref, stackArn, sub, withTags } from './intrinsics.js';
import type { Fragment } from './model.js';
import type { CloudFormationResource } from './settings.js';

/** Binary media types with `binarySupport`: every type; the runtime base64-encodes binary bodies. */
export const BINARY_MEDIA_TYPES = ['*/*'];

/** API Gateway's ceiling for a streamed integration (15 minutes). */
const STREAM_TIMEOUT_MAX_MS = 900_000;

function integrationUri(ctx: Context): unknown {
  const alias = ctx.aliasArn['Fn::Sub'];
  return ctx.settings.responseStreaming
    ? sub(`arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2021-11-15/functions/${alias}/response-streaming-invocations`)
    : sub(`arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/${alias}/invocations`);
}

function proxyIntegration(ctx: Context, onProxyResource: boolean): Record<string, unknown> {
  const integration: Record<string, unknown> = {
    Type: 'AWS_PROXY',
    IntegrationHttpMethod: 'POST',
    Uri: integrationUri(ctx),
  };
  // The stage cache keys /{proxy+} responses by path, not one entry for every path.
  if (onProxyResource && ctx.settings.cacheClusterEnabled) integration.CacheKeyParameters = ['method.request.path.proxy'];
  if (ctx.settings.responseStreaming) {
    integration.ResponseTransferMode = 'STREAM';
    integration.TimeoutInMillis = Math.min(ctx.settings.timeoutSeconds * 1000, STREAM_TIMEOUT_MAX_MS);
  }
  return integration;
}

/** An app method: every HTTP method, OPTIONS included, with the stage's authorization. */
function method(ctx: Context, onProxyResource: boolean): CloudFormationResource {
  const properties: Record<string, unknown> = {
    RestApiId: ref(LOGICAL_IDS.restApi),
    ResourceId: onProxyResource ? ref(LOGICAL_IDS.proxyResource) : getAtt(LOGICAL_IDS.restApi, 'RootResourceId'),
    HttpMethod: 'ANY',
    ...methodAuth(ctx),
    Integration: proxyIntegration(ctx, onProxyResource),
  };
  if (onProxyResource) properties.RequestParameters = { 'method.request.path.proxy': true };
  return { Type: 'AWS::ApiGateway::Method', Properties: properties };
}

function restApi(ctx: Context): CloudFormationResource {
  const { settings, names } = ctx;
  const endpoint: Record<string, unknown> = { Types: [settings.endpointConfiguration] };
  const properties: Record<string, unknown> = {
    Name: names.restApi,
    Description: `tsappa: ${settings.projectName} (${settings.stage})`,
    EndpointConfiguration: endpoint,
  };
  if (settings.binarySupport) properties.BinaryMediaTypes = [...BINARY_MEDIA_TYPES];
  if (settings.endpointConfiguration === 'PRIVATE') {
    const ids = [...settings.vpcEndpointIds].sort();
    if (ids.length > 0) endpoint.VpcEndpointIds = ids;
    const allow = { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' };
    properties.Policy = {
      Version: '2012-10-17',
      Statement:
        ids.length > 0
          ? [
              {
                Effect: 'Deny',
                Principal: '*',
                Action: 'execute-api:Invoke',
                Resource: 'execute-api:/*',
                Condition: { StringNotEquals: { 'aws:SourceVpce': ids } },
              },
              allow,
            ]
          : // no endpoint listed: a private API is still reachable only through VPC endpoints
            [allow],
    };
  }
  return { Type: 'AWS::ApiGateway::RestApi', Properties: withTags(properties, settings.tags) };
}

/** The resources a deployment snapshots: their shape decides the deployment's logical id. */
export function apiShapeResources(ctx: Context): Record<string, CloudFormationResource> {
  const resources: Record<string, CloudFormationResource> = {
    [LOGICAL_IDS.restApi]: restApi(ctx),
    [LOGICAL_IDS.proxyResource]: {
      Type: 'AWS::ApiGateway::Resource',
      Properties: {
        RestApiId: ref(LOGICAL_IDS.restApi),
        ParentId: getAtt(LOGICAL_IDS.restApi, 'RootResourceId'),
        PathPart: '{proxy+}',
      },
    },
    [LOGICAL_IDS.rootMethod]: method(ctx, false),
    [LOGICAL_IDS.proxyMethod]: method(ctx, true),
    ...authorizerResources(ctx),
  };
  // with cors: MOCK preflight answers on a protected stage, CORS headers on API Gateway's errors
  Object.assign(resources, preflightMethods(ctx), corsGatewayResponses(ctx));
  return resources;
}

/** `ApiDeployment<hash>` for the given API shape. */
export function deploymentLogicalId(shape: Record<string, CloudFormationResource>): string {
  return `${LOGICAL_ID_PREFIXES.deployment}${shortHash(shape, 10)}`;
}

export function apiFragment(ctx: Context): Fragment {
  const { settings } = ctx;
  if (!settings.apiGateway) return {};
  const shape = apiShapeResources(ctx);
  const deploymentId = deploymentLogicalId(shape);
  const snapshot = Object.keys(shape)
    .filter((id) => id !== LOGICAL_IDS.restApi)
    .sort();

  const logging = stageLogging(ctx);
  // every method of the stage ("/*/*"): caching, logging, metrics and the stage-wide throttle
  const methodSetting: Record<string, unknown> = {
    ResourcePath: '/*',
    HttpMethod: '*',
    CachingEnabled: settings.cacheClusterEnabled,
    ...logging.methodSetting,
    ...throttleMethodSetting(settings.throttle),
  };
  if (settings.cacheClusterEnabled) {
    methodSetting.CacheTtlInSeconds = settings.cacheClusterTtl;
    methodSetting.CacheDataEncrypted = settings.cacheClusterEncrypted;
  }
  const stage: Record<string, unknown> = {
    RestApiId: ref(LOGICAL_IDS.restApi),
    DeploymentId: ref(deploymentId),
    StageName: settings.stage,
    Description: `tsappa stage ${settings.stage}`,
    TracingEnabled: settings.xrayTracing,
    CacheClusterEnabled: settings.cacheClusterEnabled,
    MethodSettings: [methodSetting],
    ...logging.stage,
  };
  if (settings.cacheClusterEnabled) stage.CacheClusterSize = settings.cacheClusterSize;

  return {
    resources: {
      ...shape,
      [deploymentId]: {
        Type: 'AWS::ApiGateway::Deployment',
        DependsOn: snapshot,
        Properties: { RestApiId: ref(LOGICAL_IDS.restApi), Description: `tsappa ${deploymentId.slice(LOGICAL_ID_PREFIXES.deployment.length)}` },
      },
      ...logging.resources,
      [LOGICAL_IDS.stage]: {
        Type: 'AWS::ApiGateway::Stage',
        ...(logging.dependsOn.length > 0 ? { DependsOn: logging.dependsOn } : {}),
        Properties: withTags(stage, settings.tags),
      },
      [LOGICAL_IDS.apiPermission]: invokePermission(ctx, {
        principal: 'apigateway.amazonaws.com',
        sourceArn: stackArn('execute-api', `\${${LOGICAL_IDS.restApi}}/*`),
      }),
    },
    outputs: {
      [OUTPUTS.apiUrl]: {
        Description: 'the URL of the API stage',
        Value: sub(`https://\${${LOGICAL_IDS.restApi}}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}/${literal(settings.stage)}`),
      },
      [OUTPUTS.restApiId]: { Description: 'the REST API id', Value: ref(LOGICAL_IDS.restApi) },
      [OUTPUTS.stageName]: { Description: 'the API stage name', Value: ref(LOGICAL_IDS.stage) },
    },
  };
}

/**
 * `apiType: "http"`: an HTTP API (API Gateway v2) in front of the `live` alias. One `$default`
 * route (every method, every path, `/` included) with an AWS_PROXY integration in payload
 * format 2.0, the stage's authorization (http-api-auth.ts), the API's native CORS, and the
 * `$default` stage (served at the API's root, no stage in the path) deploying every change
 * itself, with the stage throttle and access logs to a log group the stack keeps.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
 */
import type { Context } from './context.js';
import { httpApiAuthResources, routeAuth } from './http-api-auth.js';
import { httpApiCorsConfiguration } from './http-api-cors.js';
import { API_TYPE_OUTPUTS, HTTP_API_IDS, HTTP_API_STAGE } from './http-api-ids.js';
import { OUTPUTS } from './ids.js';
import { getAtt, ref, stackArn, sub, withTags } from './intrinsics.js';
import { TemplateError, type Fragment } from './model.js';
import { invokePermission } from './permission.js';
import type { CloudFormationResource } from './settings.js';
import { DEFAULT_ACCESS_LOG_FORMAT } from './stage-logging.js';

/** An HTTP API waits at most 30 seconds for its integration. */
const HTTP_API_INTEGRATION_TIMEOUT_MS = 30_000;

/**
 * The default access log line of an HTTP API: the REST default's fields that HTTP APIs have
 * (no resource path or API key; the route key instead).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
 */
export const HTTP_API_DEFAULT_ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  ip: '$context.identity.sourceIp',
  caller: '$context.identity.caller',
  user: '$context.identity.user',
  userAgent: '$context.identity.userAgent',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  errorMessage: '$context.error.message',
  errorType: '$context.error.responseType',
  authorizerError: '$context.authorizer.error',
});

/** `/aws/apigateway/<http api id>/access`: the access log group of an HTTP API. */
export function httpApiAccessLogGroupName(apiId: string): string {
  return `/aws/apigateway/${apiId}/access`;
}

/** Tags of ApiGatewayV2 resources are a map, not a list. */
function withTagMap<T extends Record<string, unknown>>(properties: T, tags: Record<string, string>): T {
  return Object.keys(tags).length > 0 ? { ...properties, Tags: { ...tags } } : properties;
}

function api(ctx: Context): CloudFormationResource {
  const { settings, names } = ctx;
  const properties: Record<string, unknown> = {
    Name: names.restApi,
    Description: `tsappa: ${settings.projectName} (${settings.stage})`,
    ProtocolType: 'HTTP',
  };
  if (settings.cors) properties.CorsConfiguration = httpApiCorsConfiguration(settings.cors);
  return { Type: 'AWS::ApiGatewayV2::Api', Properties: withTagMap(properties, settings.tags) };
}

function route(routeKey: string, auth: Record<string, unknown>): CloudFormationResource {
  return {
    Type: 'AWS::ApiGatewayV2::Route',
    Properties: {
      ApiId: ref(HTTP_API_IDS.api),
      RouteKey: routeKey,
      ...auth,
      Target: sub(`integrations/\${${HTTP_API_IDS.integration}}`),
    },
  };
}

/**
 * `$default` takes every request, OPTIONS included. With `cors` on a protected stage, OPTIONS
 * routes without authorization let browsers' preflights (which carry no credentials) through:
 * API Gateway answers them itself from the CORS configuration and never invokes the function.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html
 */
function routes(ctx: Context): Record<string, CloudFormationResource> {
  const auth = routeAuth(ctx);
  const result: Record<string, CloudFormationResource> = { [HTTP_API_IDS.defaultRoute]: route('$default', { ...auth }) };
  if (ctx.settings.cors && auth.AuthorizationType !== 'NONE') {
    result[HTTP_API_IDS.rootPreflightRoute] = route('OPTIONS /', { AuthorizationType: 'NONE' });
    result[HTTP_API_IDS.proxyPreflightRoute] = route('OPTIONS /{proxy+}', { AuthorizationType: 'NONE' });
  }
  return result;
}

function stage(ctx: Context): CloudFormationResource {
  const { settings } = ctx;
  const routeSettings: Record<string, unknown> = { DetailedMetricsEnabled: settings.detailedMetrics };
  if (settings.throttle !== false) {
    routeSettings.ThrottlingRateLimit = settings.throttle.rateLimit;
    routeSettings.ThrottlingBurstLimit = settings.throttle.burstLimit;
  }
  const properties: Record<string, unknown> = {
    ApiId: ref(HTTP_API_IDS.api),
    StageName: HTTP_API_STAGE,
    Description: `tsappa stage ${settings.stage}`,
    AutoDeploy: true,
    DefaultRouteSettings: routeSettings,
  };
  if (settings.accessLogging !== false) {
    const format = settings.accessLogging.format === DEFAULT_ACCESS_LOG_FORMAT ? HTTP_API_DEFAULT_ACCESS_LOG_FORMAT : settings.accessLogging.format;
    properties.AccessLogSettings = { DestinationArn: getAtt(HTTP_API_IDS.accessLogGroup, 'Arn'), Format: format };
  }
  return {
    Type: 'AWS::ApiGatewayV2::Stage',
    DependsOn: [HTTP_API_IDS.accessLogGroup],
    Properties: withTagMap(properties, settings.tags),
  };
}

function accessLogGroup(ctx: Context): CloudFormationResource {
  const properties: Record<string, unknown> = {
    LogGroupName: sub(httpApiAccessLogGroupName(`\${${HTTP_API_IDS.api}}`)),
    RetentionInDays: ctx.settings.logRetentionDays,
  };
  return {
    Type: 'AWS::Logs::LogGroup',
    // kept when the stack goes, like the function's logs; it exists even with accessLogging
    // false, so turning the logs on again never meets a retained group ("already exists")
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    Properties: withTags(properties, ctx.settings.tags),
  };
}

export function httpApiFragment(ctx: Context): Fragment {
  const { settings } = ctx;
  if (settings.responseStreaming) {
    throw new TemplateError('responseStreaming: an HTTP API does not stream responses; use apiType "rest" or "url"');
  }
  return {
    resources: {
      [HTTP_API_IDS.api]: api(ctx),
      [HTTP_API_IDS.integration]: {
        Type: 'AWS::ApiGatewayV2::Integration',
        Properties: {
          ApiId: ref(HTTP_API_IDS.api),
          IntegrationType: 'AWS_PROXY',
          IntegrationUri: ctx.aliasArn,
          PayloadFormatVersion: '2.0',
          TimeoutInMillis: Math.min(settings.timeoutSeconds * 1000, HTTP_API_INTEGRATION_TIMEOUT_MS),
        },
      },
      ...routes(ctx),
      ...httpApiAuthResources(ctx),
      [HTTP_API_IDS.accessLogGroup]: accessLogGroup(ctx),
      [HTTP_API_IDS.stage]: stage(ctx),
      [HTTP_API_IDS.permission]: invokePermission(ctx, {
        principal: 'apigateway.amazonaws.com',
        sourceArn: stackArn('execute-api', `\${${HTTP_API_IDS.api}}/*`),
      }),
    },
    outputs: {
      [OUTPUTS.apiUrl]: { Description: 'the URL of the HTTP API ($default stage)', Value: getAtt(HTTP_API_IDS.api, 'ApiEndpoint') },
      [API_TYPE_OUTPUTS.httpApiId]: { Description: 'the HTTP API id', Value: ref(HTTP_API_IDS.api) },
    },
  };
}

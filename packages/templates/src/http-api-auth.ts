/**
 * Authorization of the HTTP API's `$default` route: IAM (SigV4), a Lambda REQUEST authorizer
 * with simple responses (`{ isAuthorized, context }`, payload 2.0), or a JWT authorizer that
 * API Gateway checks itself (issuer, audience, signature, expiry). At most one.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 */
import type { Context } from './context.js';
import { HTTP_API_IDS } from './http-api-ids.js';
import { literal, ref, stackArn, sub } from './intrinsics.js';
import { TemplateError } from './model.js';
import { invokePermission } from './permission.js';
import type { CloudFormationResource } from './settings.js';

export interface RouteAuth {
  AuthorizationType: 'NONE' | 'AWS_IAM' | 'CUSTOM' | 'JWT';
  AuthorizerId?: unknown;
}

/** The header a JWT authorizer reads the bearer token from. */
export const JWT_IDENTITY_SOURCE = '$request.header.Authorization';

/** `method.request.header.X` (the REST form the settings use) -> `$request.header.X`. */
export function httpIdentitySource(source: string): string {
  const rest = /^method\.request\.(header|querystring)\.(.+)$/.exec(source);
  if (rest) return `$request.${rest[1]}.${rest[2]}`;
  const other = /^(context|stageVariables)\.(.+)$/.exec(source);
  if (other) return `$${other[1]}.${other[2]}`;
  if (source.startsWith('$')) return source;
  throw new TemplateError(`authorizer.identitySources: expected "method.request.header.<name>", "method.request.querystring.<name>" or "context.<name>", found "${source}"`);
}

export function routeAuth(ctx: Context): RouteAuth {
  const { settings } = ctx;
  const kinds = [settings.iamAuthorization && 'iamAuthorization', settings.authorizer && 'authorizer', settings.jwtAuthorizer && 'jwtAuthorizer'].filter(Boolean);
  if (kinds.length > 1) throw new TemplateError(`${kinds.join(' and ')} are exclusive: a route has one authorization type`);
  if (settings.iamAuthorization) return { AuthorizationType: 'AWS_IAM' };
  if (settings.authorizer) return { AuthorizationType: 'CUSTOM', AuthorizerId: ref(HTTP_API_IDS.authorizer) };
  if (settings.jwtAuthorizer) return { AuthorizationType: 'JWT', AuthorizerId: ref(HTTP_API_IDS.authorizer) };
  return { AuthorizationType: 'NONE' };
}

function lambdaAuthorizer(ctx: Context): CloudFormationResource {
  const authorizer = ctx.settings.authorizer!;
  if ((authorizer.function === null) === (authorizer.arn === null)) {
    throw new TemplateError('authorizer: set exactly one of "function" and "arn"');
  }
  if (authorizer.type !== 'REQUEST') {
    throw new TemplateError('authorizer.type: an HTTP API has REQUEST authorizers only (payload 2.0, simple responses); set type: "REQUEST"');
  }
  const identity = authorizer.identitySources.map(httpIdentitySource);
  if (authorizer.resultTtl > 0 && identity.length === 0) {
    throw new TemplateError('authorizer: a REQUEST authorizer with a result cache (resultTtl > 0) needs identitySources');
  }
  const target = authorizer.arn ? literal(authorizer.arn) : ctx.aliasArn['Fn::Sub'];
  return {
    Type: 'AWS::ApiGatewayV2::Authorizer',
    ...(authorizer.arn ? {} : { DependsOn: [ctx.aliasDependsOn] }),
    Properties: {
      ApiId: ref(HTTP_API_IDS.api),
      Name: ctx.names.authorizer,
      AuthorizerType: 'REQUEST',
      AuthorizerUri: sub(`arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/${target}/invocations`),
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      AuthorizerResultTtlInSeconds: authorizer.resultTtl,
      ...(identity.length > 0 ? { IdentitySource: identity } : {}),
    },
  };
}

function jwtAuthorizer(ctx: Context): CloudFormationResource {
  const jwt = ctx.settings.jwtAuthorizer!;
  if (jwt.audience.length === 0) throw new TemplateError('jwtAuthorizer.audience: expected at least one audience');
  return {
    Type: 'AWS::ApiGatewayV2::Authorizer',
    Properties: {
      ApiId: ref(HTTP_API_IDS.api),
      Name: ctx.names.authorizer,
      AuthorizerType: 'JWT',
      IdentitySource: [JWT_IDENTITY_SOURCE],
      JwtConfiguration: { Issuer: jwt.issuer, Audience: [...jwt.audience] },
    },
  };
}

/** The authorizer and, for a Lambda authorizer, the permission that lets the API invoke it. */
export function httpApiAuthResources(ctx: Context): Record<string, CloudFormationResource> {
  const { settings } = ctx;
  routeAuth(ctx);
  if (settings.jwtAuthorizer) return { [HTTP_API_IDS.authorizer]: jwtAuthorizer(ctx) };
  if (!settings.authorizer) return {};
  return {
    [HTTP_API_IDS.authorizer]: lambdaAuthorizer(ctx),
    [HTTP_API_IDS.authorizerPermission]: invokePermission(ctx, {
      principal: 'apigateway.amazonaws.com',
      sourceArn: stackArn('execute-api', `\${${HTTP_API_IDS.api}}/authorizers/\${${HTTP_API_IDS.authorizer}}`),
      functionArn: settings.authorizer.arn,
    }),
  };
}

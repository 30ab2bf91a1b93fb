/**
 * API authentication and usage: API keys with a usage plan, IAM (SigV4) authorization, and a
 * Lambda authorizer (the stage's own function or an existing one).
 */
import type { Context } from './context.js';
import { invokePermission } from './permission.js';
import { LOGICAL_IDS, OUTPUTS } from './ids.js';
import { literal, ref, stackArn, sub, withTags } from './intrinsics.js';
import { TemplateError, type Fragment } from './model.js';
import type { CloudFormationResource } from './settings.js';

/** How every app method (not the CORS preflight) is protected. */
export interface MethodAuth {
  AuthorizationType: 'NONE' | 'AWS_IAM' | 'CUSTOM';
  AuthorizerId?: unknown;
  ApiKeyRequired: boolean;
}

export function methodAuth(ctx: Context): MethodAuth {
  const { settings } = ctx;
  if (settings.iamAuthorization && settings.authorizer) {
    throw new TemplateError('iamAuthorization and authorizer are exclusive: a method has one authorization type');
  }
  if (settings.authorizer) {
    return { AuthorizationType: 'CUSTOM', AuthorizerId: ref(LOGICAL_IDS.authorizer), ApiKeyRequired: settings.apiKeyRequired };
  }
  return { AuthorizationType: settings.iamAuthorization ? 'AWS_IAM' : 'NONE', ApiKeyRequired: settings.apiKeyRequired };
}

/** The Authorizer: part of the API's shape (its deployment hash covers it). */
export function authorizerResources(ctx: Context): Record<string, CloudFormationResource> {
  const authorizer = ctx.settings.authorizer;
  if (!authorizer) return {};
  if ((authorizer.function === null) === (authorizer.arn === null)) {
    throw new TemplateError('authorizer: set exactly one of "function" and "arn"');
  }
  const target = authorizer.arn ? literal(authorizer.arn) : ctx.aliasArn['Fn::Sub'];
  const properties: Record<string, unknown> = {
    RestApiId: ref(LOGICAL_IDS.restApi),
    Name: ctx.names.authorizer,
    Type: authorizer.type,
    AuthorizerUri: sub(`arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/${target}/invocations`),
    AuthorizerResultTtlInSeconds: authorizer.resultTtl,
  };
  if (authorizer.type === 'TOKEN') {
    properties.IdentitySource = `method.request.header.${authorizer.tokenHeader}`;
    if (authorizer.validationExpression) properties.IdentityValidationExpression = authorizer.validationExpression;
  } else if (authorizer.identitySources.length > 0) {
    properties.IdentitySource = authorizer.identitySources.join(',');
  } else if (authorizer.resultTtl > 0) {
    throw new TemplateError('authorizer: a REQUEST authorizer with a result cache (resultTtl > 0) needs identitySources');
  }
  return {
    [LOGICAL_IDS.authorizer]: {
      Type: 'AWS::ApiGateway::Authorizer',
      ...(authorizer.arn ? {} : { DependsOn: [ctx.aliasDependsOn] }),
      Properties: properties,
    },
  };
}

/** Everything else: the authorizer's invoke permission, the API key, usage plan and binding. */
export function authFragment(ctx: Context): Fragment {
  const { settings, names } = ctx;
  const resources: Record<string, CloudFormationResource> = {};
  const outputs: Fragment['outputs'] = {};
  if (settings.authorizer) {
    resources[LOGICAL_IDS.authorizerPermission] = invokePermission(ctx, {
      principal: 'apigateway.amazonaws.com',
      sourceArn: stackArn('execute-api', `\${${LOGICAL_IDS.restApi}}/authorizers/\${${LOGICAL_IDS.authorizer}}`),
      functionArn: settings.authorizer.arn,
    });
  }
  if (settings.apiKeyRequired) {
    if (!settings.apiKey) {
      resources[LOGICAL_IDS.apiKey] = {
        Type: 'AWS::ApiGateway::ApiKey',
        Properties: withTags({ Name: names.apiKey, Description: `tsappa API key of ${names.stack}`, Enabled: true }, settings.tags),
      };
    }
    const keyId = settings.apiKey ?? ref(LOGICAL_IDS.apiKey);
    const plan: Record<string, unknown> = {
      UsagePlanName: names.usagePlan,
      Description: `tsappa usage plan of ${names.stack}`,
      ApiStages: [{ ApiId: ref(LOGICAL_IDS.restApi), Stage: ref(LOGICAL_IDS.stage) }],
    };
    if (settings.usagePlan?.throttle) {
      plan.Throttle = { RateLimit: settings.usagePlan.throttle.rateLimit, BurstLimit: settings.usagePlan.throttle.burstLimit };
    }
    if (settings.usagePlan?.quota) {
      plan.Quota = { Limit: settings.usagePlan.quota.limit, Period: settings.usagePlan.quota.period };
    }
    resources[LOGICAL_IDS.usagePlan] = { Type: 'AWS::ApiGateway::UsagePlan', Properties: withTags(plan, settings.tags) };
    resources[LOGICAL_IDS.usagePlanKey] = {
      Type: 'AWS::ApiGateway::UsagePlanKey',
      Properties: { KeyId: keyId, KeyType: 'API_KEY', UsagePlanId: ref(LOGICAL_IDS.usagePlan) },
    };
    outputs[OUTPUTS.apiKeyId] = { Description: 'the id of the API key bound to the stage', Value: keyId };
  } else if (settings.usagePlan || settings.apiKey) {
    throw new TemplateError('usagePlan and apiKey only apply with apiKeyRequired: true');
  }
  return { resources, outputs };
}

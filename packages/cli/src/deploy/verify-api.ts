/**
 * Reads back the API a stage serves: its stage points at the deployment the stack created, and
 * every method on `/` and `/{proxy+}` carries the authorization the settings ask for:
 * - `ANY`: AWS_IAM with `iamAuthorization`, CUSTOM with the stage's authorizer when `authorizer`
 *   is set, NONE otherwise; an API key required with `apiKeyRequired`.
 * - `OPTIONS`: only on a protected stage with `cors`, and then answered by API Gateway itself (a
 *   MOCK integration): a preflight carries no credentials, so an OPTIONS method without auth
 *   must never reach the function. An open stage has none (`ANY` takes OPTIONS to the function,
 *   which answers preflights), nor has a protected stage without `cors`.
 * Any other method, on these paths or others, is a way in the settings did not ask for.
 * Each `ANY` invokes the stage's function through its `live` alias, with the response transfer
 * mode `responseStreaming` asks: a Lambda proxy integration (`.../invocations`, BUFFERED), or one
 * for response streaming (`.../response-streaming-invocations`, STREAM).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/response-transfer-mode-lambda.html
 */
import { GetAuthorizerCommand, GetMethodCommand, GetResourcesCommand, GetStageCommand, type APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { LIVE_ALIAS } from '@tsappa/runtime/contract';
import { stageNames, type ResolvedSettings } from '@tsappa/templates';

export type AuthorizationType = 'NONE' | 'AWS_IAM' | 'CUSTOM';

export interface ExpectedApi {
  restApiId: string;
  stageName: string;
  /** the deployment the stack created (its physical id); null when the stack does not say */
  deploymentId: string | null;
  authorizationType: AuthorizationType;
  apiKeyRequired: boolean;
  /** with CUSTOM: the authorizer's name and type */
  authorizer: { name: string; type: string } | null;
  /** a protected stage with cors: MOCK OPTIONS methods without auth; otherwise no OPTIONS at all */
  preflight: boolean;
  /** the stage's `resources` declare API methods of their own: methods off `/` and `/{proxy+}` are theirs */
  ownMethods?: boolean;
  /** what each `ANY` invokes: the function (by name) through `live`, streamed or buffered */
  invokes: { functionName: string; streaming: boolean };
}

/** A method as API Gateway holds it. */
export interface ServedMethod {
  path: string;
  httpMethod: string;
  authorizationType: string;
  apiKeyRequired: boolean;
  /** the authorizer's name (CUSTOM) */
  authorizer: string | null;
  /** the integration type: AWS_PROXY, MOCK... */
  integration: string;
  /** the integration's URI (what it invokes) */
  uri: string | null;
  /** BUFFERED (API Gateway's default) or STREAM */
  transferMode: string;
}

export interface ApiReadBack {
  stage: string;
  deploymentId: string | null;
  methods: ServedMethod[];
  differences: string[];
}

const APP_PATHS = ['/', '/{proxy+}'];

/** What the settings ask of the API's methods. */
export function expectedApi(settings: ResolvedSettings, ids: { restApiId: string; deploymentId: string | null; functionName: string }): ExpectedApi {
  const ownMethods = Object.values(settings.resources ?? {}).some((r) => (r as { Type?: unknown }).Type === 'AWS::ApiGateway::Method');
  const authorizationType: AuthorizationType = settings.authorizer ? 'CUSTOM' : settings.iamAuthorization ? 'AWS_IAM' : 'NONE';
  const protectedStage = authorizationType !== 'NONE' || settings.apiKeyRequired;
  return {
    restApiId: ids.restApiId,
    stageName: settings.stage,
    deploymentId: ids.deploymentId,
    authorizationType,
    apiKeyRequired: settings.apiKeyRequired,
    authorizer: settings.authorizer ? { name: stageNames(settings).authorizer, type: settings.authorizer.type } : null,
    preflight: protectedStage && settings.cors !== false,
    ownMethods,
    invokes: { functionName: ids.functionName, streaming: settings.responseStreaming },
  };
}

/** What an `ANY` method's integration invokes, against the function's `live` alias in the transfer mode asked. */
function integrationDifferences(name: string, method: ServedMethod, invokes: ExpectedApi['invokes']): string[] {
  if (method.integration !== 'AWS_PROXY') return [`${name}: integration ${method.integration} instead of AWS_PROXY`];
  const found: string[] = [];
  const action = invokes.streaming ? 'response-streaming-invocations' : 'invocations';
  const target = new RegExp(`/functions/arn:[^/]+:function:${invokes.functionName.replace(/[^\w-]/g, '\\$&')}:${LIVE_ALIAS}/${action}$`);
  if (!target.test(method.uri ?? '')) found.push(`${name}: invokes ${method.uri ?? '(nothing)'} instead of ${invokes.functionName}:${LIVE_ALIAS}/${action}`);
  const mode = method.transferMode;
  const wanted = invokes.streaming ? 'STREAM' : 'BUFFERED';
  if (mode !== wanted) found.push(`${name}: response transfer mode ${mode} instead of ${wanted}`);
  return found;
}

/** What differs between the methods API Gateway holds and what the settings ask. */
export function methodDifferences(methods: ServedMethod[], expected: ExpectedApi): string[] {
  const found: string[] = [];
  const protectedStage = expected.authorizationType !== 'NONE' || expected.apiKeyRequired;
  for (const path of APP_PATHS) {
    const any = methods.find((m) => m.path === path && m.httpMethod === 'ANY');
    if (!any) {
      found.push(`ANY ${path}: missing`);
    } else {
      const name = `ANY ${path}`;
      if (any.authorizationType !== expected.authorizationType) found.push(`${name}: authorization ${any.authorizationType} instead of ${expected.authorizationType}`);
      if (any.apiKeyRequired !== expected.apiKeyRequired) found.push(`${name}: API key ${any.apiKeyRequired ? 'required' : 'not required'} instead of ${expected.apiKeyRequired ? 'required' : 'not required'}`);
      if (expected.authorizer && any.authorizationType === 'CUSTOM' && any.authorizer !== expected.authorizer.name) {
        found.push(`${name}: authorizer ${any.authorizer ?? '(none)'} instead of ${expected.authorizer.name}`);
      }
      found.push(...integrationDifferences(name, any, expected.invokes));
    }
    const options = methods.find((m) => m.path === path && m.httpMethod === 'OPTIONS');
    if (expected.preflight && !options) found.push(`OPTIONS ${path}: missing (a protected stage with cors answers preflights itself)`);
  }
  for (const method of methods) {
    const name = `${method.httpMethod} ${method.path}`;
    const open = method.authorizationType === 'NONE' && !method.apiKeyRequired;
    if (method.httpMethod === 'OPTIONS' && APP_PATHS.includes(method.path)) {
      if (!expected.preflight) found.push(`${name}: not asked for by the settings (${protectedStage ? 'a protected stage without cors' : 'an open stage sends OPTIONS through ANY'})`);
      else if (method.integration !== 'MOCK') found.push(`${name}: integration ${method.integration} instead of MOCK: an unauthenticated OPTIONS would reach the function`);
      else if (!open) found.push(`${name}: authorization ${method.authorizationType}${method.apiKeyRequired ? ' with an API key' : ''} instead of NONE: browsers' preflights would be refused`);
    } else if (!(method.httpMethod === 'ANY' && APP_PATHS.includes(method.path)) && !(expected.ownMethods && !APP_PATHS.includes(method.path))) {
      found.push(`${name}: not asked for by the settings${protectedStage && open && method.integration !== 'MOCK' ? ' (an unauthenticated way in)' : ''}`);
    }
  }
  return found;
}

/** Every method of the API, with its authorization and integration. */
export async function servedMethods(apigw: APIGatewayClient, restApiId: string): Promise<ServedMethod[]> {
  const resources = (await apigw.send(new GetResourcesCommand({ restApiId, limit: 500 }))).items ?? [];
  const authorizerNames = new Map<string, string>();
  const methods: ServedMethod[] = [];
  for (const resource of resources) {
    for (const httpMethod of Object.keys(resource.resourceMethods ?? {}).sort()) {
      const method = await apigw.send(new GetMethodCommand({ restApiId, resourceId: resource.id, httpMethod }));
      let authorizer: string | null = null;
      if (method.authorizerId) {
        if (!authorizerNames.has(method.authorizerId)) {
          const found = await apigw.send(new GetAuthorizerCommand({ restApiId, authorizerId: method.authorizerId }));
          authorizerNames.set(method.authorizerId, found.name ?? method.authorizerId);
        }
        authorizer = authorizerNames.get(method.authorizerId) ?? null;
      }
      methods.push({
        path: resource.path ?? '?',
        httpMethod,
        authorizationType: method.authorizationType ?? 'NONE',
        apiKeyRequired: method.apiKeyRequired === true,
        authorizer,
        integration: method.methodIntegration?.type ?? '(none)',
        uri: method.methodIntegration?.uri ?? null,
        transferMode: method.methodIntegration?.responseTransferMode ?? 'BUFFERED',
      });
    }
  }
  return methods.sort((a, b) => `${a.path} ${a.httpMethod}`.localeCompare(`${b.path} ${b.httpMethod}`));
}

/** Reads the API stage and its methods; compares them with what the settings ask. */
export async function verifyApi(apigw: APIGatewayClient, expected: ExpectedApi): Promise<ApiReadBack> {
  const found: string[] = [];
  const stage = await apigw.send(new GetStageCommand({ restApiId: expected.restApiId, stageName: expected.stageName }));
  const deploymentId = stage.deploymentId ?? null;
  if (expected.deploymentId && deploymentId !== expected.deploymentId) {
    found.push(`API stage ${expected.stageName} serves deployment ${deploymentId ?? '(none)'} instead of ${expected.deploymentId}, the stack's`);
  }
  const methods = await servedMethods(apigw, expected.restApiId);
  found.push(...methodDifferences(methods, expected));
  return { stage: expected.stageName, deploymentId, methods, differences: found };
}

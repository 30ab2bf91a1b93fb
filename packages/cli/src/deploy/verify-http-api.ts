/**
 * Reads back the HTTP API an `apiType: "http"` stage serves (templates' http-api.ts):
 * - the `$default` route, with the authorization the settings ask for: AWS_IAM with
 *   `iamAuthorization`, CUSTOM with the stage's Lambda authorizer (`authorizer`), JWT with the
 *   stage's JWT authorizer and its issuer and audiences (`jwtAuthorizer`), NONE otherwise;
 * - on a protected stage with `cors`, the `OPTIONS /` and `OPTIONS /{proxy+}` routes without
 *   authorization (API Gateway answers browsers' preflights from the CORS configuration), and
 *   no such routes otherwise;
 * - each route's integration: AWS_PROXY to the function's `live` alias, payload format 2.0;
 * - the `$default` stage, deploying every change itself (auto-deploy).
 * Any other route is a way in the settings did not ask for (unless the stage's `resources`
 * declare routes of their own).
 */
import { GetAuthorizerCommand, GetIntegrationCommand, GetRoutesCommand, GetStageCommand, type ApiGatewayV2Client, type Route } from '@aws-sdk/client-apigatewayv2';
import { LIVE_ALIAS } from '@tsappa/runtime/contract';
import { HTTP_API_STAGE, stageNames, type ResolvedSettings } from '@tsappa/templates';
import { errorName } from './retry.js';

export type HttpAuthorizationType = 'NONE' | 'AWS_IAM' | 'CUSTOM' | 'JWT';

export interface ExpectedHttpApi {
  apiId: string;
  functionName: string;
  authorizationType: HttpAuthorizationType;
  /** with CUSTOM or JWT: the stage's authorizer (its name; a JWT authorizer's issuer and audiences) */
  authorizer: { name: string; type: 'REQUEST' | 'JWT'; issuer?: string; audience?: string[] } | null;
  /** a protected stage with cors: OPTIONS routes without authorization; otherwise none */
  preflight: boolean;
  /** the stage's `resources` declare routes of their own */
  ownRoutes: boolean;
}

/** A route as API Gateway holds it, with what it leads to. */
export interface ServedRoute {
  routeKey: string;
  authorizationType: string;
  /** the authorizer's name (CUSTOM, JWT) */
  authorizer: string | null;
  /** the integration's type, URI and payload format; null without a target */
  integration: { type: string; uri: string; payloadFormatVersion: string } | null;
}

export interface HttpApiReadBack {
  apiId: string;
  /** the $default stage, null when it is missing */
  stage: { name: string; autoDeploy: boolean } | null;
  routes: ServedRoute[];
  differences: string[];
}

const PREFLIGHT_ROUTES = ['OPTIONS /', 'OPTIONS /{proxy+}'];

/** What the settings ask of the HTTP API. */
export function expectedHttpApi(settings: ResolvedSettings, ids: { apiId: string; functionName: string }): ExpectedHttpApi {
  const jwt = settings.jwtAuthorizer ?? null;
  const authorizationType: HttpAuthorizationType = settings.iamAuthorization ? 'AWS_IAM' : settings.authorizer ? 'CUSTOM' : jwt ? 'JWT' : 'NONE';
  const name = stageNames(settings).authorizer;
  const authorizer =
    authorizationType === 'CUSTOM' ? { name, type: 'REQUEST' as const } : authorizationType === 'JWT' && jwt ? { name, type: 'JWT' as const, issuer: jwt.issuer, audience: [...jwt.audience] } : null;
  return {
    apiId: ids.apiId,
    functionName: ids.functionName,
    authorizationType,
    authorizer,
    preflight: authorizationType !== 'NONE' && settings.cors !== false,
    ownRoutes: Object.values(settings.resources ?? {}).some((r) => (r as { Type?: unknown }).Type === 'AWS::ApiGatewayV2::Route'),
  };
}

/** `arn:...:function:<name>:live`, as an ARN or inside an `.../functions/<arn>/invocations` URI. */
export function targetsLiveAlias(uri: string, functionName: string): boolean {
  return uri.replace(/\/invocations$/, '').endsWith(`:function:${functionName}:${LIVE_ALIAS}`);
}

function integrationDifferences(route: ServedRoute, expected: ExpectedHttpApi): string[] {
  const name = `route ${route.routeKey}`;
  if (!route.integration) return [`${name}: no integration (it answers nothing)`];
  const found: string[] = [];
  const { type, uri, payloadFormatVersion } = route.integration;
  if (type !== 'AWS_PROXY') found.push(`${name}: integration ${type} instead of AWS_PROXY`);
  if (!targetsLiveAlias(uri, expected.functionName)) found.push(`${name}: integration ${uri || '(none)'} instead of the ${LIVE_ALIAS} alias of ${expected.functionName}`);
  if (payloadFormatVersion !== '2.0') found.push(`${name}: payload format ${payloadFormatVersion || '(none)'} instead of 2.0`);
  return found;
}

/** What differs between the routes API Gateway holds and what the settings ask. */
export function routeDifferences(routes: ServedRoute[], expected: ExpectedHttpApi): string[] {
  const found: string[] = [];
  const wanted = expected.authorizationType;
  const fallback = routes.find((r) => r.routeKey === '$default');
  if (!fallback) found.push('route $default: missing');
  else {
    if (fallback.authorizationType !== wanted) found.push(`route $default: authorization ${fallback.authorizationType} instead of ${wanted}`);
    else if (expected.authorizer && fallback.authorizer !== expected.authorizer.name) found.push(`route $default: authorizer ${fallback.authorizer ?? '(none)'} instead of ${expected.authorizer.name}`);
    found.push(...integrationDifferences(fallback, expected));
  }
  for (const key of PREFLIGHT_ROUTES) {
    if (expected.preflight && !routes.some((r) => r.routeKey === key)) found.push(`route ${key}: missing (a protected stage with cors lets browsers' preflights through)`);
  }
  for (const route of routes) {
    if (route.routeKey === '$default') continue;
    const name = `route ${route.routeKey}`;
    if (PREFLIGHT_ROUTES.includes(route.routeKey)) {
      if (!expected.preflight) found.push(`${name}: not asked for by the settings (${wanted === 'NONE' ? 'an open stage sends OPTIONS through $default' : 'a protected stage without cors'})`);
      else if (route.authorizationType !== 'NONE') found.push(`${name}: authorization ${route.authorizationType} instead of NONE: browsers' preflights would be refused`);
      else found.push(...integrationDifferences(route, expected));
    } else if (!expected.ownRoutes) {
      found.push(`${name}: not asked for by the settings${wanted !== 'NONE' && route.authorizationType === 'NONE' ? ' (an unauthenticated way in)' : ''}`);
    }
  }
  return found;
}

/** A JWT authorizer's issuer and audiences against the settings'. */
export function jwtDifferences(found: { issuer?: string | undefined; audience?: string[] | undefined }, expected: ExpectedHttpApi): string[] {
  const wanted = expected.authorizer;
  if (wanted?.type !== 'JWT') return [];
  const differences: string[] = [];
  if (found.issuer !== wanted.issuer) differences.push(`authorizer ${wanted.name}: issuer ${found.issuer ?? '(none)'} instead of ${wanted.issuer ?? '(none)'}`);
  const sorted = (values: string[] | undefined) => [...(values ?? [])].sort().join(', ') || '(none)';
  if (sorted(found.audience) !== sorted(wanted.audience)) differences.push(`authorizer ${wanted.name}: audience ${sorted(found.audience)} instead of ${sorted(wanted.audience)}`);
  return differences;
}

async function allRoutes(v2: ApiGatewayV2Client, apiId: string): Promise<Route[]> {
  const routes: Route[] = [];
  let token: string | undefined;
  do {
    const page = await v2.send(new GetRoutesCommand({ ApiId: apiId, ...(token ? { NextToken: token } : {}) }));
    routes.push(...(page.Items ?? []));
    token = page.NextToken;
  } while (token);
  return routes;
}

/** Every route of the API with its authorizer's name and its integration; the JWT authorizers' differences. */
export async function servedRoutes(v2: ApiGatewayV2Client, expected: ExpectedHttpApi): Promise<{ routes: ServedRoute[]; differences: string[] }> {
  const apiId = expected.apiId;
  const authorizers = new Map<string, string>();
  const differences: string[] = [];
  const routes: ServedRoute[] = [];
  for (const route of await allRoutes(v2, apiId)) {
    let authorizer: string | null = null;
    if (route.AuthorizerId) {
      if (!authorizers.has(route.AuthorizerId)) {
        const found = await v2.send(new GetAuthorizerCommand({ ApiId: apiId, AuthorizerId: route.AuthorizerId }));
        authorizers.set(route.AuthorizerId, found.Name ?? route.AuthorizerId);
        if (found.AuthorizerType === 'JWT' && found.Name === expected.authorizer?.name) {
          differences.push(...jwtDifferences({ issuer: found.JwtConfiguration?.Issuer, audience: found.JwtConfiguration?.Audience }, expected));
        }
      }
      authorizer = authorizers.get(route.AuthorizerId) ?? null;
    }
    const integrationId = /^integrations\/(.+)$/.exec(route.Target ?? '')?.[1];
    let integration: ServedRoute['integration'] = null;
    if (integrationId) {
      const found = await v2.send(new GetIntegrationCommand({ ApiId: apiId, IntegrationId: integrationId }));
      integration = { type: found.IntegrationType ?? '(none)', uri: found.IntegrationUri ?? '', payloadFormatVersion: found.PayloadFormatVersion ?? '' };
    }
    routes.push({ routeKey: route.RouteKey ?? '?', authorizationType: route.AuthorizationType ?? 'NONE', authorizer, integration });
  }
  return { routes: routes.sort((a, b) => a.routeKey.localeCompare(b.routeKey)), differences };
}

/** The $default stage, or null when the API has none. */
async function defaultStage(v2: ApiGatewayV2Client, apiId: string): Promise<HttpApiReadBack['stage']> {
  try {
    const stage = await v2.send(new GetStageCommand({ ApiId: apiId, StageName: HTTP_API_STAGE }));
    return { name: stage.StageName ?? HTTP_API_STAGE, autoDeploy: stage.AutoDeploy === true };
  } catch (error) {
    if (errorName(error) === 'NotFoundException') return null;
    throw error;
  }
}

/** Reads the HTTP API's stage and routes; compares them with what the settings ask. */
export async function verifyHttpApi(v2: ApiGatewayV2Client, expected: ExpectedHttpApi): Promise<HttpApiReadBack> {
  const found: string[] = [];
  const stage = await defaultStage(v2, expected.apiId);
  if (!stage) found.push(`HTTP API ${expected.apiId}: stage ${HTTP_API_STAGE} missing (nothing is served)`);
  else if (!stage.autoDeploy) found.push(`HTTP API stage ${HTTP_API_STAGE}: auto-deploy off (changes to the routes are not served)`);
  const { routes, differences } = await servedRoutes(v2, expected);
  found.push(...routeDifferences(routes, expected), ...differences);
  return { apiId: expected.apiId, stage, routes, differences: found };
}

/**
 * Each API type's authorization, run by serve before the function sees a 2.0 request:
 *
 * - `iamAuthorization`: the SigV4 check REST stages get (sigv4.ts), scoped to the service
 *   `execute-api` (http) or `lambda` (url); unsigned or badly signed requests are refused with 403.
 * - `jwtAuthorizer` (http): a request without `Authorization: Bearer <token>` gets 401, as do
 *   tokens that are not JWTs, whose `iss` is not the issuer, whose `aud` (or `client_id`) is
 *   none of the audiences, or that have expired. Locally the SIGNATURE IS NOT VERIFIED (serve
 *   fetches no JWKS): any well-formed token with the right claims passes.
 * - `authorizer` (http): a Lambda REQUEST authorizer in payload 2.0 with simple responses:
 *   `{ isAuthorized, context }`; missing identity sources give 401, `isAuthorized: false` 403,
 *   anything else 500. Its answers are not cached locally.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
 */
import { httpIdentitySource, type ResolvedSettings } from '@tsappa/templates';
import type { InvokeOutcome } from './function-host.js';
import { gatewayAnswer, type HttpAnswer, type IncomingRequest } from './proxy-event.js';
import type { ApiV2Info, ProxyEventV2 } from './proxy-event-v2.js';
import { verifySigV4, type LocalCredentials } from './sigv4.js';

export type AuthV2Decision = { ok: true } | { ok: false; answer: HttpAnswer; reason: string };

export const V2_ANSWERS = {
  unauthorized: () => gatewayAnswer(401, 'Unauthorized', 'UnauthorizedException'),
  forbidden: () => gatewayAnswer(403, 'Forbidden', 'ForbiddenException'),
  authorizerFailure: () => gatewayAnswer(500, 'Internal Server Error', 'AuthorizerConfigurationException'),
} as const;

export interface AuthV2Options {
  settings: ResolvedSettings;
  api: ApiV2Info;
  credentials: LocalCredentials[];
  /** runs the Lambda authorizer (the stage's function, or the local stand-in of an `arn` one) */
  invokeAuthorizer: (event: unknown) => Promise<InvokeOutcome>;
  now?: () => number;
}

function decodeClaims(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as unknown;
    return claims !== null && typeof claims === 'object' && !Array.isArray(claims) ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Checks a bearer token's claims as the JWT authorizer does, all but its signature. */
export function checkJwt(authorization: string | undefined, jwt: { issuer: string; audience: string[] }, nowMs: number): { claims: Record<string, unknown> } | { reason: string } {
  if (!authorization) return { reason: 'no bearer token' };
  const token = authorization.replace(/^Bearer\s+/i, '');
  const claims = decodeClaims(token);
  if (!claims) return { reason: 'the token is not a JWT' };
  if (claims.iss !== jwt.issuer) return { reason: `the token's issuer is not ${jwt.issuer}` };
  const audiences = [claims.aud, claims.client_id].flat().filter((a): a is string => typeof a === 'string');
  if (!audiences.some((a) => jwt.audience.includes(a))) return { reason: 'the token is for another audience' };
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= nowMs) return { reason: 'the token has expired (or has no exp)' };
  return { claims };
}

function identityValue(source: string, event: ProxyEventV2): string | undefined {
  const [, kind, name] = /^\$request\.(header|querystring)\.(.+)$/.exec(source) ?? [];
  if (kind === 'header') return event.headers[name!.toLowerCase()];
  if (kind === 'querystring') return event.queryStringParameters?.[name!];
  return undefined;
}

/** A simple response, or (the stand-ins of `arn` authorizers answer so) an IAM policy. */
function isAuthorized(value: unknown): { authorized: boolean; context: Record<string, unknown> } | null {
  if (value === null || typeof value !== 'object') return null;
  const v = value as { isAuthorized?: unknown; context?: unknown; policyDocument?: { Statement?: { Effect?: string }[] } };
  const context = v.context !== null && typeof v.context === 'object' ? (v.context as Record<string, unknown>) : {};
  if (typeof v.isAuthorized === 'boolean') return { authorized: v.isAuthorized, context };
  const statements = v.policyDocument?.Statement;
  if (Array.isArray(statements)) return { authorized: statements.length > 0 && statements.every((s) => s.Effect === 'Allow'), context };
  return null;
}

async function lambdaAuthorizer(event: ProxyEventV2, options: AuthV2Options): Promise<AuthV2Decision> {
  const authorizer = options.settings.authorizer!;
  const sources = authorizer.identitySources.map(httpIdentitySource);
  const identitySource = sources.map((s) => identityValue(s, event));
  if (identitySource.some((v) => v === undefined || v === '')) return { ok: false, answer: V2_ANSWERS.unauthorized(), reason: `missing identity source ${sources.join(', ')}` };
  const { api } = options;
  const routeArn = `arn:aws:execute-api:${api.region}:${api.accountId}:${api.apiId}/$default/${event.requestContext.http.method}${event.rawPath}`;
  const outcome = await options.invokeAuthorizer({ ...event, type: 'REQUEST', routeArn, identitySource });
  if (!outcome.ok) return { ok: false, answer: V2_ANSWERS.authorizerFailure(), reason: `authorizer failed: ${outcome.error.errorMessage}` };
  const answer = isAuthorized(outcome.value);
  if (!answer) return { ok: false, answer: V2_ANSWERS.authorizerFailure(), reason: 'authorizer answered neither { isAuthorized } nor a policy' };
  if (!answer.authorized) return { ok: false, answer: V2_ANSWERS.forbidden(), reason: 'authorizer refused' };
  event.requestContext.authorizer = { lambda: answer.context };
  return { ok: true };
}

/** Runs the stage's authorization on `event`, filling `requestContext.authorizer` when it admits it. */
export async function authorizeV2(request: IncomingRequest, event: ProxyEventV2, options: AuthV2Options): Promise<AuthV2Decision> {
  const { settings } = options;
  if (settings.iamAuthorization) {
    // a Function URL checks signatures for the service `lambda`, an HTTP API for `execute-api`
    const verified = verifySigV4(request, options.credentials, settings.awsRegion, (options.now ?? Date.now)(), options.api.type === 'url' ? 'lambda' : 'execute-api');
    if (!verified.ok) return { ok: false, answer: verified.answer, reason: verified.reason };
    const { accessKeyId, userArn } = verified.credentials;
    event.requestContext.authorizer = {
      iam: { accessKey: accessKeyId, accountId: options.api.accountId, callerId: accessKeyId, userArn: userArn ?? `arn:aws:iam::${options.api.accountId}:user/tsappa-local`, userId: accessKeyId },
    };
    return { ok: true };
  }
  if (settings.jwtAuthorizer) {
    const checked = checkJwt(event.headers.authorization, settings.jwtAuthorizer, (options.now ?? Date.now)());
    if ('reason' in checked) return { ok: false, answer: V2_ANSWERS.unauthorized(), reason: checked.reason };
    event.requestContext.authorizer = { jwt: { claims: checked.claims, scopes: null } };
    return { ok: true };
  }
  if (settings.authorizer) return lambdaAuthorizer(event, options);
  return { ok: true };
}

/**
 * Helpers for a Lambda authorizer (TOKEN or REQUEST) that runs in the stage's function:
 *
 *   export async function authorize(event: AuthorizerEvent) {
 *     const user = await verify(event.authorizationToken);
 *     if (!user) throw unauthorized();                           // 401
 *     return allow(event, user.id, { context: { role: user.role } });
 *   }
 *
 * `allow`/`deny` cover the whole API (`.../stage/*` + `/*`) by default: API Gateway caches the
 * policy for `resultTtl` seconds per identity, and a policy naming only the first method called
 * would deny the others while it is cached. Pass `resource` to narrow it.
 */

export type AuthorizerContextValue = string | number | boolean;

export interface AuthorizerPolicyDocument {
  Version: '2012-10-17';
  Statement: Array<{ Action: 'execute-api:Invoke'; Effect: 'Allow' | 'Deny'; Resource: string | string[] }>;
}

export interface AuthorizerResult {
  principalId: string;
  policyDocument: AuthorizerPolicyDocument;
  context?: Record<string, AuthorizerContextValue>;
  usageIdentifierKey?: string;
}

export interface PolicyOptions {
  /** passed to the integration as $context.authorizer.<key>: strings, numbers, booleans only */
  context?: Record<string, AuthorizerContextValue>;
  /** resources instead of the whole API */
  resource?: string | string[];
  /** the API key for the usage plan, when the API takes keys from the authorizer */
  usageIdentifierKey?: string;
}

/** The part of an authorizer event the helpers read. */
export interface AuthorizerEventLike {
  methodArn?: string;
  routeArn?: string;
}

/**
 * `arn:aws:execute-api:region:account:apiId/stage/VERB/path` → `arn:aws:execute-api:region:account:apiId/stage/*`
 * (every method and path of the stage).
 */
export function apiWildcardArn(methodArn: string): string {
  // arn:aws:execute-api:region:account:apiId / stage / VERB / path...
  const [api, stage] = methodArn.split('/');
  if (!api || !/^arn:[^:]+:execute-api:[^:]*:[^:]*:[^:/]+$/.test(api) || !stage) throw new TypeError(`not an execute-api method ARN: ${methodArn}`);
  return `${api}/${stage}/*`;
}

function checkContext(context: Record<string, unknown>): Record<string, AuthorizerContextValue> {
  for (const [key, value] of Object.entries(context)) {
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      throw new TypeError(`authorizer context ${key} is ${value === null ? 'null' : typeof value}; API Gateway accepts strings, numbers and booleans only`);
    }
  }
  return context as Record<string, AuthorizerContextValue>;
}

/** A policy with one statement. */
export function authorizerPolicy(effect: 'Allow' | 'Deny', principalId: string, resource: string | string[], options: Omit<PolicyOptions, 'resource'> = {}): AuthorizerResult {
  if (!principalId) throw new TypeError('an authorizer policy needs a principalId');
  const result: AuthorizerResult = {
    principalId,
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }] },
  };
  if (options.context) result.context = checkContext(options.context);
  if (options.usageIdentifierKey) result.usageIdentifierKey = options.usageIdentifierKey;
  return result;
}

function defaultResource(event: AuthorizerEventLike): string {
  const arn = event.methodArn ?? event.routeArn;
  if (!arn) throw new TypeError('the authorizer event has no methodArn; pass { resource }');
  return apiWildcardArn(arn);
}

/** Allow `principalId` on the whole API (or `options.resource`). */
export function allow(event: AuthorizerEventLike, principalId: string, options: PolicyOptions = {}): AuthorizerResult {
  return authorizerPolicy('Allow', principalId, options.resource ?? defaultResource(event), options);
}

/** Deny `principalId` (403) on the whole API (or `options.resource`). */
export function deny(event: AuthorizerEventLike, principalId: string, options: PolicyOptions = {}): AuthorizerResult {
  return authorizerPolicy('Deny', principalId, options.resource ?? defaultResource(event), options);
}

/** The error an authorizer throws for a 401: API Gateway matches the message "Unauthorized". */
export function unauthorized(): Error {
  return new Error('Unauthorized');
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof Error && error.message === 'Unauthorized';
}

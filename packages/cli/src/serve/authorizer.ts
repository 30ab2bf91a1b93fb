/**
 * The stage's Lambda authorizer, run as API Gateway runs it: a TOKEN or REQUEST event sent to
 * the function, its IAM policy applied to the request's method ARN (wildcards included), the
 * policy cached for `resultTtl` seconds per identity source (a cached policy is applied to each
 * new method ARN, as on AWS), and its `context` passed on in `requestContext.authorizer` (values
 * stringified, as API Gateway does; a non-scalar value is an AuthorizerConfigurationException).
 */
import type { AuthorizerSettings } from '@tsappa/templates';
import type { InvokeOutcome } from './function-host.js';
import { GATEWAY, findHeader, type HttpAnswer, type ProxyEvent } from './proxy-event.js';

export interface AuthorizerApi {
  region: string;
  accountId: string;
  apiId: string;
  stage: string;
}

export type AuthorizerDecision =
  | { allowed: true; authorizer: Record<string, unknown>; cached: boolean }
  | { allowed: false; answer: HttpAnswer; reason: string };

interface PolicyStatement {
  Effect?: unknown;
  Action?: unknown;
  Resource?: unknown;
}

export interface AuthorizerResult {
  principalId: string;
  policyDocument: { Version?: string; Statement: PolicyStatement | PolicyStatement[] };
  context?: Record<string, string | number | boolean>;
  usageIdentifierKey?: string;
}

/** The method ARN API Gateway gives the authorizer: `arn:aws:execute-api:region:account:api/stage/METHOD/path`. */
export function methodArn(api: AuthorizerApi, httpMethod: string, path: string): string {
  return `arn:aws:execute-api:${api.region}:${api.accountId}:${api.apiId}/${api.stage}/${httpMethod}/${path.replace(/^\//, '')}`;
}

/** IAM-style wildcard match: `*` any run of characters, `?` exactly one. */
export function wildcardMatch(pattern: string, value: string): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, 's').test(value);
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]);

/** Evaluates a policy for `execute-api:Invoke` on `arn`: an explicit Deny wins, then an Allow. */
export function evaluatePolicy(result: AuthorizerResult, arn: string): 'allow' | 'deny' | 'explicit-deny' {
  const statements = Array.isArray(result.policyDocument.Statement) ? result.policyDocument.Statement : [result.policyDocument.Statement];
  let allowed = false;
  for (const statement of statements) {
    const actionMatches = list(statement.Action).some((action) => wildcardMatch(action.toLowerCase(), 'execute-api:invoke'));
    const resourceMatches = list(statement.Resource).some((resource) => wildcardMatch(resource, arn));
    if (!actionMatches || !resourceMatches) continue;
    if (statement.Effect === 'Deny') return 'explicit-deny';
    if (statement.Effect === 'Allow') allowed = true;
  }
  return allowed ? 'allow' : 'deny';
}

function validResult(value: unknown): value is AuthorizerResult {
  if (!value || typeof value !== 'object') return false;
  const r = value as Record<string, unknown>;
  if (typeof r.principalId !== 'string' && typeof r.principalId !== 'number') return false;
  const doc = r.policyDocument as Record<string, unknown> | undefined;
  if (!doc || typeof doc !== 'object' || !doc.Statement || typeof doc.Statement !== 'object') return false;
  if (r.context !== undefined && r.context !== null) {
    if (typeof r.context !== 'object') return false;
    for (const v of Object.values(r.context as Record<string, unknown>)) {
      if (!['string', 'number', 'boolean'].includes(typeof v)) return false;
    }
  }
  return true;
}

/** Reads one identity source (`method.request.header.X`, `...querystring.q`, `context.x`, `stageVariables.x`). */
export function identitySourceValue(source: string, event: ProxyEvent): string | undefined {
  const header = /^method\.request\.(multivalue)?header\.(.+)$/i.exec(source);
  if (header) {
    const name = header[2] as string;
    if (header[1]) {
      const key = Object.keys(event.multiValueHeaders ?? {}).find((k) => k.toLowerCase() === name.toLowerCase());
      return key ? event.multiValueHeaders?.[key]?.join(',') : undefined;
    }
    return findHeader(event.headers, name);
  }
  const query = /^method\.request\.(multivalue)?querystring\.(.+)$/i.exec(source);
  if (query) {
    const name = query[2] as string;
    return query[1] ? event.multiValueQueryStringParameters?.[name]?.join(',') : event.queryStringParameters?.[name];
  }
  const stageVar = /^stageVariables\.(.+)$/.exec(source);
  if (stageVar) return event.stageVariables?.[stageVar[1] as string];
  const context = /^context\.(.+)$/.exec(source);
  if (context) {
    let value: unknown = event.requestContext;
    for (const part of (context[1] as string).split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
    return value === undefined || value === null ? undefined : String(value);
  }
  return undefined;
}

export class LocalAuthorizer {
  private cache = new Map<string, { expires: number; result: AuthorizerResult }>();

  constructor(
    private readonly settings: AuthorizerSettings,
    private readonly invoke: (event: unknown) => Promise<InvokeOutcome>,
    private readonly api: AuthorizerApi,
    private readonly now: () => number = Date.now,
  ) {}

  /** Forgets cached policies (e.g. after a rebuild). */
  clear(): void {
    this.cache.clear();
  }

  async authorize(event: ProxyEvent): Promise<AuthorizerDecision> {
    const arn = methodArn(this.api, event.httpMethod, event.path);
    const unauthorized = (reason: string): AuthorizerDecision => ({ allowed: false, answer: GATEWAY.unauthorized(), reason });
    let authorizerEvent: Record<string, unknown>;
    let cacheKey: string;
    if (this.settings.type === 'TOKEN') {
      const token = findHeader(event.headers, this.settings.tokenHeader);
      if (!token) return unauthorized(`no ${this.settings.tokenHeader} header`);
      if (this.settings.validationExpression && !new RegExp(`^(?:${this.settings.validationExpression})$`).test(token)) {
        return unauthorized('token does not match validationExpression');
      }
      authorizerEvent = { type: 'TOKEN', methodArn: arn, authorizationToken: token };
      cacheKey = token;
    } else {
      const sources = this.settings.identitySources;
      const values = sources.map((source) => identitySourceValue(source, event));
      if (this.settings.resultTtl > 0 && values.some((v) => v === undefined || v === '')) {
        return unauthorized(`missing identity source (${sources.join(', ')})`);
      }
      authorizerEvent = {
        type: 'REQUEST',
        methodArn: arn,
        resource: event.resource,
        path: event.path,
        httpMethod: event.httpMethod,
        headers: event.headers,
        multiValueHeaders: event.multiValueHeaders,
        queryStringParameters: event.queryStringParameters,
        multiValueQueryStringParameters: event.multiValueQueryStringParameters,
        pathParameters: event.pathParameters,
        stageVariables: event.stageVariables,
        requestContext: event.requestContext,
      };
      cacheKey = JSON.stringify(values);
    }

    const started = this.now();
    let cached = false;
    let result: AuthorizerResult;
    const hit = this.settings.resultTtl > 0 ? this.cache.get(cacheKey) : undefined;
    if (hit && hit.expires > started) {
      result = hit.result;
      cached = true;
    } else {
      const outcome = await this.invoke(authorizerEvent);
      if (!outcome.ok) {
        if (outcome.error.errorMessage === 'Unauthorized') return unauthorized('the authorizer answered Unauthorized');
        return { allowed: false, answer: GATEWAY.authorizerFailure(), reason: `authorizer error: ${outcome.error.errorMessage}` };
      }
      if (!validResult(outcome.value)) {
        return { allowed: false, answer: GATEWAY.authorizerFailure(), reason: 'the authorizer returned an invalid policy' };
      }
      result = outcome.value;
      if (this.settings.resultTtl > 0) this.cache.set(cacheKey, { expires: started + this.settings.resultTtl * 1000, result });
    }

    const verdict = evaluatePolicy(result, arn);
    if (verdict !== 'allow') {
      return {
        allowed: false,
        answer: GATEWAY.accessDenied(verdict === 'explicit-deny'),
        reason: verdict === 'explicit-deny' ? `explicit deny for ${arn}` : `no Allow for ${arn}`,
      };
    }
    return {
      allowed: true,
      cached,
      // API Gateway hands the context on with every value stringified
      authorizer: {
        ...Object.fromEntries(Object.entries(result.context ?? {}).map(([k, v]) => [k, String(v)])),
        principalId: String(result.principalId),
        integrationLatency: cached ? 0 : this.now() - started,
      },
    };
  }
}

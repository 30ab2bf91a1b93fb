import { describe, expect, it } from 'vitest';
import type { AuthorizerSettings } from '@tsappa/templates';
import { LocalAuthorizer, evaluatePolicy, identitySourceValue, methodArn, wildcardMatch, type AuthorizerResult } from './authorizer.js';
import type { InvokeOutcome } from './function-host.js';
import { routeOf, toProxyEvent } from './proxy-event.js';

const api = { region: 'eu-west-1', accountId: '000000000000', apiId: 'local', stage: 'dev' };
const policy = (effect: 'Allow' | 'Deny', resource: string | string[], action: string | string[] = 'execute-api:Invoke'): AuthorizerResult => ({
  principalId: 'me',
  policyDocument: { Version: '2012-10-17', Statement: [{ Effect: effect, Action: action, Resource: resource }] },
});

function event(method: string, url: string, headers: string[] = []) {
  const path = url.split('?')[0]!;
  return toProxyEvent({ method, url, rawHeaders: headers, body: Buffer.alloc(0), sourceIp: '127.0.0.1' }, routeOf(path, 'dev')!, {
    stage: 'dev',
    apiId: 'local',
    accountId: '000000000000',
    binaryMediaTypes: [],
  });
}

describe('policies', () => {
  const arn = methodArn(api, 'GET', '/quote/daily');

  it('builds the method ARN from the real path', () => {
    expect(arn).toBe('arn:aws:execute-api:eu-west-1:000000000000:local/dev/GET/quote/daily');
    expect(methodArn(api, 'POST', '/')).toBe('arn:aws:execute-api:eu-west-1:000000000000:local/dev/POST/');
  });

  it('matches IAM wildcards', () => {
    expect(wildcardMatch('arn:aws:execute-api:*:*:*/dev/*/*', arn)).toBe(true);
    expect(wildcardMatch('arn:aws:execute-api:eu-west-1:000000000000:local/dev/GET/quote/*', arn)).toBe(true);
    expect(wildcardMatch('arn:aws:execute-api:eu-west-1:000000000000:local/dev/POST/*', arn)).toBe(false);
    expect(wildcardMatch('arn:aws:execute-api:eu-west-1:000000000000:local/dev/GE?/quote/daily', arn)).toBe(true);
    expect(wildcardMatch('*', arn)).toBe(true);
  });

  it('lets an explicit Deny win and needs an Allow', () => {
    expect(evaluatePolicy(policy('Allow', '*'), arn)).toBe('allow');
    expect(evaluatePolicy(policy('Allow', ['arn:aws:execute-api:*:*:*/dev/POST/*']), arn)).toBe('deny');
    expect(evaluatePolicy(policy('Allow', '*', 's3:GetObject'), arn)).toBe('deny');
    expect(evaluatePolicy(policy('Allow', '*', ['execute-api:*']), arn)).toBe('allow');
    const both: AuthorizerResult = {
      principalId: 'me',
      policyDocument: { Statement: [policy('Allow', '*').policyDocument.Statement as never, { Effect: 'Deny', Action: '*', Resource: arn }] },
    };
    expect(evaluatePolicy(both, arn)).toBe('explicit-deny');
  });

  it('reads identity sources', () => {
    const e = event('GET', '/dev/x?q=1&q=2', ['X-Token', 't', 'x-multi', 'a', 'x-multi', 'b']);
    expect(identitySourceValue('method.request.header.x-token', e)).toBe('t');
    expect(identitySourceValue('method.request.multivalueheader.X-Multi', e)).toBe('a,b');
    expect(identitySourceValue('method.request.querystring.q', e)).toBe('2');
    expect(identitySourceValue('method.request.multivaluequerystring.q', e)).toBe('1,2');
    expect(identitySourceValue('context.httpMethod', e)).toBe('GET');
    expect(identitySourceValue('context.identity.sourceIp', e)).toBe('127.0.0.1');
    expect(identitySourceValue('stageVariables.x', e)).toBeUndefined();
  });
});

describe('LocalAuthorizer', () => {
  const settings: AuthorizerSettings = {
    function: 'src/auth.ts:authorize',
    arn: null,
    type: 'TOKEN',
    resultTtl: 60,
    tokenHeader: 'Authorization',
    validationExpression: '^Bearer [a-z]+$',
    identitySources: ['method.request.header.Authorization'],
  };

  function fake(result: AuthorizerResult | Error) {
    const calls: unknown[] = [];
    const invoke = async (e: unknown): Promise<InvokeOutcome> => {
      calls.push(e);
      return result instanceof Error
        ? { ok: false, requestId: 'r', error: { errorType: 'Error', errorMessage: result.message }, timedOut: false, durationMs: 1 }
        : { ok: true, requestId: 'r', value: { ...result, context: { n: calls.length, flag: true } }, durationMs: 1 };
    };
    return { calls, invoke };
  }

  it('sends a TOKEN event, checks validationExpression and caches per token for resultTtl', async () => {
    let now = 1_000_000;
    const { calls, invoke } = fake(policy('Allow', 'arn:aws:execute-api:*:*:local/dev/GET/*'));
    const authorizer = new LocalAuthorizer(settings, invoke, api, () => now);
    const get = event('GET', '/dev/a', ['Authorization', 'Bearer abc']);
    const first = await authorizer.authorize(get);
    expect(first).toMatchObject({ allowed: true, cached: false, authorizer: { principalId: 'me', n: '1', flag: 'true' } });
    expect(calls[0]).toEqual({ type: 'TOKEN', methodArn: 'arn:aws:execute-api:eu-west-1:000000000000:local/dev/GET/a', authorizationToken: 'Bearer abc' });
    expect(await authorizer.authorize(get)).toMatchObject({ allowed: true, cached: true, authorizer: { n: '1' } });
    // the cached GET-only policy does not cover POST
    expect(await authorizer.authorize(event('POST', '/dev/a', ['Authorization', 'Bearer abc']))).toMatchObject({ allowed: false, reason: expect.stringMatching(/no Allow/) });
    expect(calls).toHaveLength(1);
    now += 61_000;
    expect(await authorizer.authorize(get)).toMatchObject({ allowed: true, cached: false, authorizer: { n: '2' } });
    // a token not matching the expression never reaches the function
    const bad = await authorizer.authorize(event('GET', '/dev/a', ['Authorization', 'Basic xyz']));
    expect(bad.allowed === false && bad.answer.statusCode).toBe(401);
    expect(calls).toHaveLength(2);
  });

  it('maps authorizer failures like API Gateway', async () => {
    const unauthorized = new LocalAuthorizer(settings, fake(new Error('Unauthorized')).invoke, api);
    const e = event('GET', '/dev/a', ['Authorization', 'Bearer abc']);
    expect(await unauthorized.authorize(e)).toMatchObject({ allowed: false, answer: { statusCode: 401 } });
    const broken = new LocalAuthorizer(settings, fake(new Error('boom')).invoke, api);
    expect(await broken.authorize(e)).toMatchObject({ allowed: false, answer: { statusCode: 500 } });
    const invalid = new LocalAuthorizer(settings, async () => ({ ok: true, requestId: 'r', value: { nope: 1 }, durationMs: 1 }), api);
    expect(await invalid.authorize(e)).toMatchObject({ allowed: false, answer: { statusCode: 500 }, reason: expect.stringMatching(/invalid policy/) });
    const nested = new LocalAuthorizer(settings, async () => ({ ok: true, requestId: 'r', value: { ...policy('Allow', '*'), context: { a: { b: 1 } } }, durationMs: 1 }), api);
    expect(await nested.authorize(e)).toMatchObject({ allowed: false, answer: { statusCode: 500 } });
  });

  it('sends a REQUEST event and refuses missing identity sources when caching', async () => {
    const { calls, invoke } = fake(policy('Allow', '*'));
    const authorizer = new LocalAuthorizer({ ...settings, type: 'REQUEST', validationExpression: null, identitySources: ['method.request.querystring.key'] }, invoke, api);
    expect(await authorizer.authorize(event('GET', '/dev/a'))).toMatchObject({ allowed: false, answer: { statusCode: 401 } });
    expect(await authorizer.authorize(event('GET', '/dev/a?key=k'))).toMatchObject({ allowed: true });
    expect(calls[0]).toMatchObject({ type: 'REQUEST', httpMethod: 'GET', path: '/a', queryStringParameters: { key: 'k' }, requestContext: { stage: 'dev' } });
  });
});

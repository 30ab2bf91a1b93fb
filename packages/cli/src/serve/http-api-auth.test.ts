import { describe, expect, it } from 'vitest';
import type { ResolvedSettings } from '@tsappa/templates';
import { defaultSettings } from '../../test/settings.js';
import type { InvokeOutcome } from './function-host.js';
import { authorizeV2, checkJwt } from './http-api-auth.js';
import { toProxyEventV2, type ApiV2Info } from './proxy-event-v2.js';

const API: ApiV2Info = { type: 'http', apiId: 'local', accountId: '000000000000', region: 'eu-west-1' };
const JWT = { issuer: 'https://issuer.example.com', audience: ['web'] };
const NOW = Date.UTC(2026, 0, 1);
const token = (claims: Record<string, unknown>) => ['e30', Buffer.from(JSON.stringify(claims)).toString('base64url'), 'sig'].join('.');
const VALID = { iss: JWT.issuer, aud: 'web', exp: NOW / 1000 + 60, sub: 'u1' };

function run(overrides: Partial<ResolvedSettings>, headers: string[] = [], answer?: unknown) {
  const settings = defaultSettings('/p', { awsRegion: 'eu-west-1', apiType: 'http', ...overrides });
  const request = { method: 'GET', url: '/q?token=t', rawHeaders: headers, body: Buffer.alloc(0), sourceIp: '127.0.0.1' };
  const event = toProxyEventV2(request, API, 'r');
  const calls: unknown[] = [];
  const invokeAuthorizer = (e: unknown): Promise<InvokeOutcome> => {
    calls.push(e);
    return Promise.resolve({ ok: true, requestId: 'a', durationMs: 0, value: answer });
  };
  return authorizeV2(request, event, { settings, api: API, credentials: [], invokeAuthorizer, now: () => NOW }).then((decision) => ({ decision, event, calls }));
}

describe('JWT authorizer (serve)', () => {
  it('refuses a request without a bearer token with 401', async () => {
    const { decision } = await run({ jwtAuthorizer: JWT });
    expect(decision).toMatchObject({ ok: false, answer: { statusCode: 401 }, reason: 'no bearer token' });
  });

  it('refuses another issuer, another audience, an expired token and a non-JWT', async () => {
    for (const bad of [token({ ...VALID, iss: 'https://evil' }), token({ ...VALID, aud: 'other' }), token({ ...VALID, exp: NOW / 1000 - 1 }), 'not-a-jwt']) {
      const { decision } = await run({ jwtAuthorizer: JWT }, ['Authorization', `Bearer ${bad}`]);
      expect(decision, bad).toMatchObject({ ok: false, answer: { statusCode: 401 } });
    }
  });

  it('admits a token with the right claims and hands them to the function', async () => {
    const { decision, event } = await run({ jwtAuthorizer: JWT }, ['Authorization', `Bearer ${token(VALID)}`]);
    expect(decision).toEqual({ ok: true });
    expect(event.requestContext.authorizer).toEqual({ jwt: { claims: VALID, scopes: null } });
    expect(checkJwt(token({ ...VALID, aud: undefined, client_id: 'web' }), JWT, NOW)).toHaveProperty('claims');
  });
});

describe('IAM (serve)', () => {
  it('refuses an unsigned request with 403', async () => {
    const { decision } = await run({ iamAuthorization: true });
    expect(decision).toMatchObject({ ok: false, answer: { statusCode: 403 } });
  });
});

describe('Lambda REQUEST authorizer with simple responses (serve)', () => {
  const authorizer = { function: 'src/auth.ts:check', arn: null, type: 'REQUEST' as const, resultTtl: 0, tokenHeader: 'Authorization', validationExpression: null, identitySources: ['method.request.header.Authorization'] };

  it('refuses a request without the identity source with 401, never calling the authorizer', async () => {
    const { decision, calls } = await run({ authorizer }, [], { isAuthorized: true });
    expect(decision).toMatchObject({ ok: false, answer: { statusCode: 401 } });
    expect(calls).toEqual([]);
  });

  it('sends the 2.0 REQUEST event and refuses isAuthorized false with 403', async () => {
    const { decision, calls } = await run({ authorizer }, ['Authorization', 'let-me-in'], { isAuthorized: false });
    expect(decision).toMatchObject({ ok: false, answer: { statusCode: 403 } });
    expect(calls[0]).toMatchObject({ version: '2.0', type: 'REQUEST', identitySource: ['let-me-in'], routeArn: 'arn:aws:execute-api:eu-west-1:000000000000:local/$default/GET/q' });
  });

  it('admits isAuthorized true and passes its context as authorizer.lambda', async () => {
    const { decision, event } = await run({ authorizer }, ['Authorization', 'let-me-in'], { isAuthorized: true, context: { user: 'u1' } });
    expect(decision).toEqual({ ok: true });
    expect(event.requestContext.authorizer).toEqual({ lambda: { user: 'u1' } });
  });

  it('answers 500 for an answer that is neither a simple response nor a policy', async () => {
    const { decision } = await run({ authorizer }, ['Authorization', 'x'], { allowed: 'yes' });
    expect(decision).toMatchObject({ ok: false, answer: { statusCode: 500 } });
  });
});

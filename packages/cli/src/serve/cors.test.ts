import { describe, expect, it } from 'vitest';
import type { CorsSettings, ResolvedSettings } from '@tsappa/templates';
import { mockPreflight, staticAllowOrigin, withCorsHeaders } from './cors.js';
import { GATEWAY } from './proxy-event.js';

const cors = (over: Partial<CorsSettings> = {}): CorsSettings => ({
  allowOrigins: ['*'],
  allowHeaders: ['Content-Type'],
  allowMethods: ['GET', 'OPTIONS'],
  allowCredentials: false,
  maxAge: 600,
  ...over,
});

describe('cors', () => {
  it('has a static origin only when one value says it', () => {
    expect(staticAllowOrigin(cors())).toBe('*');
    expect(staticAllowOrigin(cors({ allowCredentials: true }))).toBeNull();
    expect(staticAllowOrigin(cors({ allowOrigins: ['https://a.example'] }))).toBe('https://a.example');
    expect(staticAllowOrigin(cors({ allowOrigins: ['https://a.example', 'https://b.example'] }))).toBeNull();
  });

  it('adds the gateway responses headers to gateway errors', () => {
    const answer = withCorsHeaders(GATEWAY.forbidden(), cors({ allowOrigins: ['https://a.example'], allowCredentials: true }));
    expect(answer.headers).toEqual(expect.arrayContaining(['Access-Control-Allow-Origin', 'https://a.example', 'Access-Control-Allow-Credentials', 'true']));
    expect(withCorsHeaders(GATEWAY.forbidden(), false)).toEqual(GATEWAY.forbidden());
    expect(withCorsHeaders(GATEWAY.forbidden(), cors({ allowOrigins: ['https://a', 'https://b'] })).headers).not.toContain('Access-Control-Allow-Origin');
  });

  const stage = (over: Partial<Pick<ResolvedSettings, 'iamAuthorization' | 'apiKeyRequired' | 'authorizer'>> = {}, c: CorsSettings | false = cors()) => ({
    cors: c,
    iamAuthorization: false,
    apiKeyRequired: false,
    authorizer: null,
    ...over,
  });

  it('answers OPTIONS itself (as the MOCK does) only on a protected stage with cors', () => {
    expect(mockPreflight(stage({ iamAuthorization: true }), 'OPTIONS', 'https://a.example')?.statusCode).toBe(204);
    expect(mockPreflight(stage({ apiKeyRequired: true }), 'OPTIONS', undefined)?.statusCode).toBe(204);
    // open stage: OPTIONS goes to the function like any method; the runtime answers preflights
    expect(mockPreflight(stage(), 'OPTIONS', 'https://a.example')).toBeNull();
    // no cors: OPTIONS goes through the stage's auth like any method
    expect(mockPreflight(stage({ iamAuthorization: true }, false), 'OPTIONS', 'https://a.example')).toBeNull();
    expect(mockPreflight(stage({ iamAuthorization: true }), 'GET', 'https://a.example')).toBeNull();
  });

  it("gives the MOCK's headers: static ones, and an allowed origin echoed when several are allowed", () => {
    const headers = (answer: ReturnType<typeof mockPreflight>) => Object.fromEntries((answer?.headers ?? []).flatMap((v, i, all) => (i % 2 === 0 ? [[v, all[i + 1]]] : [])));
    expect(headers(mockPreflight(stage({ apiKeyRequired: true }), 'OPTIONS', 'https://x.example'))).toMatchObject({
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET,OPTIONS',
      'Access-Control-Allow-Headers': 'Content-Type',
      'Access-Control-Max-Age': '600',
    });
    const several = stage({ apiKeyRequired: true }, cors({ allowOrigins: ['https://a.example', 'https://b.example'], allowCredentials: true }));
    expect(headers(mockPreflight(several, 'OPTIONS', 'https://b.example'))).toMatchObject({ 'Access-Control-Allow-Origin': 'https://b.example', Vary: 'Origin', 'Access-Control-Allow-Credentials': 'true' });
    expect(headers(mockPreflight(several, 'OPTIONS', 'https://evil.example'))['Access-Control-Allow-Origin']).toBeUndefined();
  });
});

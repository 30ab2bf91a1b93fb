import { describe, expect, it } from 'vitest';
import type { CorsSettings } from '@tsappa/templates';
import { bypassesAuth, staticAllowOrigin, withCorsHeaders } from './cors.js';
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

  it('sends OPTIONS to the function without auth only with cors', () => {
    expect(bypassesAuth(cors(), 'OPTIONS')).toBe(true);
    expect(bypassesAuth(cors(), 'GET')).toBe(false);
    expect(bypassesAuth(false, 'OPTIONS')).toBe(false);
  });
});

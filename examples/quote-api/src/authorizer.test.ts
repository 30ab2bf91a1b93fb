import { afterEach, describe, expect, it, vi } from 'vitest';
import { authorize } from './authorizer.js';

const methodArn = 'arn:aws:execute-api:ap-south-1:123456789012:abc123/dev_auth/GET/quote';

afterEach(() => vi.unstubAllEnvs());

describe('the TOKEN authorizer', () => {
  it('allows a known bearer token for the whole API, with the user in the context', async () => {
    vi.stubEnv('QUOTE_API_TOKENS', 'alice:let-me-in,bob:open-sesame');
    const result = await authorize({ type: 'TOKEN', authorizationToken: 'Bearer open-sesame', methodArn });
    expect(result.principalId).toBe('bob');
    expect(result.context).toEqual({ user: 'bob' });
    expect(result.policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow', Action: 'execute-api:Invoke' });
    expect(JSON.stringify(result.policyDocument.Statement[0]?.Resource)).toContain('abc123/dev_auth/*');
  });

  it('denies an unknown token', async () => {
    vi.stubEnv('QUOTE_API_TOKENS', 'alice:let-me-in');
    const result = await authorize({ type: 'TOKEN', authorizationToken: 'Bearer nope', methodArn });
    expect(result.policyDocument.Statement[0]?.Effect).toBe('Deny');
  });

  it('answers Unauthorized (401) without a bearer token', async () => {
    vi.stubEnv('QUOTE_API_TOKENS', 'alice:let-me-in');
    await expect(authorize({ type: 'TOKEN', methodArn })).rejects.toThrow('Unauthorized');
    await expect(authorize({ type: 'TOKEN', authorizationToken: 'let-me-in', methodArn })).rejects.toThrow('Unauthorized');
  });
});

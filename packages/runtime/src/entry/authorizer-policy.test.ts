import { describe, expect, it } from 'vitest';
import { METHOD_ARN } from './__fixtures__/events.js';
import { allow, apiWildcardArn, authorizerPolicy, deny, isUnauthorized, unauthorized } from './authorizer-policy.js';

describe('authorizer policy helpers', () => {
  it('widens a method ARN to the whole stage', () => {
    expect(apiWildcardArn(METHOD_ARN)).toBe('arn:aws:execute-api:us-east-1:123456789012:abcdef1234/dev/*');
    expect(apiWildcardArn('arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/POST/')).toBe('arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/*');
    expect(() => apiWildcardArn('arn:aws:s3:::bucket')).toThrow('not an execute-api method ARN');
  });

  it('builds Allow and Deny policies with context and a usage key', () => {
    expect(allow({ methodArn: METHOD_ARN }, 'u1', { context: { role: 'admin', level: 3, beta: true }, usageIdentifierKey: 'key-1' })).toEqual({
      principalId: 'u1',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/dev/*' }],
      },
      context: { role: 'admin', level: 3, beta: true },
      usageIdentifierKey: 'key-1',
    });
    expect(deny({ methodArn: METHOD_ARN }, 'u2', { resource: METHOD_ARN }).policyDocument.Statement[0]).toEqual({
      Action: 'execute-api:Invoke',
      Effect: 'Deny',
      Resource: METHOD_ARN,
    });
    expect(authorizerPolicy('Allow', 'u3', ['a', 'b']).policyDocument.Statement[0]!.Resource).toEqual(['a', 'b']);
  });

  it('refuses context values API Gateway refuses, and an empty principal', () => {
    expect(() => allow({ methodArn: METHOD_ARN }, 'u', { context: { nested: { a: 1 } as unknown as string } })).toThrow(
      'authorizer context nested is object; API Gateway accepts strings, numbers and booleans only',
    );
    expect(() => allow({ methodArn: METHOD_ARN }, '')).toThrow('needs a principalId');
    expect(() => allow({}, 'u')).toThrow('pass { resource }');
  });

  it('unauthorized() is the 401 error API Gateway expects', () => {
    expect(unauthorized().message).toBe('Unauthorized');
    expect(isUnauthorized(unauthorized())).toBe(true);
    expect(isUnauthorized(new Error('nope'))).toBe(false);
  });
});

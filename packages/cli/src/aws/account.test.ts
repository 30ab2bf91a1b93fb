import { describe, expect, it } from 'vitest';
import { arnAccount, defaultBucketName } from './account.js';

describe('account', () => {
  it('reads the account id out of a stack ARN', () => {
    expect(arnAccount('arn:aws:cloudformation:eu-west-1:123456789012:stack/quote-api-dev/0f1e2d3c')).toBe('123456789012');
    expect(arnAccount('arn:aws-cn:cloudformation:cn-north-1:210987654321:stack/x/y')).toBe('210987654321');
  });

  it('gives null for anything that is not an ARN with an account', () => {
    expect(arnAccount(undefined)).toBeNull();
    expect(arnAccount('quote-api-dev')).toBeNull();
    expect(arnAccount('arn:aws:s3:::bucket/key')).toBeNull();
  });

  it('names the default bucket after the account and region', () => {
    expect(defaultBucketName('123456789012', 'eu-west-1')).toBe('tsappa-123456789012-eu-west-1');
  });
});

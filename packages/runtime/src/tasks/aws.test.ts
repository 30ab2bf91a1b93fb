import { describe, expect, it } from 'vitest';
import { clientConfig, endpointFor, regionOfArn } from './aws.js';

describe('AWS client configuration', () => {
  it('uses no endpoint by default', () => {
    expect(clientConfig('lambda', undefined, {})).toEqual({});
    expect(clientConfig('s3', 'eu-west-1', {})).toEqual({ region: 'eu-west-1', followRegionRedirects: true });
  });

  it('honours AWS_ENDPOINT_URL and uses path-style S3 with it', () => {
    const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:5000' };
    expect(clientConfig('s3', undefined, env)).toEqual({ endpoint: 'http://127.0.0.1:5000', forcePathStyle: true, followRegionRedirects: true });
    expect(clientConfig('sns', undefined, env)).toEqual({ endpoint: 'http://127.0.0.1:5000' });
  });

  it('prefers the service-specific endpoint', () => {
    const env = { AWS_ENDPOINT_URL: 'http://a', AWS_ENDPOINT_URL_LAMBDA: 'http://b', AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://c' };
    expect(endpointFor('lambda', env)).toBe('http://b');
    expect(endpointFor('secretsmanager', env)).toBe('http://c');
    expect(endpointFor('dynamodb', env)).toBe('http://a');
  });

  it('reads the region of an ARN', () => {
    expect(regionOfArn('arn:aws:sns:eu-west-3:123456789012:topic')).toBe('eu-west-3');
    expect(regionOfArn('arn:aws:s3:::bucket')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../test/settings.js';
import { CliError } from '../cli/errors.js';
import { certificatePlan } from './certify.js';

const EAST = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';
const WEST = 'arn:aws:acm:eu-west-1:123456789012:certificate/abc';

const thrown = (run: () => unknown): CliError => {
  try {
    run();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected a CliError');
};

describe('certify and apiType', () => {
  it('plans an http stage as a REGIONAL domain with its certificate in the stage region', () => {
    expect(certificatePlan(defaultSettings('/p', { apiType: 'http', awsRegion: 'eu-west-1', domain: 'api.example.com', certificateArn: WEST }))).toEqual({
      endpoint: 'REGIONAL',
      region: 'eu-west-1',
      arn: WEST,
    });
    // certificate: "auto" is requested in the stage's region, not us-east-1 as for EDGE
    expect(certificatePlan(defaultSettings('/p', { apiType: 'http', awsRegion: 'eu-west-1', domain: 'api.example.com', certificate: 'auto', hostedZoneId: 'Z1' }))).toEqual({
      endpoint: 'REGIONAL',
      region: 'eu-west-1',
      arn: null,
    });
  });

  it('refuses an http stage whose certificate is in us-east-1 while the stage is elsewhere, whatever endpointConfiguration says', () => {
    const error = thrown(() =>
      certificatePlan(defaultSettings('/p', { apiType: 'http', awsRegion: 'eu-west-1', endpointConfiguration: 'EDGE', domain: 'api.example.com', certificateArn: EAST })),
    );
    expect(error.message).toBe("an HTTP API's domain (always REGIONAL) needs its certificate in the stage's region (eu-west-1), but certificateArn is in us-east-1");
    expect(error.exitCode).toBe(2);
  });

  it('refuses an http stage without a certificate or without a domain, naming the settings', () => {
    expect(() => certificatePlan(defaultSettings('/p', { apiType: 'http', domain: 'api.example.com' }))).toThrow('set "certificateArn", or "certificate": "auto" with "hostedZoneId"');
    expect(() => certificatePlan(defaultSettings('/p', { apiType: 'http', domain: 'api.example.com', certificate: 'auto' }))).toThrow(/needs "hostedZoneId"/);
    expect(() => certificatePlan(defaultSettings('/p', { apiType: 'http', certificateArn: EAST }))).toThrow('stage "dev" has no "domain" in its settings');
  });

  it('refuses a url stage, which has no custom domain, pointing at CloudFront or apiType http', () => {
    const error = thrown(() => certificatePlan(defaultSettings('/p', { apiType: 'url', domain: 'api.example.com', certificateArn: EAST })));
    expect(error.message).toBe('stage "dev" has apiType "url": a Function URL has no custom domain');
    expect(error.hint).toBe('put CloudFront in front of it, or use apiType "http"');
  });

  it('still plans a REST stage', () => {
    expect(certificatePlan(defaultSettings('/p', { domain: 'api.example.com', certificateArn: EAST }))).toMatchObject({ endpoint: 'EDGE', arn: EAST });
  });
});

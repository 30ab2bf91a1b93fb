import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../test/settings.js';
import { CliError } from '../cli/errors.js';
import { certificatePlan } from './certify.js';

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';

describe('certify and apiType', () => {
  it('refuses an http stage, saying its stack makes the domain', () => {
    const settings = defaultSettings('/p', { apiType: 'http', domain: 'api.example.com', certificateArn: CERT });
    let error: unknown;
    try {
      certificatePlan(settings);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toBe('certify maps REST APIs; stage "dev" has apiType "http"');
    expect((error as CliError).hint).toContain('its stack creates the domain name api.example.com');
  });

  it('refuses a url stage, which has no custom domain', () => {
    expect(() => certificatePlan(defaultSettings('/p', { apiType: 'url', domain: 'api.example.com', certificateArn: CERT }))).toThrow(/apiType "url"/);
  });

  it('still plans a REST stage', () => {
    expect(certificatePlan(defaultSettings('/p', { domain: 'api.example.com', certificateArn: CERT }))).toMatchObject({ endpoint: 'EDGE', arn: CERT });
  });
});

import { describe, expect, it } from 'vitest';
import { awsSuiteGate } from './gate.js';

const creds = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' };

describe('the real-AWS suite gate', () => {
  it('is skipped unless asked for', () => {
    expect(awsSuiteGate({ ...creds })).toMatchObject({ run: false });
    expect(awsSuiteGate({ ...creds, TSAPPA_E2E_AWS: 'yes' })).toMatchObject({ run: false });
  });

  it('never runs against AWS under CI=true, even when asked and with credentials', () => {
    for (const CI of ['true', '1']) {
      const gate = awsSuiteGate({ ...creds, TSAPPA_E2E_AWS: '1', CI });
      expect(gate).toMatchObject({ run: false });
      expect(gate.run === false && gate.reason).toContain('CI=true');
    }
  });

  it('needs credentials for a real account, and says which', () => {
    const gate = awsSuiteGate({ TSAPPA_E2E_AWS: '1' });
    expect(gate.run === false && gate.reason).toMatch(/AWS_PROFILE/);
    expect(awsSuiteGate({ TSAPPA_E2E_AWS: '1', AWS_PROFILE: 'sandbox' })).toEqual({ run: true, target: 'aws', region: 'us-east-1' });
  });

  it('runs in the region asked for', () => {
    expect(awsSuiteGate({ ...creds, TSAPPA_E2E_AWS: '1', AWS_REGION: 'eu-west-1' })).toEqual({ run: true, target: 'aws', region: 'eu-west-1' });
    expect(awsSuiteGate({ ...creds, TSAPPA_E2E_AWS: '1', AWS_REGION: 'eu-west-1', TSAPPA_E2E_AWS_REGION: 'ap-south-1' })).toMatchObject({ region: 'ap-south-1' });
  });

  it('rehearses against moto without an account', () => {
    expect(awsSuiteGate({ TSAPPA_E2E_AWS: 'moto', CI: 'true' })).toEqual({ run: true, target: 'moto' });
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorTopicArn, reportError } from './errors.js';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('error reports', () => {
  it('go to <function>-errors in the function’s own account and region', () => {
    vi.stubEnv('ERROR_TOPIC_ARN', '');
    expect(errorTopicArn('arn:aws:lambda:ap-south-1:123456789012:function:quote-api-dev:live')).toBe('arn:aws:sns:ap-south-1:123456789012:quote-api-dev-errors');
    expect(errorTopicArn(undefined)).toBeNull();
    vi.stubEnv('ERROR_TOPIC_ARN', 'arn:aws:sns:us-east-1:1:elsewhere');
    expect(errorTopicArn('arn:aws:lambda:ap-south-1:123456789012:function:quote-api-dev')).toBe('arn:aws:sns:us-east-1:1:elsewhere');
  });

  it('are logged locally, and never swallow the error (a failed task is retried)', async () => {
    vi.stubEnv('QUOTE_API_LOCAL', '1');
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const event = { 'tsappa:task': { name: 'sendSms', id: '1' } };
    await expect(reportError(new TypeError('bad'), event, { invokedFunctionArn: 'arn:aws:lambda:x:1:function:f' })).resolves.toBe(false);
    expect(logged).toHaveBeenCalledWith('[error-topic] quote-api: TypeError in task sendSms: bad');
  });
});

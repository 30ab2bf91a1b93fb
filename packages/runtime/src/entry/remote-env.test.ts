import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeAws } from '../tasks/__fixtures__/fake-ops.js';
import { setAwsOps } from '../tasks/ops.js';
import { applyEnv, applyRemoteEnv, parseRemoteEnvDocument, parseRemoteEnvSource } from './remote-env.js';

const SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:quote-api/dev-AbCdEf';
let aws: FakeAws;
beforeEach(() => {
  aws = new FakeAws();
  setAwsOps(aws);
});
afterEach(() => setAwsOps(null));

describe('remoteEnv', () => {
  it('parses its source', () => {
    expect(parseRemoteEnvSource('s3://bucket/dev/env.json')).toEqual({ kind: 's3', bucket: 'bucket', key: 'dev/env.json' });
    expect(parseRemoteEnvSource(SECRET)).toEqual({ kind: 'secret', arn: SECRET });
    expect(() => parseRemoteEnvSource('https://example.com/env.json')).toThrow('expected s3://bucket/key.json or a Secrets Manager secret ARN');
    expect(() => parseRemoteEnvSource('s3://bucket')).toThrow();
  });

  it('turns a JSON object into variables', () => {
    expect(parseRemoteEnvDocument('{"A":"x","B":2,"C":false}')).toEqual({ A: 'x', B: '2', C: 'false' });
    expect(() => parseRemoteEnvDocument('[1]')).toThrow('expected a JSON object of variables, got an array');
    expect(() => parseRemoteEnvDocument('{"A":{"b":1}}')).toThrow('the value of A is object; use a string, number or boolean');
    expect(() => parseRemoteEnvDocument('{"A":null}')).toThrow('the value of A is null');
    expect(() => parseRemoteEnvDocument('{"bad-name":"x"}')).toThrow('"bad-name" is not a valid environment variable name');
    expect(() => parseRemoteEnvDocument('{oops')).toThrow('not JSON');
  });

  it('never overrides the variables Lambda reserves', () => {
    const env: NodeJS.ProcessEnv = { AWS_LAMBDA_FUNCTION_NAME: 'fn', EXISTING: 'old' };
    expect(applyEnv({ AWS_LAMBDA_FUNCTION_NAME: 'evil', AWS_SECRET_ACCESS_KEY: 'x', EXISTING: 'new', NEW_ONE: '1' }, env)).toEqual({
      applied: ['EXISTING', 'NEW_ONE'],
      skipped: ['AWS_LAMBDA_FUNCTION_NAME', 'AWS_SECRET_ACCESS_KEY'],
    });
    expect(env).toEqual({ AWS_LAMBDA_FUNCTION_NAME: 'fn', EXISTING: 'new', NEW_ONE: '1' });
  });

  it('reads an S3 object or a secret', async () => {
    aws.put('cfg', 'env.json', '{"DB":"postgres://s3"}');
    aws.secrets.set(SECRET, '{"DB":"postgres://secret","PORT":5432}');
    const env: NodeJS.ProcessEnv = {};
    expect(await applyRemoteEnv('s3://cfg/env.json', env)).toEqual(['DB']);
    expect(env.DB).toBe('postgres://s3');
    expect(await applyRemoteEnv(SECRET, env)).toEqual(['DB', 'PORT']);
    expect(env).toEqual({ DB: 'postgres://secret', PORT: '5432' });
  });
});

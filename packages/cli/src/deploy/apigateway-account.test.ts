/**
 * The account's API Gateway CloudWatch Logs role (apigateway-account.ts), over a fake of the
 * AWS calls: set only when the stage logs and none is set, a role reused or created with the
 * managed policy only, IAM's delay after CreateRole waited out, and a refusal that names the fix.
 * test/apigateway-account.int.test.ts runs the same step against moto.
 */
import { describe, expect, it } from 'vitest';
import { createContext } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import { defaultSettings } from '../../test/settings.js';
import { sink } from '../../test/run-cli.js';
import { ensureApiGatewayLogRole, LOG_ROLE_NAME, LOG_ROLE_TRUST_POLICY, type LogRoleApi } from './apigateway-account.js';

const ROLE_ARN = `arn:aws:iam::123456789012:role/${LOG_ROLE_NAME}`;

class FakeAccount implements LogRoleApi {
  roleArn: string | null = null;
  roles = new Map<string, { arn: string; trust: object; policies: string[] }>();
  calls: string[] = [];
  /** UpdateAccount answers "not ready" this many times (IAM still spreading the role) */
  notReadyFor = 0;
  deny: string | null = null;

  private call(name: string): void {
    this.calls.push(name);
    if (this.deny === name) throw Object.assign(new Error(`User: arn:aws:iam::123456789012:user/ci is not authorized to perform: iam:${name}`), { name: 'AccessDenied' });
  }
  async currentRoleArn() {
    this.call('GetAccount');
    return this.roleArn;
  }
  async findRole(name: string) {
    this.call('GetRole');
    return this.roles.get(name)?.arn ?? null;
  }
  async createRole(name: string, trust: object) {
    this.call('CreateRole');
    const arn = `arn:aws:iam::123456789012:role/${name}`;
    this.roles.set(name, { arn, trust, policies: [] });
    return arn;
  }
  async attachManagedPolicy(roleName: string, policyName: string, partition: string) {
    this.call('AttachRolePolicy');
    this.roles.get(roleName)?.policies.push(`arn:${partition}:iam::aws:policy/service-role/${policyName}`);
  }
  async setRoleArn(arn: string) {
    this.call('UpdateAccount');
    if (this.notReadyFor > 0) {
      this.notReadyFor--;
      throw Object.assign(new Error('The role ARN does not have required permissions set to API Gateway'), { name: 'BadRequestException' });
    }
    this.roleArn = arn;
  }
}

function context() {
  const stderr = sink();
  const ctx = createContext({ json: false, yes: true, quiet: false, verbose: false }, { stdout: sink(), stderr, interactive: false });
  return { ctx, stderr };
}

const settings = (overrides = {}) => defaultSettings('/project', { awsRegion: 'eu-west-1', ...overrides });
const noWait = { sleep: async () => {}, intervalMs: 1 };

describe('the account CloudWatch Logs role for API Gateway', () => {
  it('with no role set: creates one only API Gateway can assume, with the managed policy only, sets it, and says so in one line', async () => {
    const api = new FakeAccount();
    const { ctx, stderr } = context();
    expect(await ensureApiGatewayLogRole(ctx, settings(), api, noWait)).toBe('created');
    expect(api.roleArn).toBe(ROLE_ARN);
    expect(api.roles.get(LOG_ROLE_NAME)).toEqual({ arn: ROLE_ARN, trust: LOG_ROLE_TRUST_POLICY, policies: ['arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs'] });
    expect(LOG_ROLE_TRUST_POLICY.Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    const lines = stderr.text.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/API Gateway in eu-west-1 had no CloudWatch Logs role .*created the role tsappa-apigateway-cloudwatch-logs \(only AmazonAPIGatewayPushToCloudWatchLogs\)/);
  });

  it('never replaces a role the account already has, and writes nothing', async () => {
    const api = new FakeAccount();
    api.roleArn = 'arn:aws:iam::123456789012:role/company-apigw-logs';
    const { ctx, stderr } = context();
    expect(await ensureApiGatewayLogRole(ctx, settings(), api, noWait)).toBe('already-set');
    expect(api.calls).toEqual(['GetAccount']);
    expect(api.roleArn).toBe('arn:aws:iam::123456789012:role/company-apigw-logs');
    expect(stderr.text).toBe('');
  });

  it('reuses the role created for another region', async () => {
    const api = new FakeAccount();
    api.roles.set(LOG_ROLE_NAME, { arn: ROLE_ARN, trust: LOG_ROLE_TRUST_POLICY, policies: [] });
    const { ctx } = context();
    expect(await ensureApiGatewayLogRole(ctx, settings(), api, noWait)).toBe('reused');
    expect(api.calls).not.toContain('CreateRole');
    expect(api.roleArn).toBe(ROLE_ARN);
  });

  it('makes no call at all for a stage without API logs or without an API', async () => {
    for (const overrides of [{ accessLogging: false as const, executionLogging: 'off' as const }, { apiGateway: false }]) {
      const api = new FakeAccount();
      expect(await ensureApiGatewayLogRole(context().ctx, settings(overrides), api, noWait)).toBe('not-needed');
      expect(api.calls).toEqual([]);
    }
  });

  it('either kind of logging alone needs the role', async () => {
    for (const overrides of [{ accessLogging: false as const }, { executionLogging: 'off' as const }]) {
      const api = new FakeAccount();
      expect(await ensureApiGatewayLogRole(context().ctx, settings(overrides), api, noWait)).toBe('created');
    }
  });

  it('waits while IAM spreads a new role, then sets it', async () => {
    const api = new FakeAccount();
    api.notReadyFor = 3;
    expect(await ensureApiGatewayLogRole(context().ctx, settings(), api, noWait)).toBe('created');
    expect(api.calls.filter((c) => c === 'UpdateAccount')).toHaveLength(4);
    expect(api.roleArn).toBe(ROLE_ARN);
  });

  it('gives up after the propagation deadline with an error naming the fix', async () => {
    const api = new FakeAccount();
    api.notReadyFor = Number.POSITIVE_INFINITY;
    const error = await ensureApiGatewayLogRole(context().ctx, settings(), api, { ...noWait, propagationMs: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toMatch(/could not set the role tsappa-apigateway-cloudwatch-logs in API Gateway's account settings: The role ARN does not have required permissions/);
    expect((error as CliError).hint).toMatch(/aws apigateway update-account --region eu-west-1 --patch-operations op=replace,path=\/cloudwatchRoleArn,value=<role ARN>/);
  });

  it('credentials that may not create roles get the commands an administrator runs, or how to turn the logs off', async () => {
    const api = new FakeAccount();
    api.deny = 'CreateRole';
    const error = (await ensureApiGatewayLogRole(context().ctx, settings(), api, noWait).catch((e: unknown) => e)) as CliError;
    expect(error).toBeInstanceOf(CliError);
    expect(error.message).toMatch(/^API Gateway in eu-west-1 has no CloudWatch Logs role, which the stage's access and execution logs need, and tsappa could not create the role tsappa-apigateway-cloudwatch-logs: User: .* is not authorized/);
    expect(error.hint).toMatch(/ask an administrator/);
    expect(error.hint).toMatch(/"accessLogging": false, "executionLogging": "off" in \/project\/tsappa\.json/);
    expect(api.roleArn).toBeNull();
  });

  it('credentials that may not read the account settings get the permission to ask for', async () => {
    const api = new FakeAccount();
    api.deny = 'GetAccount';
    const error = (await ensureApiGatewayLogRole(context().ctx, settings(), api, noWait).catch((e: unknown) => e)) as CliError;
    expect(error).toBeInstanceOf(CliError);
    expect(error.message).toMatch(/^could not read API Gateway's account settings in eu-west-1, to check the CloudWatch Logs role the stage's logs need: User: .* is not authorized/);
    expect(error.hint).toMatch(/allow apigateway:GET on arn:aws:apigateway:eu-west-1::\/account, or turn the stage's logs off/);
    expect(api.calls).toEqual(['GetAccount']);
  });
});

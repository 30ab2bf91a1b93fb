import { ENV, LIVE_ALIAS } from '@tsappa/runtime/contract';
import { describe, expect, it } from 'vitest';
import { ARTIFACT } from './__fixtures__/settings.js';
import { env, render, resource } from './__fixtures__/template.js';
import { OUTPUTS } from './ids.js';
import { TemplateError } from './model.js';

describe('function, log group, version and alias', () => {
  it('sets no NODE_OPTIONS of its own (the runtime maps stack traces lazily); a stage\'s own is kept as written', () => {
    expect(env(render({}))?.NODE_OPTIONS).toBeUndefined();
    expect(env(render({ environmentVariables: { NODE_OPTIONS: '--max-semi-space-size=32' } }))?.NODE_OPTIONS).toBe('--max-semi-space-size=32');
  });

  it('runs the app in production mode (NODE_ENV) unless the stage sets its own', () => {
    expect(env(render({}))?.NODE_ENV).toBe('production');
    expect(env(render({ environmentVariables: { NODE_ENV: 'staging' } }))?.NODE_ENV).toBe('staging');
  });

  it('runs the artifact from S3 with the stage settings', () => {
    const t = render({
      runtime: 'nodejs24.x',
      architecture: 'arm64',
      memorySize: 2048,
      timeoutSeconds: 60,
      ephemeralStorage: 4096,
      layers: ['arn:aws:lambda:us-east-1:123456789012:layer:sharp:3'],
      tags: { team: 'quotes', env: 'dev' },
    });
    const fn = resource(t, 'Function');
    expect(fn.Type).toBe('AWS::Lambda::Function');
    expect(fn.Properties).toMatchObject({
      FunctionName: 'quote-api-dev',
      Handler: ARTIFACT.handler,
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 2048,
      Timeout: 60,
      EphemeralStorage: { Size: 4096 },
      Code: { S3Bucket: ARTIFACT.bucket, S3Key: ARTIFACT.key },
      Role: { 'Fn::GetAtt': ['ExecutionRole', 'Arn'] },
      Layers: ['arn:aws:lambda:us-east-1:123456789012:layer:sharp:3'],
      Tags: [
        { Key: 'env', Value: 'dev' },
        { Key: 'team', Value: 'quotes' },
      ],
    });
    expect(fn.Properties.TracingConfig).toBeUndefined();
    expect(fn.Properties.VpcConfig).toBeUndefined();
    expect(fn.Properties.DeadLetterConfig).toBeUndefined();
  });

  it('sets the runtime contract environment next to the user variables', () => {
    const t = render({ environmentVariables: { LOG_LEVEL: 'debug' } });
    expect(env(t)).toEqual({
      NODE_ENV: 'production',
      LOG_LEVEL: 'debug',
      [ENV.stage]: 'dev',
      [ENV.deploymentBucket]: ARTIFACT.bucket,
      [ENV.taskTable]: { Ref: 'TaskTable' },
    });
  });

  it('refuses TSAPPA_ variables, names Lambda refuses and an environment over 4 KB', () => {
    expect(() => render({ environmentVariables: { TSAPPA_STAGE: 'x' } })).toThrow(TemplateError);
    expect(() => render({ environmentVariables: { BIG: 'x'.repeat(4000) } })).toThrow(/remoteEnv/);
    expect(() => render({ environmentVariables: { A: 'x' } })).toThrow(/2 characters/);
    expect(() => render({ environmentVariables: { 'MY-VAR': 'x' } })).toThrow(TemplateError);
  });

  it('turns on tracing, VPC and a dead-letter target', () => {
    const t = render({
      xrayTracing: true,
      vpcConfig: { subnetIds: ['subnet-1'], securityGroupIds: ['sg-1'] },
      deadLetterArn: 'arn:aws:sqs:us-east-1:123456789012:failed',
    });
    const p = resource(t, 'Function').Properties;
    expect(p.TracingConfig).toEqual({ Mode: 'Active' });
    expect(p.VpcConfig).toEqual({ SubnetIds: ['subnet-1'], SecurityGroupIds: ['sg-1'] });
    expect(p.DeadLetterConfig).toEqual({ TargetArn: 'arn:aws:sqs:us-east-1:123456789012:failed' });
  });

  it('uses an existing role instead of generating one', () => {
    const t = render({ role: 'arn:aws:iam::123456789012:role/app' });
    expect(resource(t, 'Function').Properties.Role).toBe('arn:aws:iam::123456789012:role/app');
    expect(t.Resources.ExecutionRole).toBeUndefined();
  });

  it('creates the log group with its retention before the function, and keeps it with the stack gone', () => {
    const t = render({ logRetentionDays: 14 });
    const group = resource(t, 'FunctionLogGroup');
    expect(group.Properties).toEqual({ LogGroupName: '/aws/lambda/quote-api-dev', RetentionInDays: 14 });
    expect(group.DeletionPolicy).toBe('Retain');
    expect(resource(t, 'Function').DependsOn).toContain('FunctionLogGroup');
  });

  it('leaves out a log group that already exists outside the stack', () => {
    const t = render({}, { existingLogGroup: true });
    expect(t.Resources.FunctionLogGroup).toBeUndefined();
    expect(resource(t, 'Function').DependsOn).toBeUndefined();
    expect(JSON.stringify(t)).toContain('log-group:/aws/lambda/quote-api-dev:*');
  });

  it('publishes a retained version and points the live alias at it', () => {
    const t = render();
    const version = resource(t, 'FunctionVersion');
    expect(version.Type).toBe('AWS::Lambda::Version');
    expect(version.DeletionPolicy).toBe('Retain');
    expect(version.UpdateReplacePolicy).toBe('Retain');
    const alias = resource(t, 'FunctionAlias');
    expect(alias.Properties).toMatchObject({
      Name: LIVE_ALIAS,
      FunctionName: { Ref: 'Function' },
      FunctionVersion: { 'Fn::GetAtt': ['FunctionVersion', 'Version'] },
    });
    expect(t.Outputs[OUTPUTS.aliasArn]!.Value).toEqual({ 'Fn::Sub': '${Function.Arn}:live' });
    expect(Object.keys(t.Outputs)).toEqual(expect.arrayContaining([OUTPUTS.functionName, OUTPUTS.functionArn, OUTPUTS.functionVersion]));
  });

  it('keeps provisionedConcurrency environments initialized on the live alias, none by default', () => {
    expect(resource(render(), 'FunctionAlias').Properties.ProvisionedConcurrencyConfig).toBeUndefined();
    const t = render({ provisionedConcurrency: 3 });
    expect(resource(t, 'FunctionAlias').Properties.ProvisionedConcurrencyConfig).toEqual({ ProvisionedConcurrentExecutions: 3 });
    // on the alias, not the version: changing it publishes no new version
    expect(resource(t, 'FunctionVersion').Properties.Description).toBe(resource(render(), 'FunctionVersion').Properties.Description);
  });

  it('publishes a new version when code or configuration changes, not otherwise', () => {
    const description = (t: ReturnType<typeof render>) => resource(t, 'FunctionVersion').Properties.Description as string;
    const base = description(render());
    expect(description(render())).toBe(base);
    expect(description(render({ memorySize: 1024 }))).not.toBe(base);
    expect(description(render({}, { artifact: { ...ARTIFACT, key: 'other.zip' } }))).not.toBe(base);
    expect(description(render({}, { artifact: { ...ARTIFACT, slimArchive: { key: 'a.tgz', sha256: 'ab' } } }))).not.toBe(base);
    // a renamed resource the environment refers to (by Ref) publishes a version that names it
    expect(description(render({ asyncResponseTable: 'renamed-tasks' }))).not.toBe(base);
    // a change elsewhere in the stack leaves the version alone
    expect(description(render({ cors: { allowOrigins: ['*'], allowHeaders: [], allowMethods: [], allowCredentials: false, maxAge: null } }))).toBe(base);
  });
});

import type { FunctionConfiguration, LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { CliError } from '../cli/errors.js';
import { differences, environmentValues, readBackLine, verifiedLine, verifyLive, type Expected, type VerifiedReport } from './verify.js';

const EXPECTED: Expected = {
  functionName: 'quote-api-dev',
  versions: ['3'],
  codeSha256: 'c29tZS1jb2Rl',
  memorySize: 1024,
  timeoutSeconds: 25,
  architecture: 'arm64',
  layers: ['arn:aws:lambda:us-east-1:123456789012:layer:sharp:4'],
  environmentKeys: ['TSAPPA_APP', 'GREETING'],
  tracing: 'Active',
  deadLetter: true,
  subnetIds: ['subnet-a', 'subnet-b'],
  securityGroupIds: ['sg-1'],
};

const SERVING: FunctionConfiguration = {
  CodeSha256: 'c29tZS1jb2Rl',
  MemorySize: 1024,
  Timeout: 25,
  Architectures: ['arm64'],
  Layers: [{ Arn: 'arn:aws:lambda:us-east-1:123456789012:layer:sharp:4' }],
  Environment: { Variables: { GREETING: 'hello', TSAPPA_APP: 'src/app.ts:app' } },
  TracingConfig: { Mode: 'Active' },
  DeadLetterConfig: { TargetArn: 'arn:aws:sqs:us-east-1:123456789012:quote-api-dev-dlq' },
  VpcConfig: { SubnetIds: ['subnet-b', 'subnet-a'], SecurityGroupIds: ['sg-1'], VpcId: 'vpc-1' },
};

/** A Lambda that serves `live` -> `aliasVersion`, each version with its configuration. */
function fakeLambda(aliasVersion: string, versions: Record<string, FunctionConfiguration>) {
  const calls: { name: string; input: Record<string, unknown> }[] = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const name = command.constructor.name.replace(/Command$/, '');
      calls.push({ name, input: command.input });
      if (name === 'GetAlias') return { FunctionVersion: aliasVersion };
      if (name === 'GetFunctionConfiguration') return { Version: command.input.Qualifier, ...versions[String(command.input.Qualifier)] };
      throw new Error(`unexpected ${name}`);
    },
  };
  return { client: client as unknown as LambdaClient, calls };
}

describe('verifying what live serves', () => {
  it('reads the version live points at, not $LATEST, and prints one line when it matches', async () => {
    const { client, calls } = fakeLambda('3', { '3': SERVING });
    const verified = await verifyLive(client, EXPECTED);
    expect(verified).toMatchObject({ version: '3', differences: [] });
    expect(calls).toEqual([
      { name: 'GetAlias', input: { FunctionName: 'quote-api-dev', Name: 'live' } },
      { name: 'GetFunctionConfiguration', input: { FunctionName: 'quote-api-dev', Qualifier: '3' } },
    ]);
    expect(verifiedLine(verified, EXPECTED)).toBe('Verified: live serves version 3 (1024 MB, 25 s, arm64, 2 environment variables, 1 layers)');
  });

  it('lists every setting the served version lacks', async () => {
    const old: FunctionConfiguration = {
      CodeSha256: 'b2xk',
      MemorySize: 512,
      Timeout: 20,
      Architectures: ['x86_64'],
      Layers: [],
      Environment: { Variables: { TSAPPA_APP: 'src/app.ts:app' } },
      TracingConfig: { Mode: 'PassThrough' },
      VpcConfig: { SubnetIds: [], SecurityGroupIds: [] },
    };
    const { client } = fakeLambda('2', { '2': old, '3': SERVING });
    const verified = await verifyLive(client, EXPECTED);
    expect(verified.differences).toEqual([
      'live points at version 2 instead of 3',
      'code: b2xk instead of c29tZS1jb2Rl',
      'memory (MB): 512 instead of 1024',
      'timeout (s): 20 instead of 25',
      'architecture: x86_64 instead of arm64',
      'layers: (none) instead of arn:aws:lambda:us-east-1:123456789012:layer:sharp:4',
      'environment variables: TSAPPA_APP instead of GREETING, TSAPPA_APP',
      'tracing: PassThrough instead of Active',
      'dead-letter target: none instead of set',
      'VPC subnets: (none) instead of subnet-a, subnet-b',
      'VPC security groups: (none) instead of sg-1',
    ]);
    expect(() => verifiedLine(verified, EXPECTED)).toThrow(CliError);
    expect(() => verifiedLine(verified, EXPECTED)).toThrow(/live \(version 2\) does not serve what was deployed:\n {2}- live points at version 2 instead of 3\n/);
  });

  it('accepts the fast path version as well as the stack version', async () => {
    const { client } = fakeLambda('4', { '4': SERVING });
    expect((await verifyLive(client, { ...EXPECTED, versions: ['3', '4'] })).differences).toEqual([]);
  });

  it('takes a missing architecture as x86_64 and missing tracing as PassThrough (Lambda defaults), and ignores order', async () => {
    const { Architectures: _a, TracingConfig: _t, ...defaults } = SERVING;
    const { client } = fakeLambda('3', { '3': defaults });
    const verified = await verifyLive(client, { ...EXPECTED, architecture: 'x86_64', tracing: 'PassThrough', environmentKeys: ['GREETING', 'TSAPPA_APP'] });
    expect(verified.differences).toEqual([]);
  });

  it("reports a dead-letter target that is not the stack's", async () => {
    const { client } = fakeLambda('3', { '3': SERVING });
    expect((await verifyLive(client, { ...EXPECTED, deadLetterArn: 'arn:aws:sqs:us-east-1:123456789012:quote-api-dev-dlq' })).differences).toEqual([]);
    expect((await verifyLive(client, { ...EXPECTED, deadLetterArn: 'arn:aws:sns:us-east-1:123456789012:failed' })).differences).toEqual([
      'dead-letter target: arn:aws:sqs:us-east-1:123456789012:quote-api-dev-dlq instead of arn:aws:sns:us-east-1:123456789012:failed',
    ]);
  });

  it('reports a dead-letter target or a VPC the settings no longer ask for', async () => {
    const { client } = fakeLambda('3', { '3': SERVING });
    const verified = await verifyLive(client, { ...EXPECTED, deadLetter: false, subnetIds: [], securityGroupIds: [] });
    expect(verified.differences).toEqual(['dead-letter target: set instead of none', 'VPC subnets: subnet-a, subnet-b instead of (none)', 'VPC security groups: sg-1 instead of (none)']);
  });
});

describe('the read-back line', () => {
  const { functionName: _f, versions: _v, ...checked } = EXPECTED;
  const report: VerifiedReport = {
    version: '3',
    function: checked,
    logging: { logGroup: '/aws/lambda/quote-api-dev', retentionDays: 30, format: 'Text' },
    api: {
      stage: 'dev',
      deploymentId: 'dep1',
      methods: [
        { path: '/', httpMethod: 'ANY', authorizationType: 'AWS_IAM', apiKeyRequired: false, authorizer: null, integration: 'AWS_PROXY', uri: null, transferMode: 'BUFFERED' },
        { path: '/{proxy+}', httpMethod: 'ANY', authorizationType: 'AWS_IAM', apiKeyRequired: false, authorizer: null, integration: 'AWS_PROXY', uri: null, transferMode: 'BUFFERED' },
        { path: '/', httpMethod: 'OPTIONS', authorizationType: 'NONE', apiKeyRequired: false, authorizer: null, integration: 'MOCK', uri: null, transferMode: 'BUFFERED' },
      ],
    },
  };

  it('says what serves, where it logs and how the API is protected', () => {
    expect(readBackLine(report, [])).toBe(
      'Verified: live serves version 3 (1024 MB, 25 s, arm64, 2 environment variables, 1 layers); logs in /aws/lambda/quote-api-dev for 30 days; API methods ANY AWS_IAM, OPTIONS NONE',
    );
  });

  it('is an error listing every difference, the function, logging and API ones together', () => {
    expect(() => readBackLine(report, ['memory (MB): 512 instead of 1024', 'log retention (days): 14 instead of 30', 'ANY /: authorization NONE instead of AWS_IAM'])).toThrow(
      'live (version 3) does not serve what was deployed:\n  - memory (MB): 512 instead of 1024\n  - log retention (days): 14 instead of 30\n  - ANY /: authorization NONE instead of AWS_IAM',
    );
  });
});

describe('environment values', () => {
  const variables = {
    GREETING: 'hello',
    TSAPPA_TASK_TABLE: { Ref: 'TaskTable' },
    TSAPPA_ASYNC_TOPIC_ARN: { Ref: 'NotInTheStack' },
    QUEUE_URL: { 'Fn::GetAtt': ['Queue', 'QueueUrl'] },
  };

  it('knows literal values and Refs to the stack resources, nothing else', () => {
    expect(environmentValues(variables, { TaskTable: 'quote-api-dev-results' })).toEqual({
      GREETING: { value: 'hello', from: 'settings' },
      TSAPPA_TASK_TABLE: { value: 'quote-api-dev-results', from: 'stack' },
    });
  });

  it("reports a value live does not have: the stack's resource by name, the settings' value never printed", () => {
    const expected = { ...EXPECTED, environmentKeys: ['GREETING', 'TSAPPA_TASK_TABLE'], environmentValues: environmentValues(variables, { TaskTable: 'quote-api-dev-results' }) };
    const config = { ...SERVING, Environment: { Variables: { GREETING: 'secret-old-value', TSAPPA_TASK_TABLE: 'quote-api-dev-tasks' } } };
    const found = differences(config, expected);
    expect(found).toEqual([
      'environment variable GREETING: not the value the settings give',
      "environment variable TSAPPA_TASK_TABLE: quote-api-dev-tasks instead of quote-api-dev-results (the stack's resource)",
    ]);
    expect(found.join('\n')).not.toContain('secret-old-value');
    expect(differences({ ...config, Environment: { Variables: { GREETING: 'hello', TSAPPA_TASK_TABLE: 'quote-api-dev-results' } } }, expected)).toEqual([]);
  });
});

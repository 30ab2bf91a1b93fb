/**
 * The update matrix against moto: examples/quote-api is deployed once (its dev stage, the
 * baseline), then every setting of the settings table that a stack update applies is changed
 * alone from that baseline, `tsappa update` runs, and the test reads what serves: the version
 * `live` points at and its configuration, the API's methods and stage, the rules, the log group,
 * the tags, the role's policy. Never $LATEST, never the template. Each row starts from the
 * baseline settings plus its own change, so it also takes the previous row's change back; the
 * read-back `update` runs after every update (verify.ts) fails the row when what serves is not
 * what the whole settings ask, the previous row's undoing included.
 *
 * Before the matrix, `status --verify` checks the deployed baseline clean, then names a drift
 * made out of band with the Lambda API (drift detection: moto patch 14).
 *
 * moto runs with test/support/moto_patches.py; the patches this matrix depends on most: 5 (API
 * stage, key, usage plan), 8 (a changed version is replaced and `live` follows), 10 (layers,
 * tracing, DLQ, architecture), 11 (method authorization, authorizers, MOCK preflights), 12 (log
 * retention and tags), 13 (function tags, VPC), 15 (role policies, ephemeral storage), 16 (REST
 * API properties), 17 (resources kept, replaced or re-created as CloudFormation does), 18 (stage
 * cache), 20 (stage method settings), 41 (LoggingConfig), 75 (the integrations' response transfer
 * mode).
 *
 * Settings of the table not in the matrix, and why:
 * - app, bundle, external, exclude/include, slimHandler, exceptionHandler, taskModules: they
 *   change the package, which `update` installs by the fast path (no stack update); the
 *   read-back compares the served code hash, and deploy-lifecycle's code-only update covers it.
 * - extends: resolved before anything is deployed (settings tests). projectName, awsRegion,
 *   profile: they name another stack, region or account: a new deployment, not an update.
 * - s3Bucket: `update` does not create a bucket (deploy does); moving artifacts is a deploy.
 * - domain, certificateArn, certificate, hostedZoneId, basePath: moto skips DomainName and
 *   BasePathMapping; `tsappa certify` sets the domain up (deploy-lifecycle's certify step).
 * - vpcEndpointIds: only with a PRIVATE endpoint, which needs VPC endpoints moto does not model
 *   for API Gateway.
 * - asyncResponseTable: the example defines no task that captures its response, so its stage has
 *   no task table to rename. While it had one, this matrix found a defect: renaming the table
 *   replaces it and CloudFormation updates the function's TSAPPA_TASK_TABLE (a Ref), but the
 *   version fingerprint covers the template's properties (the Ref, unchanged), so no version is
 *   published and live keeps the deleted table's name. The read-back now compares environment
 *   values that Ref the stack's resources (verify.test.ts), so `update` and `status --verify`
 *   name it, and the fingerprint now covers the names references resolve to (templates
 *   function.test.ts: a renamed task table publishes a new version).
 * Settings added after the table (provisionedConcurrency, throttle, accessLogging, logFormat...)
 * belong to their own tests.
 */
import { APIGatewayClient, CreateApiKeyCommand, GetIntegrationCommand, GetResourcesCommand, GetUsagePlanKeysCommand, GetUsagePlansCommand, PutIntegrationCommand } from '@aws-sdk/client-api-gateway';
import { CreateRoleCommand, GetRolePolicyCommand, IAMClient, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { LambdaClient, PublishLayerVersionCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { CreateTopicCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithMoto, MOTO_REGION } from '../../../test/support/moto.js';
import { fastStackPolling, motoSettings, scratchProject, STACK, type ScratchProject } from './support/quote-api-scratch.js';
import { servedStage } from './support/served-stage.js';

type Settings = Record<string, unknown>;
const BASELINE = motoSettings().dev;
/** an empty zip: moto stores a layer's content without reading it */
const EMPTY_ZIP = Buffer.concat([Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(18)]);

describeWithMoto('update matrix: each setting changed alone, applied by update, read on what serves (moto)', () => {
  let project: ScratchProject;
  let restorePolling = () => {};
  const served = servedStage(STACK, 'dev');
  const lambda = () => new LambdaClient({ region: MOTO_REGION });
  const timings: Record<string, number> = {};
  /** created before the matrix, for the rows that name existing resources */
  const existing = { layerArn: '', roleArn: '', topicArn: '', apiKeyId: '' };
  /** what deploy --json says it read back */
  let deployed: { version: string; logging: { logGroup: string; retentionDays: number }; api: { methods: { path: string; httpMethod: string; apiKeyRequired: boolean }[] } | null } | null = null;

  /** Writes the baseline plus `change`, runs `update --json`, and returns its result. */
  async function update(name: string, change: Settings): Promise<{ kind: string; verified: { version: string } | null }> {
    project.writeSettings(change);
    const started = Date.now();
    const run = await project.cli('update', 'dev', '--json');
    timings[name] = Date.now() - started;
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.stderr).toMatch(/Verified: live serves version \d+ /);
    const result = JSON.parse(run.stdout) as { kind: string; verified: { version: string } | null };
    expect(result.verified).not.toBeNull(); // what was read back is in the output
    return result;
  }

  const envOf = async () => (await served.live()).Environment?.Variables ?? {};
  const anyMethods = async () => (await served.methods()).filter((m) => m.httpMethod === 'ANY');

  beforeAll(async () => {
    restorePolling = fastStackPolling();
    project = scratchProject('update-matrix');
    const layer = await lambda().send(new PublishLayerVersionCommand({ LayerName: 'matrix-layer', Content: { ZipFile: EMPTY_ZIP }, CompatibleRuntimes: ['nodejs22.x'] }));
    existing.layerArn = layer.LayerVersionArn ?? '';
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    existing.roleArn = (await new IAMClient({ region: MOTO_REGION }).send(new CreateRoleCommand({ RoleName: 'matrix-existing-role', AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role?.Arn ?? '';
    existing.topicArn = (await new SNSClient({ region: MOTO_REGION }).send(new CreateTopicCommand({ Name: 'matrix-failed-invocations' }))).TopicArn ?? '';
    existing.apiKeyId = (await new APIGatewayClient({ region: MOTO_REGION }).send(new CreateApiKeyCommand({ name: 'matrix-existing-key', enabled: true }))).id ?? '';
    const started = Date.now();
    const run = await project.cli('deploy', 'dev', '--json');
    timings.deploy = Date.now() - started;
    expect(run.code, run.stderr + run.stdout).toBe(0);
    deployed = (JSON.parse(run.stdout) as { verified: typeof deployed }).verified;
  }, 120_000);

  afterAll(() => {
    restorePolling();
    project?.remove();
    console.log(`[update matrix] timings (ms): ${JSON.stringify(timings)}`);
  });

  it('deploy reads back what it deployed, and status --verify finds the baseline clean', async () => {
    expect(deployed).toMatchObject({ version: '1', logging: { logGroup: `/aws/lambda/${STACK}`, retentionDays: 30 } });
    expect(deployed?.api?.methods.map((m) => [m.path, m.httpMethod, m.apiKeyRequired])).toEqual([
      ['/', 'ANY', true],
      ['/{proxy+}', 'ANY', true],
    ]);
    const run = await project.cli('status', 'dev', '--verify', '--json');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const status = JSON.parse(run.stdout) as { differences: string[]; drift: { status: string; drifted: unknown[] }; verified: { api: { methods: { httpMethod: string; apiKeyRequired: boolean }[] } } };
    expect(status.differences).toEqual([]);
    expect(status.drift).toEqual({ status: 'IN_SYNC', failure: null, drifted: [] });
    expect(status.verified.api.methods.map((m) => [m.httpMethod, m.apiKeyRequired])).toEqual([
      ['ANY', true],
      ['ANY', true],
    ]);
  });

  it('status --verify exits 1 and names a memory size changed outside the stack', async () => {
    await lambda().send(new UpdateFunctionConfigurationCommand({ FunctionName: STACK, MemorySize: 2048 }));
    try {
      const run = await project.cli('status', 'dev', '--verify');
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/Drift\s+DRIFTED/);
      expect(run.stderr).toContain(`Function: MemorySize expected ${String(BASELINE.memorySize)}, actual 2048`);
      const json = await project.cli('status', 'dev', '--verify', '--json');
      expect(json.code).toBe(1);
      expect((JSON.parse(json.stdout) as { ok: boolean; error: string }).error).toContain('Function: MemorySize expected 512, actual 2048');
    } finally {
      await lambda().send(new UpdateFunctionConfigurationCommand({ FunctionName: STACK, MemorySize: BASELINE.memorySize as number }));
    }
    expect((await project.cli('status', 'dev', '--verify')).code).toBe(0); // put back: clean again
  });

  // --- the function: what the version live points at carries ---

  it('runtime', async () => {
    await update('runtime', { runtime: 'nodejs24.x' });
    expect((await served.live()).Runtime).toBe('nodejs24.x');
  });

  it('architecture', async () => {
    await update('architecture', { architecture: 'arm64' });
    expect((await served.live()).Architectures).toEqual(['arm64']);
  });

  it('memorySize', async () => {
    await update('memorySize', { memorySize: 1024 });
    expect((await served.live()).MemorySize).toBe(1024);
  });

  it('timeoutSeconds', async () => {
    await update('timeoutSeconds', { timeoutSeconds: 25 });
    expect((await served.live()).Timeout).toBe(25);
  });

  it('ephemeralStorage', async () => {
    await update('ephemeralStorage', { ephemeralStorage: 2048 });
    expect((await served.live()).EphemeralStorage?.Size).toBe(2048);
  });

  it('environmentVariables', async () => {
    await update('environmentVariables', { environmentVariables: { QUOTE_API_GREETING: 'hello from the matrix' } });
    expect((await envOf()).QUOTE_API_GREETING).toBe('hello from the matrix');
  });

  it('layers', async () => {
    await update('layers', { layers: [existing.layerArn] });
    expect((await served.live()).Layers?.map((l) => l.Arn)).toEqual([existing.layerArn]);
  });

  it('tags', async () => {
    await update('tags', { tags: { team: 'quotes', cost: 'matrix' } });
    expect(await served.functionTags()).toMatchObject({ team: 'quotes', cost: 'matrix' });
    expect((await served.logGroup())?.tags).toMatchObject({ team: 'quotes', cost: 'matrix' });
  });

  it('logRetentionDays', async () => {
    await update('logRetentionDays', { logRetentionDays: 14 });
    expect((await served.logGroup())?.retentionInDays).toBe(14);
  });

  it('logFormat and applicationLogLevel (JSON logs, warnings and above)', async () => {
    await update('logFormat', { logFormat: 'JSON', applicationLogLevel: 'WARN' });
    expect((await served.live()).LoggingConfig).toMatchObject({ LogFormat: 'JSON', ApplicationLogLevel: 'WARN', LogGroup: `/aws/lambda/${STACK}` });
  });

  it('role (extraPolicies cleared: they apply to the generated role only)', async () => {
    await update('role', { role: existing.roleArn, extraPolicies: [] });
    expect((await served.live()).Role).toBe(existing.roleArn);
  });

  it('extraPolicies', async () => {
    const statement = { Sid: 'MatrixQueue', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:123456789012:matrix' };
    await update('extraPolicies', { extraPolicies: [...(BASELINE.extraPolicies as unknown[]), statement] });
    const role = (await served.live()).Role?.split('/').pop() ?? '';
    expect(role).not.toBe('matrix-existing-role'); // the generated role serves again
    const iam = new IAMClient({ region: MOTO_REGION });
    const names = (await iam.send(new ListRolePoliciesCommand({ RoleName: role }))).PolicyNames ?? [];
    const documents = await Promise.all(names.map(async (n) => decodeURIComponent((await iam.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: n }))).PolicyDocument ?? '')));
    expect(documents.join('\n')).toContain('MatrixQueue');
  });

  it('remoteEnv', async () => {
    await update('remoteEnv', { remoteEnv: 's3://matrix-config/quote-api/env.json' });
    const role = (await served.live()).Role?.split('/').pop() ?? '';
    const iam = new IAMClient({ region: MOTO_REGION });
    const names = (await iam.send(new ListRolePoliciesCommand({ RoleName: role }))).PolicyNames ?? [];
    const documents = await Promise.all(names.map(async (n) => decodeURIComponent((await iam.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: n }))).PolicyDocument ?? '')));
    expect(documents.join('\n')).toContain('arn:aws:s3:::matrix-config/quote-api/env.json');
  });

  it('resources', async () => {
    const resources = { ...(BASELINE.resources as Settings), MatrixTopic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'quote-api-dev-matrix' } } };
    await update('resources', { resources });
    const topics = (await new SNSClient({ region: MOTO_REGION }).send(new ListTopicsCommand({}))).Topics ?? [];
    expect(topics.map((t) => t.TopicArn)).toContain('arn:aws:sns:us-east-1:123456789012:quote-api-dev-matrix');
  });

  // --- the API: its methods' authorization and the stage ---

  it('cors (on a stage that requires an API key: preflights answered by a MOCK, never by the function)', async () => {
    await update('cors', { cors: { allowOrigins: ['https://quotes.example.com'] } });
    const methods = await served.methods();
    expect(methods.map((m) => [m.path, m.httpMethod, m.method.authorizationType, m.method.apiKeyRequired, m.method.methodIntegration?.type])).toEqual([
      ['/', 'ANY', 'NONE', true, 'AWS_PROXY'],
      ['/', 'OPTIONS', 'NONE', false, 'MOCK'],
      ['/{proxy+}', 'ANY', 'NONE', true, 'AWS_PROXY'],
      ['/{proxy+}', 'OPTIONS', 'NONE', false, 'MOCK'],
    ]);
  });

  it('binarySupport (off)', async () => {
    await update('binarySupport', { binarySupport: false });
    expect((await served.restApi())?.binaryMediaTypes ?? []).toEqual([]);
  });

  it('responseStreaming (the integrations invoke live for response streaming, STREAM)', async () => {
    await update('responseStreaming', { responseStreaming: true });
    const any = (await served.methods()).filter((m) => m.httpMethod === 'ANY');
    expect(any.map((m) => [m.path, m.method.methodIntegration?.uri?.replace(/^.*:function:/, ''), m.method.methodIntegration?.responseTransferMode])).toEqual([
      ['/', `${STACK}:live/response-streaming-invocations`, 'STREAM'],
      ['/{proxy+}', `${STACK}:live/response-streaming-invocations`, 'STREAM'],
    ]);
  });

  it('endpointConfiguration', async () => {
    await update('endpointConfiguration', { endpointConfiguration: 'REGIONAL' });
    expect((await served.restApi())?.endpointConfiguration?.types).toEqual(['REGIONAL']);
  });

  it('apiKeyRequired (off, with its usage plan)', async () => {
    await update('apiKeyRequired', { apiKeyRequired: false, usagePlan: null });
    const methods = await served.methods();
    expect(methods.map((m) => [m.path, m.httpMethod, m.method.apiKeyRequired])).toEqual([
      ['/', 'ANY', false],
      ['/{proxy+}', 'ANY', false],
    ]); // and no OPTIONS left from the cors row
    const plans = (await new APIGatewayClient({ region: MOTO_REGION }).send(new GetUsagePlansCommand({}))).items ?? [];
    expect(plans.find((p) => p.name === STACK)).toBeUndefined();
  });

  it('usagePlan', async () => {
    await update('usagePlan', { usagePlan: { throttle: { rateLimit: 3, burstLimit: 6 }, quota: { limit: 500, period: 'DAY' } } });
    const plan = ((await new APIGatewayClient({ region: MOTO_REGION }).send(new GetUsagePlansCommand({}))).items ?? []).find((p) => p.name === STACK);
    expect(plan).toMatchObject({ throttle: { rateLimit: 3, burstLimit: 6 }, quota: { limit: 500, period: 'DAY' } });
    expect((await anyMethods()).map((m) => m.method.apiKeyRequired)).toEqual([true, true]);
  });

  it('apiKey (an existing key bound instead of a created one)', async () => {
    await update('apiKey', { apiKey: existing.apiKeyId });
    const apigw = new APIGatewayClient({ region: MOTO_REGION });
    const plan = ((await apigw.send(new GetUsagePlansCommand({}))).items ?? []).find((p) => p.name === STACK);
    const keys = (await apigw.send(new GetUsagePlanKeysCommand({ usagePlanId: plan?.id }))).items ?? [];
    expect(keys.map((k) => k.id)).toEqual([existing.apiKeyId]);
  });

  it('iamAuthorization', async () => {
    await update('iamAuthorization', { iamAuthorization: true });
    expect((await anyMethods()).map((m) => [m.path, m.method.authorizationType, m.method.apiKeyRequired])).toEqual([
      ['/', 'AWS_IAM', true],
      ['/{proxy+}', 'AWS_IAM', true],
    ]);
  });

  it('iamAuthorization with cors: the OPTIONS methods are MOCKs, no unsigned way to the function', async () => {
    await update('iamAuthorization+cors', { iamAuthorization: true, apiKeyRequired: false, usagePlan: null, cors: true });
    const methods = await served.methods();
    expect(methods.map((m) => [m.path, m.httpMethod, m.method.authorizationType, m.method.methodIntegration?.type])).toEqual([
      ['/', 'ANY', 'AWS_IAM', 'AWS_PROXY'],
      ['/', 'OPTIONS', 'NONE', 'MOCK'],
      ['/{proxy+}', 'ANY', 'AWS_IAM', 'AWS_PROXY'],
      ['/{proxy+}', 'OPTIONS', 'NONE', 'MOCK'],
    ]);
  });

  it('an OPTIONS method rewired out of band to reach the function unsigned is named by status --verify', async () => {
    const apigw = new APIGatewayClient({ region: MOTO_REGION });
    const restApiId = (await served.restApiId()) ?? '';
    const root = ((await apigw.send(new GetResourcesCommand({ restApiId }))).items ?? []).find((r) => r.path === '/');
    const uri = (await apigw.send(new GetIntegrationCommand({ restApiId, resourceId: root?.id, httpMethod: 'ANY' }))).uri;
    await apigw.send(new PutIntegrationCommand({ restApiId, resourceId: root?.id, httpMethod: 'OPTIONS', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri }));
    const run = await project.cli('status', 'dev', '--verify');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('OPTIONS /: integration AWS_PROXY instead of MOCK: an unauthenticated OPTIONS would reach the function');
  });

  it('an ANY method rewired out of band to $LATEST (around live, its rollbacks and rollouts) is named by status --verify', async () => {
    const apigw = new APIGatewayClient({ region: MOTO_REGION });
    const restApiId = (await served.restApiId()) ?? '';
    const proxy = ((await apigw.send(new GetResourcesCommand({ restApiId }))).items ?? []).find((r) => r.path === '/{proxy+}');
    const uri = (await apigw.send(new GetIntegrationCommand({ restApiId, resourceId: proxy?.id, httpMethod: 'ANY' }))).uri ?? '';
    expect(uri).toMatch(/:live\/invocations$/);
    const latest = uri.replace(':live/invocations', '/invocations');
    await apigw.send(new PutIntegrationCommand({ restApiId, resourceId: proxy?.id, httpMethod: 'ANY', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: latest }));
    const run = await project.cli('status', 'dev', '--verify');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`ANY /{proxy+}: invokes ${latest} instead of ${STACK}:live/invocations`);
  });

  it('authorizer', async () => {
    await update('authorizer', { authorizer: { function: 'src/authorizer.ts:authorize', type: 'TOKEN', resultTtl: 300 } });
    const names = await served.authorizerNames();
    const methods = await anyMethods();
    expect(methods.map((m) => [m.path, m.method.authorizationType, names[m.method.authorizerId ?? '']])).toEqual([
      ['/', 'CUSTOM', 'quote-api-dev-authorizer'],
      ['/{proxy+}', 'CUSTOM', 'quote-api-dev-authorizer'],
    ]);
  });

  it('xrayTracing (the function and the API stage)', async () => {
    await update('xrayTracing', { xrayTracing: true });
    expect((await served.live()).TracingConfig?.Mode).toBe('Active');
    expect((await served.apiStage())?.tracingEnabled).toBe(true);
  });

  it('cacheClusterEnabled', async () => {
    await update('cacheClusterEnabled', { cacheClusterEnabled: true });
    expect(await served.apiStage()).toMatchObject({ cacheClusterEnabled: true, cacheClusterSize: '0.5' });
  });

  it('cacheClusterSize (with the cache on)', async () => {
    await update('cacheClusterSize', { cacheClusterEnabled: true, cacheClusterSize: '1.6' });
    expect(await served.apiStage()).toMatchObject({ cacheClusterEnabled: true, cacheClusterSize: '1.6' });
  });

  it('cacheClusterTtl and cacheClusterEncrypted (with the cache on: the stage method settings)', async () => {
    await update('cacheClusterTtl', { cacheClusterEnabled: true, cacheClusterTtl: 60, cacheClusterEncrypted: true });
    expect((await served.apiStage())?.methodSettings?.['*/*']).toMatchObject({ cachingEnabled: true, cacheTtlInSeconds: 60, cacheDataEncrypted: true });
  });

  // --- schedules ---

  it('keepWarm', async () => {
    await update('keepWarm', { keepWarm: false });
    expect((await served.rules()).map((r) => r.name)).not.toContain(`${STACK}-keep-warm`);
  });

  it('keepWarmExpression', async () => {
    await update('keepWarmExpression', { keepWarmExpression: 'rate(5 minutes)' });
    expect((await served.rules()).find((r) => r.name === `${STACK}-keep-warm`)).toMatchObject({ state: 'ENABLED', expression: 'rate(5 minutes)' });
  });

  it('events (a schedule moved, another disabled)', async () => {
    const events = (BASELINE.events as Settings[]).map((e) =>
      e.name === 'set-quote-of-the-day' ? { ...e, expression: 'cron(30 11 * * ? *)' } : e.name === 'publish-quote-of-the-day' ? { ...e, enabled: false } : e,
    );
    await update('events', { events });
    const rules = await served.rules();
    expect(rules.find((r) => r.name === `${STACK}-set-quote-of-the-day`)).toMatchObject({ state: 'ENABLED', expression: 'cron(30 11 * * ? *)' });
    expect(rules.find((r) => r.name === `${STACK}-publish-quote-of-the-day`)).toMatchObject({ state: 'DISABLED' });
  });

  // --- tasks and failures ---

  it('asyncSource', async () => {
    await update('asyncSource', { asyncSource: 'lambda' });
    expect(await envOf()).not.toHaveProperty('TSAPPA_ASYNC_TOPIC_ARN');
  });

  it('asyncResources (off: the stage creates no topic)', async () => {
    await update('asyncResources', { asyncResources: false });
    const topics = (await new SNSClient({ region: MOTO_REGION }).send(new ListTopicsCommand({}))).Topics ?? [];
    expect(topics.map((t) => t.TopicArn)).not.toContain(`arn:aws:sns:us-east-1:123456789012:${STACK}-async`);
  });

  it('deadLetter (off)', async () => {
    await update('deadLetter', { deadLetter: false });
    expect((await served.live()).DeadLetterConfig?.TargetArn).toBeUndefined();
  });

  it('deadLetterArn (an existing topic instead of the stage queue)', async () => {
    await update('deadLetterArn', { deadLetter: false, deadLetterArn: existing.topicArn });
    expect((await served.live()).DeadLetterConfig?.TargetArn).toBe(existing.topicArn);
  });

  it('vpcConfig', async () => {
    await update('vpcConfig', { vpcConfig: { subnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'], securityGroupIds: ['sg-0123456789abcdef0'] } });
    const vpc = (await served.live()).VpcConfig;
    expect([...(vpc?.SubnetIds ?? [])].sort()).toEqual(['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210']);
    expect(vpc?.SecurityGroupIds).toEqual(['sg-0123456789abcdef0']);
  });

  // last: the API goes
  it('apiGateway (off: the REST API goes, the function stays)', async () => {
    await update('apiGateway', { apiGateway: false, apiKeyRequired: false, usagePlan: null });
    expect(await served.restApiId()).toBeNull();
    expect((await served.live()).MemorySize).toBe(BASELINE.memorySize);
  });
});

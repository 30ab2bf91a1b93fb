/**
 * The deploy lifecycle against moto: examples/quote-api is copied to a scratch directory (so
 * the test can change its code and settings) and driven through the CLI in-process:
 * deploy -> status -> code-only update -> settings update -> no-op update -> rollback ->
 * schedule/unschedule -> undeploy, checking through the SDK what moto holds after each step,
 * and after each update what serves: the configuration of the version `live` points at.
 *
 * moto skips some resources in CloudFormation that the template needs (the `live` alias, the
 * API stage, the API key and usage plan): moto runs with test/support/moto_patches.py, which
 * creates, updates and deletes them through moto's own APIs, replaces the published version when
 * its description (the fingerprint) changes, as CloudFormation does, and runs Node functions
 * without Docker. The scratch settings leave out the custom domain until the certify step (the
 * update there creates it in the stack, moto_patches.py section 73; certify then finds it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  APIGatewayClient,
  GetBasePathMappingsCommand,
  GetDeploymentsCommand,
  GetDomainNameCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  GetStageCommand,
  GetUsagePlanKeysCommand,
  GetUsagePlansCommand,
} from '@aws-sdk/client-api-gateway';
import { CloudFormationClient, DescribeStacksCommand, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, DescribeLogGroupsCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { GetAliasCommand, GetFunctionConfigurationCommand, LambdaClient, ListVersionsByFunctionCommand } from '@aws-sdk/client-lambda';
import { CreateHostedZoneCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { describeWithMoto, MOTO_REGION } from '../../../test/support/moto.js';
import type { StageStatus } from '../src/deploy/status.js';
import { exampleBucket, exampleScheduleCount as scheduleCount, exampleTimeout, fastStackPolling, motoSettings, scratchProject, STACK, type ScratchProject } from './support/quote-api-scratch.js';

const BUCKET = exampleBucket();
/** the settings update of the lifecycle: memory, timeout and a new environment variable */
const SETTINGS_CHANGE = { memorySize: 1024, timeoutSeconds: 25, environmentVariables: { QUOTE_API_GREETING: 'hello' } };

describeWithMoto('deploy lifecycle of examples/quote-api (moto)', () => {
  let project: ScratchProject;
  let restorePolling = () => {};
  const cfn = () => new CloudFormationClient({ region: MOTO_REGION });
  const lambda = () => new LambdaClient({ region: MOTO_REGION });
  const cli = (...args: string[]) => project.cli(...args);
  const writeSettings = (overrides: Record<string, unknown> = {}) => project.writeSettings(overrides);
  const template = async () => JSON.parse((await cfn().send(new GetTemplateCommand({ StackName: STACK }))).TemplateBody ?? '{}') as { Resources: Record<string, { Properties: Record<string, unknown> }> };
  const codeKey = async () => (template().then((t) => (t.Resources.Function!.Properties.Code as { S3Key: string }).S3Key));
  const liveVersion = async () => (await lambda().send(new GetAliasCommand({ FunctionName: STACK, Name: 'live' }))).FunctionVersion;
  /** the configuration of the version `live` points at: what API Gateway and the schedules invoke */
  const served = async () => lambda().send(new GetFunctionConfigurationCommand({ FunctionName: STACK, Qualifier: await liveVersion() }));
  const versions = async () => ((await lambda().send(new ListVersionsByFunctionCommand({ FunctionName: STACK }))).Versions ?? []).map((v) => v.Version).filter((v) => v !== '$LATEST');
  const objects = async () => ((await new S3Client({ region: MOTO_REGION, forcePathStyle: true }).send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((o) => o.Key).sort();
  const rules = async () => ((await new EventBridgeClient({ region: MOTO_REGION }).send(new ListRulesCommand({ NamePrefix: `${STACK}-` }))).Rules ?? []).map((r) => ({ name: r.Name, state: r.State }));
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await fn();
    } finally {
      timings[name] = Date.now() - started;
    }
  };

  beforeAll(() => {
    restorePolling = fastStackPolling();
    project = scratchProject('quote-api');
  });

  afterAll(() => {
    restorePolling();
    project.remove();
    console.log(`[deploy lifecycle] timings (ms): ${JSON.stringify(timings)}`);
  });

  let firstKey = '';
  let apiKey = { id: '', value: '' as string | null };
  let secondKey = '';

  it('deploy creates the stack, the function, the API, the rules and uploads the artifact', async () => {
    const run = await timed('deploy', () => cli('deploy', 'dev', '--json'));
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const result = JSON.parse(run.stdout) as { url: string; artifact: { key: string; uploaded: boolean }; status: string; apiKey: { id: string; value: string | null } | null };
    expect(result.status).toBe('CREATE_COMPLETE');
    // the example requires an API key: the new key's value is printed this once
    expect(result.apiKey).toEqual({ id: expect.any(String), value: expect.stringMatching(/^\S{20,}$/) });
    apiKey = result.apiKey!;
    expect(result.url).toMatch(/^https:\/\/\w+\.execute-api\.us-east-1\.amazonaws\.com\/dev$/);
    expect(result.artifact.uploaded).toBe(true);
    expect(run.stderr).toMatch(/Verified: live serves version 1 \(512 MB, /); // read back after the deploy
    firstKey = result.artifact.key;

    const stack = (await cfn().send(new DescribeStacksCommand({ StackName: STACK }))).Stacks?.[0];
    expect(stack?.StackStatus).toBe('CREATE_COMPLETE');
    expect(await codeKey()).toBe(firstKey);
    const config = await lambda().send(new GetFunctionConfigurationCommand({ FunctionName: STACK }));
    expect(config).toMatchObject({ Runtime: 'nodejs22.x', MemorySize: 512, Timeout: exampleTimeout(), Handler: expect.any(String) });
    expect(await versions()).toEqual(['1']);
    expect(await liveVersion()).toBe('1');

    const apigw = new APIGatewayClient({ region: MOTO_REGION });
    const api = (await apigw.send(new GetRestApisCommand({}))).items?.find((a) => a.name === STACK);
    expect(api).toBeDefined();
    const resources = (await apigw.send(new GetResourcesCommand({ restApiId: api!.id! }))).items ?? [];
    // the stage serves the stack's deployment
    const deployments = (await apigw.send(new GetDeploymentsCommand({ restApiId: api!.id! }))).items ?? [];
    expect(deployments).toHaveLength(1);
    expect(await apigw.send(new GetStageCommand({ restApiId: api!.id!, stageName: 'dev' }))).toMatchObject({ deploymentId: deployments[0]!.id, tracingEnabled: false });
    expect(resources.map((r) => [r.path, Object.keys(r.resourceMethods ?? {})]).sort()).toEqual([
      ['/', ['ANY']],
      ['/{proxy+}', ['ANY']],
    ]);
    const deployedRules = await rules();
    expect(deployedRules).toHaveLength(scheduleCount());
    expect(deployedRules).toContainEqual({ name: `${STACK}-keep-warm`, state: 'ENABLED' });
    for (const rule of deployedRules) expect(rule).toEqual({ name: expect.stringMatching(/^quote-api-dev-/), state: 'ENABLED' });
    expect(await objects()).toEqual([firstKey]);
    // the usage plan of the settings, with the new key bound to it
    const usage = motoSettings().dev.usagePlan as { throttle: { rateLimit: number; burstLimit: number }; quota: { limit: number; period: string } };
    const plan = (await apigw.send(new GetUsagePlansCommand({}))).items?.find((p) => p.name === STACK);
    expect(plan).toMatchObject({ throttle: usage.throttle, quota: usage.quota });
    const bound = (await apigw.send(new GetUsagePlanKeysCommand({ usagePlanId: plan!.id! }))).items ?? [];
    expect(bound.map((k) => [k.id, k.value])).toEqual([[apiKey.id, apiKey.value]]);
  });

  it('deploy again says to use update', async () => {
    const run = await cli('deploy', 'dev');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/already deployed/);
    expect(run.stderr).toMatch(/tsappa update dev/);
  });

  it('status shows the stack, the function, the live version, the URL and the schedules', async () => {
    const run = await cli('status', 'dev', '--json');
    expect(run.code, run.stderr).toBe(0);
    const status = JSON.parse(run.stdout) as StageStatus;
    expect(status.stack?.status).toBe('CREATE_COMPLETE');
    expect(status.function).toMatchObject({ name: STACK, runtime: 'nodejs22.x', architecture: 'x86_64', memorySize: 512, liveVersion: '1' });
    expect(status.url).toMatch(/execute-api/);
    expect(status.schedules.map((s) => s.state)).toEqual(Array(scheduleCount()).fill('ENABLED'));
    expect(status.apiKeyId).toBe(apiKey.id);
    expect(status.deadLetterArn).toMatch(/^arn:aws:sqs:us-east-1:123456789012:quote-api-dev/); // deadLetter: true in the example
    expect(JSON.stringify(status)).not.toContain(apiKey.value!); // the value is printed once, at deploy
    const text = await cli('status', 'dev');
    expect(text.stdout).toMatch(/Live\s+version 1/);
  });

  it('a code-only update takes the fast path: no stack update, a new version, live moved', async () => {
    const quotes = join(project.dir, 'src', 'quotes.ts');
    const source = readFileSync(quotes, 'utf8');
    expect(source).toContain("'Kent Beck'"); // the change below must change the bundle
    writeFileSync(quotes, source.replace("'Kent Beck'", "'Kent Beck (XP)'"));
    const run = await timed('code-only update', () => cli('update', 'dev', '--json'));
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { kind: string; version: string; artifact: { key: string }; awsCallSummary: Record<string, number>; awsWrites: number; awsCalls: number };
    console.log(`[deploy lifecycle] code-only update: ${result.awsCalls} calls, ${result.awsWrites} writes: ${JSON.stringify(result.awsCallSummary)}`);
    expect(result.kind).toBe('code');
    expect(result.awsCallSummary['CloudFormation.CreateChangeSet']).toBeUndefined();
    expect(result.awsWrites).toBe(4); // PutObject, UpdateFunctionCode, PublishVersion, UpdateAlias
    secondKey = result.artifact.key;
    expect(secondKey).not.toBe(firstKey);
    expect(await liveVersion()).toBe('2');
    expect(run.stderr).toMatch(/Verified: live serves version 2 \(512 MB, /);
    expect(await versions()).toEqual(['1', '2']);
    const config = await lambda().send(new GetFunctionConfigurationCommand({ FunctionName: STACK }));
    // what serves: the new code, with the settings unchanged
    expect(await served()).toMatchObject({ Version: '2', CodeSha256: config.CodeSha256, MemorySize: 512, Timeout: exampleTimeout() });
    expect((await lambda().send(new GetFunctionConfigurationCommand({ FunctionName: STACK, Qualifier: '1' }))).CodeSha256).not.toBe(config.CodeSha256);
    expect(await codeKey()).toBe(firstKey); // the stack was not touched
    expect(await objects()).toEqual([firstKey, secondKey].sort());
  });

  it('a settings update goes through the stack, publishes a new version with the settings and the fast-path code, and live serves it', async () => {
    const before = await served();
    writeSettings(SETTINGS_CHANGE);
    const run = await timed('settings update', () => cli('update', 'dev', '--json'));
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const result = JSON.parse(run.stdout) as { kind: string; changes: string[] };
    expect(result.kind).toBe('template');
    expect(result.changes).toContain('~ Function');
    expect(await codeKey()).toBe(secondKey); // the template carries the current code, never the first
    const config = await lambda().send(new GetFunctionConfigurationCommand({ FunctionName: STACK }));
    expect(config.MemorySize).toBe(1024);
    expect(config.CodeSha256).toBe(before.CodeSha256); // not rolled back
    // what serves: a version published by this update, with the new settings and the same code
    const after = await served();
    expect(Number(after.Version)).toBeGreaterThan(Number(before.Version));
    expect(after).toMatchObject({ MemorySize: 1024, Timeout: SETTINGS_CHANGE.timeoutSeconds, CodeSha256: before.CodeSha256 });
    expect(before).toMatchObject({ MemorySize: 512, Timeout: exampleTimeout() }); // the change is one
    expect(Object.keys(after.Environment?.Variables ?? {})).toEqual(expect.arrayContaining([...Object.keys(before.Environment?.Variables ?? {}), 'QUOTE_API_GREETING']));
    expect(after.Environment?.Variables?.QUOTE_API_GREETING).toBe('hello');
    expect(run.stderr).toContain(`Verified: live serves version ${after.Version} (1024 MB, 25 s, x86_64, `); // tsappa read it back too
  });

  it('a no-op update makes no AWS write and says "No changes"', async () => {
    const run = await timed('no-op update', () => cli('update', 'dev', '--json'));
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { kind: string; awsWrites: number; awsCalls: number; awsCallSummary: Record<string, number> };
    console.log(`[deploy lifecycle] no-op update: ${result.awsCalls} calls, ${result.awsWrites} writes: ${JSON.stringify(result.awsCallSummary)}`);
    expect(result.kind).toBe('none');
    expect(result.awsWrites).toBe(0);
    expect(result.awsCallSummary['STS.GetCallerIdentity']).toBeUndefined(); // the account comes from the stack's ARN
    const text = await cli('update', 'dev');
    expect(text.code).toBe(0);
    expect(text.stdout.trim()).toBe('No changes');
  });

  it('rollback points live at the previous version and lists the versions', async () => {
    const before = await liveVersion();
    const run = await timed('rollback', () => cli('rollback', 'dev', '--json'));
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { from: string; to: string; versions: { version: string; live: boolean }[] };
    expect(result.from).toBe(before);
    expect(Number(result.to)).toBe(Number(before) - 1);
    expect(result.versions.find((v) => v.live)?.version).toBe(result.to);
    expect(await liveVersion()).toBe(result.to);
    const tooFar = await cli('rollback', 'dev', '-n', '9');
    expect(tooFar.code).toBe(1);
    expect(tooFar.stderr).toMatch(/no version 9 before/);
  });

  it('after a rollback, an update with nothing new moves live back to the stack\'s version, which diff shows first', async () => {
    const stackVersion = async () => (await cfn().send(new DescribeStacksCommand({ StackName: STACK }))).Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === 'FunctionVersion')?.OutputValue;
    const rolledBackTo = await liveVersion();
    const current = await stackVersion();
    expect(Number(rolledBackTo)).toBeLessThan(Number(current));
    expect((await served()).MemorySize).toBe(512); // the version before the settings change serves the old settings
    const status = JSON.parse((await cli('status', 'dev', '--json')).stdout) as StageStatus;
    expect(status.function).toMatchObject({ liveVersion: rolledBackTo, rolledBackFrom: current });
    expect((await cli('status', 'dev')).stdout).toContain(`version ${rolledBackTo} (a rollback: the stack's version is ${current}, which the next "tsappa update" serves again)`);

    const diff = await cli('diff', 'dev', '--json');
    expect(diff.code, diff.stderr).toBe(0);
    expect(JSON.parse(diff.stdout)).toMatchObject({ kind: 'live', alias: { version: rolledBackTo, moves: true, rolledBackTo: current } });
    expect((await cli('diff', 'dev')).stdout).toContain(`version ${rolledBackTo} now (a rollback); an update moves live back to version ${current}`);

    const update = await cli('update', 'dev', '--json');
    expect(update.code, update.stderr).toBe(0);
    const result = JSON.parse(update.stdout) as { kind: string; version: string; changes: string[]; verified: { version: string; function: { memorySize: number } } | null };
    expect(result).toMatchObject({ kind: 'live', version: current, changes: [`live: version ${rolledBackTo} (rolled back) -> ${current}`] });
    expect(result.verified).toMatchObject({ version: current, function: { memorySize: 1024 } }); // read back: exit 1 had live differed
    expect(update.stderr).toContain(`live serves version ${rolledBackTo} since a rollback: moving it to version ${current}`);
    expect(await liveVersion()).toBe(current);
    expect((await served()).MemorySize).toBe(1024);
    expect((await cli('update', 'dev')).stdout.trim()).toBe('No changes');
    expect((JSON.parse((await cli('status', 'dev', '--json')).stdout) as StageStatus).function?.rolledBackFrom).toBeNull();
  });

  it('unschedule and schedule switch the rules without a redeploy, and status shows it', async () => {
    const off = await cli('unschedule', 'dev', '--json');
    expect(off.code, off.stderr).toBe(0);
    expect((await rules()).map((r) => r.state)).toEqual(Array(scheduleCount()).fill('DISABLED'));
    const status = JSON.parse((await cli('status', 'dev', '--json')).stdout) as StageStatus;
    expect(status.schedules.map((s) => s.state)).toEqual(Array(scheduleCount()).fill('DISABLED'));
    const on = await cli('schedule', 'dev');
    expect(on.code, on.stderr).toBe(0);
    expect(on.stdout).toMatch(/keep-warm: ENABLED/);
    expect((await rules()).map((r) => r.state)).toEqual(Array(scheduleCount()).fill('ENABLED'));
    expect((await cfn().send(new DescribeStacksCommand({ StackName: STACK }))).Stacks?.[0]?.StackStatus).toMatch(/_COMPLETE$/);
  });

  it('certify refuses an EDGE domain with a certificate outside us-east-1, and one the stack does not hold; after the update it finds the domain and mapping and sets up the DNS', async () => {
    const route53 = new Route53Client({ region: MOTO_REGION });
    const zone = (await route53.send(new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: `tsappa-${Date.now()}` }))).HostedZone!.Id!.replace('/hostedzone/', '');
    writeSettings({ ...SETTINGS_CHANGE, domain: 'quote.example.com', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' });
    onTestFinished(() => writeSettings(SETTINGS_CHANGE));
    const refused = await cli('certify', 'dev', '--yes');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/us-east-1/);

    // the zone is found by name; a domain publishes no version, and a rollback before the update leaves live behind the stack's version: the update moves it forward
    writeSettings({ ...SETTINGS_CHANGE, domain: 'quote.example.com', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' });
    const forwardTo = await liveVersion();
    expect((await cli('rollback', 'dev')).code).toBe(0);
    const apigw = new APIGatewayClient({ region: MOTO_REGION });
    // the stack creates the domain (domain-preflight.ts): certify makes none outside it
    const notHeld = await cli('certify', 'dev', '--yes');
    expect(notHeld.code, notHeld.stderr).toBe(1);
    expect(notHeld.stderr).toContain('run "tsappa update dev" first');
    await expect(apigw.send(new GetDomainNameCommand({ domainName: 'quote.example.com' }))).rejects.toMatchObject({ name: 'NotFoundException' });
    const update = await cli('update', 'dev');
    expect(update.code, update.stderr).toBe(0);
    expect(await liveVersion()).toBe(forwardTo);
    expect((await served()).Timeout).toBe(25);
    const asks = await cli('certify', 'dev');
    expect(asks.code).toBe(2); // no terminal and no --yes: refuses to ask
    const api = (await apigw.send(new GetRestApisCommand({}))).items!.find((a) => a.name === STACK)!;
    const run = await timed('certify', () => cli('certify', 'dev', '--yes', '--json'));
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const result = JSON.parse(run.stdout) as { targetName: string; dnsRecord: { hostedZoneId: string } | null; domainCreated: boolean };
    expect(result.domainCreated).toBe(false); // the stack's
    expect(result.targetName).not.toBe('');
    expect(run.stderr).toMatch(/40 minutes/);
    const domain = await apigw.send(new GetDomainNameCommand({ domainName: 'quote.example.com' }));
    expect(domain.certificateArn).toBe('arn:aws:acm:us-east-1:123456789012:certificate/abc');
    const mappings = (await apigw.send(new GetBasePathMappingsCommand({ domainName: 'quote.example.com' }))).items ?? [];
    expect(mappings.map((m) => [m.restApiId, m.stage])).toEqual([[api.id, 'dev']]);
    const records = (await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone }))).ResourceRecordSets ?? [];
    expect(records.find((r) => r.Type === 'A' && r.Name?.startsWith('quote.example.com'))?.AliasTarget?.DNSName).toContain(result.targetName);
    // again: nothing to create, still fine
    const again = await cli('certify', 'dev', '--yes', '--json');
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as { domainCreated: boolean }).domainCreated).toBe(false);
  });

  it('tail reads the log group (filtered)', async () => {
    const logs = new CloudWatchLogsClient({ region: MOTO_REGION });
    const group = `/aws/lambda/${STACK}`;
    await logs.send(new CreateLogGroupCommand({ logGroupName: group })).catch(() => undefined); // or an invocation made it
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'test' }));
    const now = Date.now();
    await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 'test', logEvents: [{ timestamp: now - 2000, message: 'START request' }, { timestamp: now - 1000, message: 'ERROR quote missing' }] }));
    const run = await cli('tail', 'dev', '--no-follow', '--since', '5m', '--filter', 'ERROR');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/ERROR quote missing/);
    expect(run.stdout).not.toMatch(/START request/);
    const bad = await cli('tail', 'dev', '--no-follow', '--since', 'yesterday-ish');
    expect(bad.code).toBe(2);
  });

  it('invoke runs a function in the deployed code (live) and prints its result and decoded log tail', async () => {
    // moto_patches.py runs the function's zip with Node, the SDK pointed at this moto
    // the stage left out: the settings hold only dev
    const run = await timed('invoke', () => cli('invoke', 'src/schedulers.ts:setQuoteOfTheDay', '--json'));
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { functionError: string | null; result: { quote: string; author: string; date: string }; log: string };
    expect(result.functionError).toBeNull();
    expect(result.result).toMatchObject({ quote: expect.any(String), author: expect.any(String), date: new Date().toISOString().slice(0, 10) });
    expect(result.log).toMatch(/^START RequestId: /);
    expect(result.log).toContain(`[schedule] quote of the day for ${result.result.date}`);
    expect(run.stderr).toContain('[schedule] quote of the day'); // the log tail, decoded
    const stored = await new DynamoDBClient({ region: MOTO_REGION }).send(new GetItemCommand({ TableName: `${STACK}-data`, Key: { pk: { S: 'quote#daily' } } }));
    expect(stored.Item?.quote?.S).toBe(result.result.quote);
    // the invocation's log reached the function's log group
    const tail = await cli('tail', 'dev', '--no-follow', '--since', '5m', '--filter', 'quote of the day');
    expect(tail.stdout).toContain(`[schedule] quote of the day for ${result.result.date}`);

    // an API Gateway request, sent raw: the app answers from the quote just stored
    const request = {
      resource: '/{proxy+}',
      path: '/daily',
      httpMethod: 'GET',
      headers: { Host: 'api.example.com', Accept: 'application/json' },
      multiValueHeaders: { Host: ['api.example.com'], Accept: ['application/json'] },
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: { proxy: 'daily' },
      stageVariables: null,
      requestContext: { resourcePath: '/{proxy+}', httpMethod: 'GET', path: '/dev/daily', stage: 'dev', requestId: 'req-1', identity: { sourceIp: '127.0.0.1' } },
      body: null,
      isBase64Encoded: false,
    };
    const http = await cli('invoke', 'dev', '--raw', JSON.stringify(request), '--json');
    expect(http.code, http.stderr).toBe(0);
    const response = (JSON.parse(http.stdout) as { result: { statusCode: number; body: string } }).result;
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ quote: result.result.quote, author: result.result.author });

    const failed = await cli('invoke', 'dev', 'src/schedulers.ts:noSuchFunction');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/the function failed \(Handled\): .*noSuchFunction/);
    const raw = await cli('invoke', 'dev', '--raw', '{not json');
    expect(raw.code).toBe(2);
  });

  it('undeploy keeps the logs by default, and a new deploy reuses the kept log group', async () => {
    const logs = new CloudWatchLogsClient({ region: MOTO_REGION });
    const group = async () => ((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/aws/lambda/${STACK}` }))).logGroups ?? [])[0];
    const kept = await cli('undeploy', 'dev', '--yes');
    expect(kept.code, kept.stderr).toBe(0);
    expect((await group())?.logGroupName).toBe(`/aws/lambda/${STACK}`);

    const again = await cli('deploy', 'dev', '--json');
    expect(again.code, again.stderr).toBe(0);
    expect(Object.keys((await template()).Resources)).not.toContain('FunctionLogGroup');
    expect((await group())?.retentionInDays).toBe(30);

    writeSettings({ logRetentionDays: 14 });
    const update = await cli('update', 'dev', '--json');
    expect(update.code, update.stderr).toBe(0);
    expect(JSON.parse(update.stdout).changes).toContain('log retention');
    expect((await group())?.retentionInDays).toBe(14);
  });

  it('undeploy refuses without --yes, then deletes the stack, the logs and the artifacts', async () => {
    const refused = await cli('undeploy', 'dev');
    expect(refused.code).toBe(2);
    const run = await timed('undeploy', () => cli('undeploy', 'dev', '--yes', '--remove-logs', '--purge-artifacts', '--json'));
    expect(run.code, run.stderr).toBe(0);
    const stacks = await cfn().send(new DescribeStacksCommand({})).then((r) => (r.Stacks ?? []).filter((s) => s.StackName === STACK && s.StackStatus !== 'DELETE_COMPLETE'));
    expect(stacks).toEqual([]);
    await expect(lambda().send(new GetFunctionConfigurationCommand({ FunctionName: STACK }))).rejects.toThrow();
    expect(await rules()).toEqual([]);
    expect(await objects()).toEqual([]);
    const status = await cli('status', 'dev', '--json');
    expect(JSON.parse(status.stdout).stack).toBeNull();
    const tail = await cli('tail', 'dev', '--no-follow');
    expect(tail.code).toBe(1);
    expect(tail.stderr).toMatch(/log group \/aws\/lambda\/quote-api-dev does not exist yet/);
  });
});

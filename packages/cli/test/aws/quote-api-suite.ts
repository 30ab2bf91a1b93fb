/**
 * The real-AWS suite (`npm run test:aws`, quote-api.aws.ts): examples/quote-api deployed to a real account, the
 * update matrix applied one setting at a time with each checked on what serves (the version
 * `live` points at, and the stage's URL answering), then undeployed, and every service asked
 * whether anything of the stage is left.
 *
 * It runs only when asked for (see gate.ts): TSAPPA_E2E_AWS=1 with credentials, never under
 * CI=true. It deploys a stage with a unique name (`e2e<random>`) in TSAPPA_E2E_AWS_REGION and
 * removes it at the end, also when a step fails; a run takes about 15 minutes and costs cents.
 * TSAPPA_E2E_AWS=moto rehearses the same steps against moto, with no account: there the
 * requests go to the `live` alias as API Gateway proxy events (moto serves no execute-api host).
 * The integration tier runs that rehearsal (test/aws-suite-rehearsal.int.test.ts), so the suite
 * cannot rot between the runs a person asks for.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetAliasCommand, GetFunctionConfigurationCommand, LambdaClient, ListTagsCommand, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithMoto, MOTO_REGION } from '../../../../test/support/moto.js';
import type { DeployResult } from '../../src/deploy/deploy.js';
import { runCli } from '../run-cli.js';
import { EXAMPLE, fastStackPolling } from '../support/quote-api-scratch.js';
import { leftovers, restApiIds } from './leftovers.js';
import { liveAliasEndpoint, urlEndpoint, type StageEndpoint } from './endpoints.js';
import type { AwsSuiteGate } from './gate.js';

const STAGE = `e2e${Math.random().toString(36).slice(2, 8)}`;
const STACK = `quote-api-${STAGE}`;

type Settings = Record<string, unknown>;

/** One row of the update matrix: a setting changed alone, and how the served version shows it. */
interface MatrixRow {
  setting: string;
  change: Settings;
  served: (config: FunctionConfiguration, stack: string) => Promise<void> | void;
}

const MATRIX: MatrixRow[] = [
  { setting: 'memorySize', change: { memorySize: 1024 }, served: (c) => expect(c.MemorySize).toBe(1024) },
  { setting: 'timeoutSeconds', change: { timeoutSeconds: 25 }, served: (c) => expect(c.Timeout).toBe(25) },
  { setting: 'environmentVariables', change: { environmentVariables: { QUOTE_API_E2E: 'on' } }, served: (c) => expect(c.Environment?.Variables?.QUOTE_API_E2E).toBe('on') },
  { setting: 'ephemeralStorage', change: { ephemeralStorage: 1024 }, served: (c) => expect(c.EphemeralStorage?.Size).toBe(1024) },
  { setting: 'architecture', change: { architecture: 'arm64' }, served: (c) => expect(c.Architectures).toEqual(['arm64']) },
  { setting: 'xrayTracing', change: { xrayTracing: true }, served: (c) => expect(c.TracingConfig?.Mode).toBe('Active') },
  {
    setting: 'tags',
    change: { tags: { 'tsappa-e2e': STAGE } },
    served: async (c) => expect((await new LambdaClient({}).send(new ListTagsCommand({ Resource: c.FunctionArn!.replace(/:\d+$/, '') }))).Tags?.['tsappa-e2e']).toBe(STAGE),
  },
  {
    setting: 'logRetentionDays',
    change: { logRetentionDays: 7 },
    served: async (_c, stack) => {
      const groups = (await new CloudWatchLogsClient({}).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/aws/lambda/${stack}` }))).logGroups ?? [];
      expect(groups.find((g) => g.logGroupName === `/aws/lambda/${stack}`)?.retentionInDays).toBe(7);
    },
  },
];

function suite(gate: AwsSuiteGate & { run: true }, region: string) {
  const dir = join(EXAMPLE, '..', '..', 'packages', 'cli', 'test', '.tsappa', `aws-e2e-${process.pid}`);
  const cli = (...args: string[]) => runCli(args, dir);
  let settings: Settings = {};
  const writeSettings = (extra: Settings) => {
    const example = (JSON.parse(readFileSync(join(EXAMPLE, 'tsappa.json'), 'utf8')) as { dev: Settings }).dev;
    const { domain: _domain, certificateArn: _certificate, ...dev } = example;
    settings = { ...settings, ...extra };
    writeFileSync(join(dir, 'tsappa.json'), JSON.stringify({ [STAGE]: { ...dev, awsRegion: region, ...settings } }, null, 2));
  };
  const lambda = () => new LambdaClient({});
  const served = async () => {
    const version = (await lambda().send(new GetAliasCommand({ FunctionName: STACK, Name: 'live' }))).FunctionVersion;
    expect(version, 'live points at a published version').toMatch(/^\d+$/);
    return lambda().send(new GetFunctionConfigurationCommand({ FunctionName: STACK, Qualifier: version }));
  };
  let endpoint: StageEndpoint;
  let bucket = '';
  let apiIds: string[] = [];
  let deployed = false;
  let restorePolling = () => {};

  beforeAll(() => {
    if (gate.target === 'moto') restorePolling = fastStackPolling();
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    cpSync(join(EXAMPLE, 'src'), join(dir, 'src'), { recursive: true });
    cpSync(join(EXAMPLE, 'package.json'), join(dir, 'package.json'));
    writeSettings({});
  });

  afterAll(async () => {
    // a failed step still removes what the suite created
    if (deployed) await cli('undeploy', STAGE, '--yes', '--remove-logs', '--purge-artifacts');
    restorePolling();
    rmSync(dir, { recursive: true, force: true });
  });

  it('deploys quote-api, and the stage answers', { timeout: 20 * 60_000 }, async () => {
    const run = await cli('deploy', STAGE, '--json', '--yes');
    deployed = true;
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as DeployResult;
    bucket = result.artifact.bucket;
    apiIds = await restApiIds(STACK);
    expect(apiIds).toHaveLength(1);
    const headers: Record<string, string> = result.apiKey?.value ? { 'x-api-key': result.apiKey.value } : {};
    endpoint = gate.target === 'aws' ? urlEndpoint(result.url!, headers) : liveAliasEndpoint(STACK, STAGE, headers);
    const root = await endpoint.get('/');
    expect(root.status).toBe(200);
    expect(JSON.parse(root.body.toString('utf8'))).toMatchObject({ name: 'quote-api', stage: STAGE });
    const quote = await endpoint.get('/quote?type=random');
    expect(quote.status, quote.body.toString('utf8')).toBe(200);
  });

  for (const row of MATRIX) {
    it(`update: ${row.setting}, changed alone, is what live serves`, { timeout: 20 * 60_000 }, async () => {
      writeSettings(row.change);
      const run = await cli('update', STAGE, '--json', '--yes');
      expect(run.code, run.stderr).toBe(0);
      await row.served(await served(), STACK);
      expect((await endpoint.get('/')).status).toBe(200);
    });
  }

  it('update: a code change is what live serves', { timeout: 20 * 60_000 }, async () => {
    const before = (await served()).CodeSha256;
    const app = join(dir, 'src', 'app.ts');
    writeFileSync(app, readFileSync(app, 'utf8').replace("name: 'quote-api',", "name: 'quote-api-e2e',"));
    const run = await cli('update', STAGE, '--json', '--yes');
    expect(run.code, run.stderr).toBe(0);
    expect((await served()).CodeSha256).not.toBe(before);
    expect(JSON.parse((await endpoint.get('/')).body.toString('utf8'))).toMatchObject({ name: 'quote-api-e2e' });
  });

  it('undeploys, and nothing of the stage is left behind', { timeout: 20 * 60_000 }, async () => {
    const run = await cli('undeploy', STAGE, '--yes', '--remove-logs', '--purge-artifacts');
    expect(run.code, run.stderr).toBe(0);
    deployed = false;
    expect(await leftovers(STACK, bucket, apiIds)).toEqual([]);
  });
}

/** The suite, as the gate says: skipped (with the reason printed), rehearsed against moto, or on a real account. */
export function quoteApiSuite(gate: AwsSuiteGate): void {
  if (!gate.run) {
    console.warn(`[real-AWS suite] skipped: ${gate.reason}`);
    describe.skip('quote-api on real AWS', () => suite({ run: true, target: 'moto' }, MOTO_REGION));
  } else if (gate.target === 'moto') {
    describeWithMoto('quote-api on real AWS (rehearsed against moto)', () => suite(gate, MOTO_REGION));
  } else {
    process.env.AWS_REGION = gate.region;
    describe(`quote-api on real AWS (${gate.region})`, { sequential: true }, () => suite(gate, gate.region));
  }
}

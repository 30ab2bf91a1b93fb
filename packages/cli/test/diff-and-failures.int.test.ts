/**
 * `tsappa diff`, `update --dry-run` and the update/deploy failure paths, against moto (with
 * test/support/moto_patches.py):
 * - diff shows a settings change and a code change, from a change set it deletes again: the
 *   change sets, the function's versions and what `live` serves are the same before and after;
 * - ExecuteChangeSet answering 500 (an unreadable body) then 200, 500 after it ran, or 200 when
 *   nothing ran: success only when the stack reached UPDATE_COMPLETE, seen in what the update made;
 * - an update that fails inside ExecuteChangeSet (a layer that does not exist): the error names
 *   the call, the stack and the HTTP status, shows the body, and no change set is left;
 * - update asks before replacing a table declared in `resources` (diff flags the replacement);
 * - a first deploy stuck on a resource names it; with --yes the unfinished stack is removed.
 */
import { createServer, request, type Server } from 'node:http';
import { CloudFormationClient, DeleteStackCommand, DescribeStacksCommand, ListChangeSetsCommand } from '@aws-sdk/client-cloudformation';
import { GetAliasCommand, GetFunctionConfigurationCommand, LambdaClient, ListVersionsByFunctionCommand } from '@aws-sdk/client-lambda';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeWithMoto, MOTO_REGION } from '../../../test/support/moto.js';
import { exampleBucket, fastStackPolling, motoSettings, scratchProject, STACK, type ScratchProject } from './support/quote-api-scratch.js';

/**
 * How the CloudFormation endpoint in front of moto answers ExecuteChangeSet:
 * - 'lost-then-ok': the first call never reaches moto and gets an HTTP 500 with an HTML page;
 *   the SDK's retry goes through (200);
 * - 'ok-then-500': the first call runs in moto but its answer is replaced by that 500; the
 *   retry is refused as AWS refuses a change set already executing (InvalidChangeSetStatus);
 * - 'lying-200': answered 200 without reaching moto: nothing was executed.
 */
type ExecuteFault = 'lost-then-ok' | 'ok-then-500' | 'lying-200';

const HTML_500 = '<html><body>502 Bad Gateway: upstream reset</body></html>';
const EXECUTE_OK = '<ExecuteChangeSetResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><ExecuteChangeSetResult/><ResponseMetadata><RequestId>proxy</RequestId></ResponseMetadata></ExecuteChangeSetResponse>';
const INVALID_STATUS =
  '<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>InvalidChangeSetStatus</Code><Message>ChangeSet cannot be executed in its current status of [EXECUTE_IN_PROGRESS]</Message></Error><RequestId>proxy</RequestId></ErrorResponse>';

async function faultyExecuteProxy(target: string, fault: ExecuteFault): Promise<{ url: string; executeCalls: () => number; close: () => Promise<void> }> {
  let executes = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const answer = (status: number, text: string, type = 'text/xml') => {
        res.writeHead(status, { 'content-type': type });
        res.end(text);
      };
      const forward = (onAnswer?: () => void) => {
        const { hostname, port } = new URL(target);
        const upstream = request({ hostname, port, path: req.url, method: req.method, headers: req.headers }, (reply) => {
          if (onAnswer) {
            reply.resume();
            reply.on('end', onAnswer);
            return;
          }
          res.writeHead(reply.statusCode ?? 500, reply.headers);
          reply.pipe(res);
        });
        upstream.end(body);
      };
      if (!/Action=ExecuteChangeSet/.test(body.toString())) return forward();
      const attempt = ++executes;
      if (fault === 'lying-200') return answer(200, EXECUTE_OK);
      if (fault === 'lost-then-ok') return attempt === 1 ? answer(500, HTML_500, 'text/html') : forward();
      return attempt === 1 ? forward(() => answer(500, HTML_500, 'text/html')) : answer(400, INVALID_STATUS);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    executeCalls: () => executes,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describeWithMoto('diff, update --dry-run and failure paths (moto)', (moto) => {
  let project: ScratchProject;
  let restorePolling = () => {};
  const cfn = () => new CloudFormationClient({ region: MOTO_REGION });
  const lambda = () => new LambdaClient({ region: MOTO_REGION });
  const changeSets = async () => ((await cfn().send(new ListChangeSetsCommand({ StackName: STACK }))).Summaries ?? []).filter((s) => s.ExecutionStatus === 'AVAILABLE').map((s) => s.ChangeSetName);
  const versions = async () => ((await lambda().send(new ListVersionsByFunctionCommand({ FunctionName: STACK }))).Versions ?? []).map((v) => v.Version);
  const live = async () => lambda().send(new GetFunctionConfigurationCommand({ FunctionName: STACK, Qualifier: 'live' }));
  const objects = async () => ((await new S3Client({ region: MOTO_REGION, forcePathStyle: true }).send(new ListObjectsV2Command({ Bucket: exampleBucket() }))).Contents ?? []).map((o) => o.Key).sort();
  const liveVersion = async () => (await lambda().send(new GetAliasCommand({ FunctionName: STACK, Name: 'live' }))).FunctionVersion;
  const stackStatus = async (): Promise<string | null> => {
    try {
      const stack = (await cfn().send(new DescribeStacksCommand({ StackName: STACK }))).Stacks?.[0];
      return stack && stack.StackStatus !== 'DELETE_COMPLETE' ? (stack.StackStatus ?? null) : null;
    } catch (error) {
      if (/does not exist/.test((error as Error).message)) return null;
      throw error;
    }
  };
  const deployed = async () => {
    const run = await project.cli('deploy', 'dev', '--json');
    expect(run.code, run.stderr).toBe(0);
  };

  beforeAll(() => {
    restorePolling = fastStackPolling();
    project = scratchProject('quote-api-diff');
  });

  afterAll(() => {
    restorePolling();
    project.remove();
  });

  afterEach(async () => {
    const status = await stackStatus();
    if (status && !status.endsWith('_IN_PROGRESS')) {
      const run = await project.cli('undeploy', 'dev', '--yes', '--remove-logs', '--purge-artifacts');
      expect(run.code, run.stderr).toBe(0);
    } else if (status) {
      await cfn().send(new DeleteStackCommand({ StackName: STACK }));
    }
    project.writeSettings();
  });

  it('diff and update --dry-run show a settings change and a code change, and write nothing', async () => {
    await deployed();
    const appFile = join(project.dir, 'src', 'app.ts');
    writeFileSync(appFile, `${readFileSync(appFile, 'utf8')}\n// a code change\nexport const diffMarker = 1;\n`);
    project.writeSettings({ memorySize: 1024 });
    const before = { objects: await objects(), changeSets: await changeSets(), versions: await versions(), live: await liveVersion(), memory: (await live()).MemorySize, code: (await live()).CodeSha256 };

    for (const args of [['diff', 'dev'], ['update', 'dev', '--dry-run']]) {
      const run = await project.cli(...args, '--json');
      expect(run.code, run.stderr).toBe(0);
      const diff = JSON.parse(run.stdout);
      expect(diff.kind).toBe('code+template');
      expect(diff.code).toMatchObject({ changed: true, live: before.code });
      expect(diff.code.package).not.toBe(before.code);
      expect(diff.alias).toEqual({ name: 'live', version: before.live, moves: true, rolledBackTo: null });
      expect(diff.template).toContain('~ Function');
      expect(diff.changes).toContainEqual(expect.objectContaining({ action: 'Modify', resource: 'Function', type: 'AWS::Lambda::Function' }));

      const text = await project.cli(...args);
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toMatch(/code: changed/);
      expect(text.stdout).toMatch(new RegExp(`alias live: version ${before.live} now`));
      expect(text.stdout).toMatch(/~ Function \(AWS::Lambda::Function\)/);
      expect(text.stdout).toMatch(/Nothing was changed\./);
    }

    expect(await changeSets()).toEqual(before.changeSets);
    expect(await versions()).toEqual(before.versions);
    expect(await objects()).toEqual(before.objects); // the new package was not uploaded
    expect(await liveVersion()).toBe(before.live);
    expect((await live()).MemorySize).toBe(before.memory);
    expect((await live()).CodeSha256).toBe(before.code);
  });

  /** The example's resources plus a table the update adds: what the update did, seen through DynamoDB. */
  const INBOX = `${STACK}-inbox`;
  const withInbox = () => ({
    resources: {
      ...(motoSettings().dev.resources as Record<string, unknown>),
      Inbox: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: INBOX, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] } },
    },
  });
  const inboxExists = () =>
    new DynamoDBClient({ region: MOTO_REGION }).send(new DescribeTableCommand({ TableName: INBOX })).then(
      () => true,
      () => false,
    );
  const updateThrough = async (fault: ExecuteFault) => {
    const proxy = await faultyExecuteProxy(moto().endpoint, fault);
    process.env.AWS_ENDPOINT_URL_CLOUDFORMATION = proxy.url;
    try {
      project.writeSettings(withInbox());
      return { run: await project.cli('update', 'dev', '--json'), executeCalls: proxy.executeCalls() };
    } finally {
      delete process.env.AWS_ENDPOINT_URL_CLOUDFORMATION;
      await proxy.close();
    }
  };

  it('ExecuteChangeSet answering 500 then 200: reported once the stack reached UPDATE_COMPLETE, with the change made', async () => {
    await deployed();
    const { run, executeCalls } = await updateThrough('lost-then-ok');
    expect(run.code, run.stderr).toBe(0);
    expect(executeCalls).toBe(2); // the 500, then the SDK's retry
    expect(JSON.parse(run.stdout).kind).toBe('template');
    expect(await stackStatus()).toBe('UPDATE_COMPLETE');
    expect(await inboxExists()).toBe(true);
    expect(await changeSets()).toEqual([]);
  });

  it('ExecuteChangeSet answering 500 after it ran (its retry refused, as AWS does): the stack decides, and it was applied', async () => {
    await deployed();
    const { run, executeCalls } = await updateThrough('ok-then-500');
    expect(run.code, run.stderr).toBe(0);
    expect(executeCalls).toBe(2);
    expect(await stackStatus()).toBe('UPDATE_COMPLETE');
    expect(await inboxExists()).toBe(true);
  });

  it('ExecuteChangeSet answering 200 when nothing ran: no success is reported, and no change set is left', async () => {
    await deployed();
    const { run } = await updateThrough('lying-200');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: 'the update was not applied: the stack quote-api-dev is CREATE_COMPLETE and shows no update since the change set was executed' });
    expect(await inboxExists()).toBe(false);
    expect(await changeSets()).toEqual([]);
  });

  it('an update that fails inside ExecuteChangeSet names the call, the stack and the status, and leaves no change set', async () => {
    await deployed();
    const liveBefore = await liveVersion();
    const layer = `arn:aws:lambda:${MOTO_REGION}:123456789012:layer:does-not-exist:1`;
    project.writeSettings({ layers: [layer] });
    const run = await project.cli('update', 'dev');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/CloudFormation ExecuteChangeSet \(stack quote-api-dev\)/);
    expect(run.stderr).toMatch(/HTTP 404 with a body the AWS SDK could not read: .*LayerVersion does not exist.*layer:does-not-exist:1/);
    expect(run.stderr).toMatch(/the change set was deleted/);
    expect(run.stderr).not.toMatch(/XML parse error/);
    expect(await changeSets()).toEqual([]);
    expect(await liveVersion()).toBe(liveBefore);
  }, 120_000);

  it('update asks before replacing a table declared in resources; without an answer nothing changes and no change set is left', async () => {
    await deployed();
    const resources = motoSettings().dev.resources as Record<string, { Properties: Record<string, unknown> }>;
    const renamed = { ...resources, QuoteTable: { ...resources.QuoteTable!, Properties: { ...resources.QuoteTable!.Properties, TableName: { 'Fn::Sub': '${AWS::StackName}-quotes' } } } };
    project.writeSettings({ resources: renamed });

    const diff = await project.cli('diff', 'dev', '--json');
    expect(diff.code, diff.stderr).toBe(0);
    const planned = JSON.parse(diff.stdout);
    expect(planned.changes).toContainEqual({ action: 'Modify', resource: 'QuoteTable', type: 'AWS::DynamoDB::Table', replacement: 'True', properties: ['TableName'] });
    expect(planned.risky).toEqual([{ resource: 'QuoteTable', type: 'AWS::DynamoDB::Table', action: 'replace' }]);
    expect((await project.cli('diff', 'dev')).stdout).toMatch(/~ QuoteTable \(AWS::DynamoDB::Table\) \[TableName\] {2}REPLACEMENT/);

    const refused = await project.cli('update', 'dev');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/this update loses data: QuoteTable \(AWS::DynamoDB::Table\) would be replaced by a new, empty one/);
    expect(refused.stderr).toMatch(/refusing to replace or delete QuoteTable in stage "dev" without confirmation[\s\S]*--yes/);
    expect(await changeSets()).toEqual([]);
    expect(await stackStatus()).toBe('CREATE_COMPLETE');
    await new DynamoDBClient({ region: MOTO_REGION }).send(new DescribeTableCommand({ TableName: `${STACK}-data` }));
  });

  it('a first deploy stuck on a resource names it; with --yes the unfinished stack is removed', async () => {
    const slow = { SlowTopic: { Type: 'AWS::SNS::Topic', Metadata: { 'moto:holdInProgress': true }, Properties: {} } };
    project.writeSettings({ resources: { ...(motoSettings().dev.resources as Record<string, unknown>), ...slow } });
    process.env.TSAPPA_STACK_DEADLINE_SECONDS = '2';
    try {
      const stuck = await project.cli('deploy', 'dev');
      expect(stuck.code).toBe(1);
      expect(stuck.stderr).toMatch(/stopped waiting: the stack quote-api-dev is still CREATE_IN_PROGRESS; waiting on SlowTopic \(AWS::SNS::Topic\) CREATE_IN_PROGRESS/);
      expect(stuck.stderr).toMatch(/aws cloudformation delete-stack --stack-name quote-api-dev/);
      expect(await stackStatus()).toBe('CREATE_IN_PROGRESS');
      await cfn().send(new DeleteStackCommand({ StackName: STACK }));
      expect(await stackStatus()).toBeNull();

      const cleaned = await project.cli('deploy', 'dev', '--yes');
      expect(cleaned.code).toBe(1);
      expect(cleaned.stderr).toMatch(/waiting on SlowTopic/);
      expect(cleaned.stderr).toMatch(/the deployment did not finish in time \(waiting on SlowTopic\); the stack quote-api-dev was deleted/);
      expect(await stackStatus()).toBeNull();
    } finally {
      process.env.TSAPPA_STACK_DEADLINE_SECONDS = '60';
    }
  });
});

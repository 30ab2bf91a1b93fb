/**
 * Issue 17: `@task()` on a NestJS service method, end to end. The Nest app of
 * test/fixtures/nest-tasks (as the Nest CLI writes a CommonJS project: `src/main.ts` bootstraps
 * and calls `app.listen(3000)`) is packaged with `app: "src/main.ts"`, extracted into an empty
 * directory outside the repository and loaded the way Lambda loads it (Node 22, only the
 * runtime's AWS SDK on NODE_PATH), with the SDK pointed at a recording stand-in for AWS:
 * - a POST request (REST API v1 event) to one container dispatches the task with a Lambda Event
 *   invoke and answers with its receipt;
 * - the payload that invoke carried, given to a new container, runs the method on the
 *   MailService from Nest's container (it uses the injected TemplatesService) and records its
 *   result in the task table (captureResponse).
 *
 * Without Node 22 (another platform, no registry) the containers run on this Node, with the
 * reason printed, except under CI=true, where that is a failure.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeBinary } from '../../../scripts/node-binary.mjs';
import { buildPackage, type PackageResult } from '../src/package/index.js';
import { AwsRecorder } from './support/aws-recorder.js';
import { restApiEvent } from './support/rest-api-event.js';
import { runtimeSdkDir } from './support/runtime-sdk.js';
import { invokeLikeLambda, type LambdaRun } from './support/test-lambda.js';
import { copyFixture, testSettings } from './support/test-settings.js';
import { unzipTo } from './support/test-zip.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** What the fixture's package.json lists, linked from the repository's installs. */
const LINKED: Record<string, string> = {
  '@nestjs/common': join(REPO, 'node_modules/@nestjs/common'),
  '@nestjs/core': join(REPO, 'node_modules/@nestjs/core'),
  '@nestjs/platform-express': join(REPO, 'node_modules/@nestjs/platform-express'),
  'reflect-metadata': join(REPO, 'node_modules/reflect-metadata'),
  rxjs: join(REPO, 'node_modules/rxjs'),
  typescript: join(REPO, 'node_modules/typescript'),
  '@tsappa/runtime': join(REPO, 'packages/runtime'),
};
const NOCHECK = /^\/\/ @ts-nocheck[^\n]*\n/;

const TASK = 'MailService.sendWelcome';
const EMAIL = 'ann@example.com';
const TABLE = 'nest-tasks-dev-tasks';
/** what Lambda sets on a published version; a task goes to the version that sent it */
const FUNCTION_VERSION = '7';

const inCi = process.env.CI === 'true' || process.env.CI === '1';
const lambdaNode = nodeBinary('22');
if (lambdaNode.error) {
  if (inCi) throw new Error(`nest-tasks: no Node 22 to load the package on, as Lambda's nodejs22.x does: ${lambdaNode.error}`);
  console.warn(`[nest-tasks] no Node 22 (${lambdaNode.error}): the containers run on this Node (${process.version})`);
}

/**
 * The fixture copied outside the repository, its packages linked in, and each source as a Nest
 * project holds it (without the `@ts-nocheck` the CLI's own type-check needs, see its README).
 */
async function nestProject(): Promise<string> {
  const dir = await copyFixture('nest-tasks');
  for (const [name, target] of Object.entries(LINKED)) {
    await mkdir(dirname(join(dir, 'node_modules', name)), { recursive: true });
    await symlink(target, join(dir, 'node_modules', name), 'dir');
  }
  for (const file of await readdir(join(dir, 'src'))) {
    const path = join(dir, 'src', file);
    await writeFile(path, (await readFile(path, 'utf8')).replace(NOCHECK, ''));
  }
  return dir;
}

/** What `tsc -p tsconfig.json` (`nest build`) reports for the project. */
function typeErrors(dir: string): string[] {
  const config = ts.readConfigFile(join(dir, 'tsconfig.json'), (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dir);
  const program = ts.createProgram(parsed.fileNames, { ...parsed.options, noEmit: true, incremental: false });
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

let aws: AwsRecorder;
let endpoint: string;
let project: string;
let built: PackageResult;
const taskRoots: string[] = [];

beforeAll(async () => {
  aws = new AwsRecorder();
  endpoint = await aws.start();
  project = await nestProject();
  const out = join(await mkdtemp(join(realpathSync(tmpdir()), 'tsappa-nest-tasks-zip-')), 'nest-tasks.zip');
  built = await buildPackage(testSettings(project, { app: 'src/main.ts', projectName: 'nest-tasks' }), { outFile: out });
}, 120_000);

afterAll(async () => {
  await aws?.close();
  for (const dir of [project, ...taskRoots, built ? dirname(built.path) : undefined]) if (dir) await rm(dir, { recursive: true, force: true });
});

/** One Lambda container: the zip extracted into a new empty task root, the events sent in order. */
async function container(events: unknown[]): Promise<LambdaRun> {
  const taskRoot = await mkdtemp(join(realpathSync(tmpdir()), 'tsappa-nest-tasks-root-'));
  const scratch = await mkdtemp(join(realpathSync(tmpdir()), 'tsappa-nest-tasks-tmp-'));
  taskRoots.push(taskRoot, scratch);
  await unzipTo(built.path, taskRoot);
  return invokeLikeLambda(
    taskRoot,
    built.handler,
    events,
    {
      NODE_ENV: 'production',
      NODE_PATH: await runtimeSdkDir(),
      TMPDIR: scratch,
      AWS_LAMBDA_FUNCTION_VERSION: FUNCTION_VERSION,
      TSAPPA_TASK_TABLE: TABLE,
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      AWS_SESSION_TOKEN: 'session-token',
      // nothing from this machine's AWS configuration
      AWS_CONFIG_FILE: join(scratch, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'no-aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    { node: lambdaNode.bin, timeoutMs: 30_000 },
  );
}

function onlyValue(run: LambdaRun): unknown {
  expect(run.results).toHaveLength(1);
  const [first] = run.results;
  if (!first?.ok) throw new Error(`the invocation failed: ${first?.error}\n${run.stderr}`);
  return first.value;
}

describe('@task() on a NestJS service method, packaged and loaded the way Lambda loads it', () => {
  it('the fixture is a Nest project that type-checks as nest build compiles it', () => {
    expect(typeErrors(project)).toEqual([]);
  });

  it('a request dispatches the task with an Event invoke; the payload it carried runs the method on the service from Nest`s container', async () => {
    // container 1: API Gateway's request
    const request = restApiEvent({ method: 'POST', path: '/users', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: EMAIL }) });
    const web = await container([request]);
    const response = onlyValue(web) as { statusCode: number; body: string };
    expect(response.statusCode, web.stderr).toBe(201);
    const answer = JSON.parse(response.body) as { email: string; welcome: { id: string; service: string } };
    expect(answer).toEqual({ email: EMAIL, welcome: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), service: 'lambda' } });
    const receipt = answer.welcome;

    // what that container sent: one Event invoke of its own function version, naming the task
    const invokes = aws.invokes();
    expect(invokes).toHaveLength(1);
    const [invoke] = invokes;
    expect(invoke).toMatchObject({ functionName: 'fixture-app-dev', qualifier: FUNCTION_VERSION, invocationType: 'Event' });
    expect(invoke!.payload).toMatchObject({ 'tsappa:task': { id: receipt.id, name: TASK, args: [EMAIL], captureResponse: true, resultTable: TABLE } });
    // the task did not run there: only its "in progress" row was written
    expect(aws.putItems().map((put) => [put.table, put.item.id?.S, put.item.status?.S])).toEqual([[TABLE, receipt.id, 'in progress']]);
    expect(stripVTControlCharacters(web.stderr)).toContain('Nest application successfully started');
    expect(stripVTControlCharacters(web.stderr)).not.toContain('sent: Welcome aboard');

    // container 2: the Event invoke's payload is its first event, before any request made the app
    const worker = await container([invoke!.payload]);
    expect(onlyValue(worker)).toEqual({ tasks: [{ id: receipt.id, name: TASK, status: 'complete' }] });
    expect(aws.invokes()).toHaveLength(1); // nothing dispatched again
    const puts = aws.putItems();
    expect(puts).toHaveLength(2);
    const done = puts[1]!;
    expect([done.table, done.item.id?.S, done.item.name?.S, done.item.status?.S]).toEqual([TABLE, receipt.id, TASK, 'complete']);
    // the method ran on Nest's MailService: the text comes from its injected TemplatesService
    expect(JSON.parse(done.item.value?.S ?? 'null')).toEqual({ to: EMAIL, text: `Welcome aboard, ${EMAIL}` });
    // Nest's logger, in colour as in Lambda's log
    expect(stripVTControlCharacters(worker.stderr)).toContain(`LOG [MailService] sent: Welcome aboard, ${EMAIL}`);
    expect(aws.unexpected()).toEqual([]);
  });
});

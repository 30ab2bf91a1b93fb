/**
 * Item 9: the packaged handler really works the way Lambda loads it. The zip is extracted into
 * an empty directory outside the project (nothing resolves through any node_modules but the
 * zip's own), then a fresh Node process loads the handler string like the Node.js runtime and
 * serves an HTTP API request, a keep-warm ping and a schedule event.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import type { ResolvedSettings } from '@tsappa/templates';
import { KEEP_WARM_INPUT } from '@tsappa/runtime/contract';
import { describeWithMoto } from '../../../../test/support/moto.js';
import { buildPackage } from './index.js';
import { httpApiEvent, invokeLikeLambda } from '../../test/support/test-lambda.js';
import { copyFixture, testSettings } from '../../test/support/test-settings.js';
import { unzipTo } from '../../test/support/test-zip.js';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const settingsFor = (dir: string, overrides: Partial<ResolvedSettings> = {}) =>
  testSettings(dir, {
    events: [
      { kind: 'schedule', function: 'src/schedulers.ts:nightly', expression: 'rate(1 day)', name: 'nightly', enabled: true },
      { kind: 'schedule', function: 'src/schedulers.ts:fails', expression: 'rate(1 day)', name: 'fails', enabled: false },
      { kind: 'schedule', function: 'src/legacy.cjs:cleanup', expression: 'rate(1 day)', name: 'cleanup', enabled: true },
    ],
    exceptionHandler: 'src/schedulers.ts:onError',
    taskModules: ['src/tasks.ts'],
    ...overrides,
  });

const events = [
  httpApiEvent('GET', '/hello', 'a=1'),
  KEEP_WARM_INPUT,
  { 'tsappa:schedule': 'src/schedulers.ts:nightly' },
];

function expectServed(run: Awaited<ReturnType<typeof invokeLikeLambda>>) {
  const [http, warm, schedule] = run.results;
  expect(http, `${JSON.stringify(http)}\n${run.stderr}`).toMatchObject({ ok: true, value: { statusCode: 200 } });
  const body = JSON.parse((http as { value: { body: string } }).value.body) as Record<string, unknown>;
  expect(body).toEqual({
    greeting: 'hello, tsappa',
    padded: '007',
    addon: 'native-addon',
    method: 'GET',
    url: '/hello?a=1',
    stage: 'dev',
  });
  expect(warm).toEqual({ ok: true, value: { 'tsappa:keepWarm': 'warm' } });
  expect(schedule, run.stderr).toMatchObject({ ok: true, value: { ran: 'nightly', input: { 'tsappa:schedule': 'src/schedulers.ts:nightly' } } });
}

describe('the packaged handler, loaded the way Lambda loads it', () => {
  it.each([
    ['bundle: true', {}],
    ['bundle: false', { bundle: false }],
  ])('serves HTTP, keep-warm and schedule events (%s)', async (_name, overrides) => {
    const project = await copyFixture('package-basic');
    const result = await buildPackage(settingsFor(project, overrides), { install: 'copy' });
    const taskRoot = await mkdtemp(join(tmpdir(), 'tsappa-task-root-'));
    await unzipTo(result.path, taskRoot);
    const run = await invokeLikeLambda(
      taskRoot,
      result.handler,
      [...events, { 'tsappa:schedule': 'src/schedulers.ts:fails' }, { 'tsappa:schedule': 'src/legacy.cjs:cleanup' }],
      {},
    );
    expectServed(run);
    expect(run.results[4], run.stderr).toMatchObject({ ok: true, value: { ran: 'cleanup', commonjs: true, greeting: 'hello, cjs' } });
    // no --enable-source-maps (Lambda sets no NODE_OPTIONS): the runtime maps the app's frame to
    // its TypeScript source as it sits in the task root, line 12 of schedulers.ts
    const failed = run.results[3] as { ok: false; error: string };
    expect(failed.ok).toBe(false);
    expect(failed.error).toContain('scheduled job failed on purpose');
    expect(failed.error).toContain(`${join(taskRoot, 'src', 'schedulers.ts')}:12:`);
  });
});

const REPO_NODE_MODULES = fileURLToPath(new URL('../../../../node_modules', import.meta.url));

describeWithMoto('slimHandler, the app archive fetched from S3 at cold start', (moto) => {
  it('downloads, verifies and loads the app archive, then serves the events', async () => {
    const project = await copyFixture('package-basic');
    const bucket = 'fixture-deployments';
    const result = await buildPackage(settingsFor(project, { slimHandler: true, s3Bucket: bucket }), { install: 'copy' });
    const s3 = new S3Client({ forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: result.slimArchive!.key, Body: await readFile(result.slimArchive!.path) }));

    const taskRoot = await mkdtemp(join(tmpdir(), 'tsappa-task-root-'));
    await unzipTo(result.path, taskRoot);
    // Lambda provides the AWS SDK on NODE_PATH (/var/runtime/node_modules); the repo's stands in for it
    const run = await invokeLikeLambda(taskRoot, result.handler, events, {
      ...moto().env,
      NODE_PATH: REPO_NODE_MODULES,
      TMPDIR: await mkdtemp(join(tmpdir(), 'tsappa-lambda-tmp-')),
    });
    expectServed(run);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/run-cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function project(settings: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsappa-event-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'shop', version: '1.0.0' }));
  if (settings !== undefined) writeFileSync(join(dir, 'tsappa.json'), JSON.stringify(settings));
  return dir;
}

const stage = {
  app: 'src/app.ts:app',
  awsRegion: 'eu-west-1',
  projectName: 'shop',
  events: [
    { name: 'nightly', function: 'src/jobs.ts:nightly', expression: 'cron(0 2 * * ? *)' },
    { function: 'src/orders.ts:onMessage', eventSource: { arn: 'arn:aws:sqs:eu-west-1:111122223333:orders' } },
  ],
};

describe('tsappa event', () => {
  it('prints a sample the stage\'s own source would send: its queue, region and account', async () => {
    const run = await runCli(['event', 'sqs', 'dev', '--body', '{"order":7}'], project({ dev: stage }));
    expect(run.code).toBe(0);
    const record = (JSON.parse(run.stdout) as { Records: Array<Record<string, unknown>> }).Records[0];
    expect(record).toMatchObject({ eventSource: 'aws:sqs', body: '{"order":7}', eventSourceARN: 'arn:aws:sqs:eu-west-1:111122223333:orders', awsRegion: 'eu-west-1' });
  });

  it("fires the stage's first schedule, and makes the HTTP request asked for under the stage", async () => {
    const dir = project({ dev: stage });
    expect(JSON.parse((await runCli(['event', 'schedule'], dir)).stdout)).toEqual({ 'tsappa:schedule': 'src/jobs.ts:nightly' });
    const http = JSON.parse((await runCli(['event', 'http', '--method', 'POST', '--path', '/orders?x=1', '--body', '{}'], dir)).stdout) as unknown;
    expect(http).toMatchObject({ httpMethod: 'POST', path: '/orders', queryStringParameters: { x: '1' }, body: '{}', requestContext: { stage: 'dev' } });
  });

  it('needs no project, and refuses an unknown kind naming the ones it knows', async () => {
    const bare = await runCli(['event', 's3', '--bucket', 'photos'], project(undefined));
    expect(bare.code).toBe(0);
    expect(JSON.parse(bare.stdout).Records[0]).toMatchObject({ awsRegion: 'us-east-1', s3: { bucket: { name: 'photos' } } });
    const bad = await runCli(['event', 'kafka'], project(undefined));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/kafka/);
    expect(bad.stderr).toMatch(/s3.*sqs.*sns.*dynamodb.*kinesis.*schedule.*http/s);
  });
});

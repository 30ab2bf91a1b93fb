/**
 * `tsappa serve` of a stage that keeps its data in a table it declares: the table is created in
 * the local DynamoDB with the stack's name for it, the function's SDK reaches it with no endpoint
 * of the app's own, and its other AWS calls reach no real account.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadStage } from '../settings/index.js';
import { invokeLocally, serveSessionFile } from './local-invoke.js';
import { startLocalStage } from './local-stage.js';
import { sampleEvent } from './sample-events.js';
import { findRunningSession } from './serve-session.js';

const RUNTIME = join(dirname(fileURLToPath(import.meta.url)), '../../../runtime');
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const APP = `
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
const db = new DynamoDBClient({});
const send = (res, status, body) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
export async function app(req, res) {
  const url = new URL(req.url, 'http://local');
  const TableName = process.env.TABLE;
  try {
    if (url.pathname === '/put') {
      await db.send(new PutItemCommand({ TableName, Item: { pk: { S: url.searchParams.get('k') }, v: { S: url.searchParams.get('v') } } }));
      return send(res, 200, { ok: true });
    }
    if (url.pathname === '/get') {
      const out = await db.send(new GetItemCommand({ TableName, Key: { pk: { S: url.searchParams.get('k') } } }));
      return send(res, 200, { v: out.Item?.v?.S ?? null });
    }
    if (url.pathname === '/s3') return send(res, 200, await new S3Client({ forcePathStyle: true }).send(new ListBucketsCommand({})));
  } catch (error) {
    return send(res, 500, { error: error.name, message: error.message });
  }
  send(res, 404, {});
}
`;

function project(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'tsappa-serve-tables-')));
  dirs.push(dir);
  mkdirSync(join(dir, 'src'));
  mkdirSync(join(dir, 'node_modules', '@tsappa'), { recursive: true });
  symlinkSync(RUNTIME, join(dir, 'node_modules', '@tsappa', 'runtime'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'tables-app', version: '1.0.0', private: true, type: 'module' }));
  writeFileSync(join(dir, 'src', 'app.mjs'), APP);
  const table = {
    Type: 'AWS::DynamoDB::Table',
    Properties: {
      TableName: { 'Fn::Sub': '${AWS::StackName}-data' },
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    },
  };
  const stage = {
    app: 'src/app.mjs:app',
    awsRegion: 'eu-west-1',
    projectName: 'tables-app',
    keepWarm: false,
    environmentVariables: { TABLE: 'tables-app-dev-data' },
    resources: { DataTable: table },
    extraPolicies: [{ Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: { 'Fn::GetAtt': ['DataTable', 'Arn'] } }],
  };
  writeFileSync(join(dir, 'tsappa.json'), JSON.stringify({ dev: stage }));
  return dir;
}

const layoutDir = () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'tsappa-serve-tables-tmp-')));
  dirs.push(dir);
  return dir;
};

const sink = () => new Writable({ write: (_c, _e, cb) => cb() });

async function get(url: string) {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('serve with declared tables', () => {
  it('creates the declared table under the stack name, serves it to the function, keeps it across rebuilds, and refuses other AWS calls', async () => {
    const dir = project();
    const lines: string[] = [];
    const stage = await startLocalStage({
      loadSettings: async () => (await loadStage({ cwd: dir })).settings,
      log: (line) => lines.push(line),
      port: 0,
      watch: false,
      functionStdout: sink(),
      functionStderr: sink(),
      tempDir: layoutDir(),
    });
    try {
      expect(lines).toContain('table tables-app-dev-data (DataTable) created');
      expect(stage.serve.env.AWS_ENDPOINT_URL_DYNAMODB).toBe(stage.dynamoEndpoint);
      expect(await get(`${stage.url}/put?k=a&v=one`)).toEqual({ status: 200, body: { ok: true } });
      expect(await get(`${stage.url}/get?k=a`)).toEqual({ status: 200, body: { v: 'one' } });

      // a rebuild restarts the function: the data stays
      expect(await stage.rebuild('test')).toBe(true);
      expect(await get(`${stage.url}/get?k=a`)).toEqual({ status: 200, body: { v: 'one' } });

      const s3 = await get(`${stage.url}/s3`);
      expect(s3).toMatchObject({ status: 500, body: { error: 'NotEmulatedLocally' } });
      expect(lines.filter((l) => l.startsWith('the function called s3 ListBuckets, which is not emulated locally'))).toHaveLength(1);
    } finally {
      await stage.close();
    }
  }, 60_000);

  it('sends the other AWS calls to --aws-endpoint', async () => {
    const dir = project();
    const calls: string[] = [];
    const { createServer } = await import('node:http');
    const emulator = createServer((req, res) => {
      calls.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/xml' }).end('<ListAllMyBucketsResult><Buckets><Bucket><Name>from-emulator</Name></Bucket></Buckets></ListAllMyBucketsResult>');
    });
    await new Promise<void>((resolve) => emulator.listen(0, '127.0.0.1', () => resolve()));
    const port = (emulator.address() as { port: number }).port;
    const stage = await startLocalStage({
      loadSettings: async () => (await loadStage({ cwd: dir })).settings,
      log: () => {},
      port: 0,
      watch: false,
      awsEndpoint: `http://127.0.0.1:${port}`,
      functionStdout: sink(),
      functionStderr: sink(),
      tempDir: layoutDir(),
    });
    try {
      const s3 = await get(`${stage.url}/s3`);
      expect(s3.status).toBe(200);
      expect(s3.body.Buckets).toEqual([{ Name: 'from-emulator' }]);
      expect(calls).toEqual(['GET /?x-id=ListBuckets']);
    } finally {
      await stage.close();
      emulator.close();
    }
  }, 60_000);

  it('takes events from tsappa invoke --local while it runs: they reach its function and its tables', async () => {
    const dir = project();
    const settings = (await loadStage({ cwd: dir })).settings;
    const sessionFile = serveSessionFile(dir, 'dev');
    const stage = await startLocalStage({
      loadSettings: async () => settings,
      log: () => {},
      port: 0,
      watch: false,
      sessionFile,
      functionStdout: sink(),
      functionStderr: sink(),
      tempDir: layoutDir(),
    });
    try {
      const event = sampleEvent('http', { region: 'eu-west-1', accountId: '000000000000', stage: 'dev', path: '/put?k=b&v=from-invoke' });
      const sent = await invokeLocally({ settings, event });
      expect(sent.servedBy).toBe(process.pid);
      expect(sent.result).toMatchObject({ statusCode: 200 });
      expect(await get(`${stage.url}/get?k=b`)).toEqual({ status: 200, body: { v: 'from-invoke' } });
    } finally {
      await stage.close();
    }
    // the session is over: its file is gone, and the next invoke runs the package on its own
    expect(findRunningSession(sessionFile)).toBeNull();
  }, 60_000);
});

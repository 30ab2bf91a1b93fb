#!/usr/bin/env node
/* global process */
// The quote API on your machine, with no AWS account:
//
//   node serve.mjs [stage] [tsappa serve options]      e.g.  node serve.mjs dev --port 8000
//
// 1. starts dynalite (DynamoDB in memory) on a free port;
// 2. creates the stage's tables there from the `resources` of its settings (the same
//    declaration CloudFormation deploys);
// 3. runs `tsappa serve <stage>` with QUOTE_API_LOCAL=1 and QUOTE_API_DYNAMODB_ENDPOINT set, so
//    the app keeps its data in dynalite and writes SMS and error reports to the log (src/config.ts).
// Ctrl-C stops both. The data lives as long as this script: restarts of the function after a
// code change keep it.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';

// the SDK's notice about Node versions is noise here (and in the function's containers)
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const tsappaBin = join(dirname(require.resolve('tsappa/package.json')), 'bin', 'tsappa.js');

const args = process.argv.slice(2);
const stage = args[0] && !args[0].startsWith('-') ? args[0] : 'dev';
const serveArgs = args[0] && !args[0].startsWith('-') ? args.slice(1) : args;

// the stage's resolved settings, from the CLI itself
const printed = spawnSync(process.execPath, [tsappaBin, 'settings', stage, '--json'], { cwd: here, encoding: 'utf8' });
if (printed.status !== 0) {
  process.stderr.write(printed.stderr || printed.stdout);
  process.exit(printed.status ?? 1);
}
const settings = JSON.parse(printed.stdout);
const stackName = `${settings.projectName}-${settings.stage}`.replace(/[^A-Za-z0-9-]/g, '-');

/** Fn::Sub with the pseudo parameters tsappa knows locally; other intrinsics are refused. */
function resolve(value) {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'Fn::Sub' in value && typeof value['Fn::Sub'] === 'string') {
    return value['Fn::Sub'].replace(/\$\{AWS::StackName\}/g, stackName).replace(/\$\{AWS::Region\}/g, settings.awsRegion).replace(/\$\{AWS::AccountId\}/g, '000000000000');
  }
  throw new Error(`serve.mjs cannot resolve ${JSON.stringify(value)} locally`);
}

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const endpoint = `http://127.0.0.1:${server.address().port}`;
const db = new DynamoDBClient({ endpoint, region: settings.awsRegion, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
for (const [id, resource] of Object.entries(settings.resources ?? {})) {
  if (resource.Type !== 'AWS::DynamoDB::Table') continue;
  const p = resource.Properties ?? {};
  const table = {
    TableName: resolve(p.TableName ?? `${stackName}-${id}`),
    AttributeDefinitions: p.AttributeDefinitions,
    KeySchema: p.KeySchema,
    BillingMode: p.BillingMode ?? 'PAY_PER_REQUEST',
  };
  if (table.BillingMode === 'PROVISIONED') table.ProvisionedThroughput = p.ProvisionedThroughput;
  if (p.GlobalSecondaryIndexes) table.GlobalSecondaryIndexes = p.GlobalSecondaryIndexes;
  await db.send(new CreateTableCommand(table));
  process.stderr.write(`dynalite: table ${table.TableName} (${id}) at ${endpoint}\n`);
}
db.destroy();

// its own process group: a Ctrl-C reaches this script only, which passes it on once
const child = spawn(process.execPath, [tsappaBin, 'serve', stage, ...serveArgs], {
  cwd: here,
  stdio: 'inherit',
  detached: true,
  env: { ...process.env, QUOTE_API_LOCAL: '1', QUOTE_API_DYNAMODB_ENDPOINT: endpoint },
});
const forward = (signal) => {
  if (child.exitCode === null) child.kill(signal);
};
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.on('exit', (code, signal) => {
  server.close();
  process.exitCode = code ?? (signal ? 1 : 0);
});

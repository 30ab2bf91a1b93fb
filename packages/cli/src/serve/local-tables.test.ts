import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { IntrinsicContext } from './cfn-intrinsics.js';
import { declaredTables, startLocalTables, type LocalTables } from './local-tables.js';

const ctx = (resources: Record<string, unknown>): IntrinsicContext => ({ stackName: 'shop-dev', region: 'eu-west-1', accountId: '000000000000', resources });

const orders = {
  Type: 'AWS::DynamoDB::Table',
  Properties: {
    TableName: { 'Fn::Sub': '${AWS::StackName}-orders' },
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'email', AttributeType: 'S' },
    ],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [{ IndexName: 'byEmail', KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' }, ContributorInsightsSpecification: { Enabled: true } }],
    TimeToLiveSpecification: { AttributeName: 'expires', Enabled: true },
  },
};

type Attribute = { S?: string; N?: string };
interface DynamoAnswer {
  Table?: { GlobalSecondaryIndexes?: Array<{ IndexName: string }> };
  Count?: number;
  Items?: Array<Record<string, Attribute>>;
  Item?: Record<string, Attribute>;
}

/** A DynamoDB call as the function's SDK makes it, to the local endpoint. */
async function call(endpoint: string, action: string, body: unknown) {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${action}`, 'x-amz-date': '20250101T000000Z', authorization: 'AWS4-HMAC-SHA256 Credential=a/20250101/eu-west-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as DynamoAnswer;
}

const open: LocalTables[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

describe('declaredTables', () => {
  it('turns each declared table into CreateTable with the stack name, keys, indexes and TTL', () => {
    const [table, ...rest] = declaredTables(ctx({ Orders: orders, Topic: { Type: 'AWS::SNS::Topic' } }));
    expect(rest).toEqual([]);
    expect(table?.create.TableName).toBe('shop-dev-orders');
    expect(table?.create.GlobalSecondaryIndexes).toEqual([{ IndexName: 'byEmail', KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }]);
    expect(table?.ttlAttribute).toBe('expires');
  });

  it('names a bad table setting and what was expected', () => {
    expect(() => declaredTables(ctx({ T: { Type: 'AWS::DynamoDB::Table', Properties: { BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [] } } }))).toThrow(
      'resources.T.Properties.AttributeDefinitions: expected a list of { AttributeName, AttributeType }, found []',
    );
    expect(() => declaredTables(ctx({ T: { Type: 'AWS::DynamoDB::Table', Properties: { AttributeDefinitions: [{}], KeySchema: [{}] } } }))).toThrow(
      /resources\.T\.Properties\.ProvisionedThroughput: expected \{ ReadCapacityUnits, WriteCapacityUnits \} \(BillingMode is PROVISIONED, the default\)/,
    );
  });
});

describe('startLocalTables', () => {
  it('creates the tables, serves them to the SDK and deletes items past their TTL', async () => {
    const tables = await startLocalTables({ sweepEveryMs: 0 });
    open.push(tables);
    const defs = declaredTables(ctx({ Orders: orders }));
    expect((await tables.ensure(defs)).map((o) => o.outcome)).toEqual(['created']);
    expect((await tables.ensure(defs)).map((o) => o.outcome)).toEqual(['kept']);

    const described = await call(tables.endpoint, 'DescribeTable', { TableName: 'shop-dev-orders' });
    expect(described.Table?.GlobalSecondaryIndexes?.[0]?.IndexName).toBe('byEmail');
    await call(tables.endpoint, 'PutItem', { TableName: 'shop-dev-orders', Item: { pk: { S: 'old' }, email: { S: 'a@x' }, expires: { N: '100' } } });
    await call(tables.endpoint, 'PutItem', { TableName: 'shop-dev-orders', Item: { pk: { S: 'new' }, email: { S: 'a@x' }, expires: { N: '999999' } } });
    await call(tables.endpoint, 'PutItem', { TableName: 'shop-dev-orders', Item: { pk: { S: 'never' }, email: { S: 'b@x' } } });
    expect((await call(tables.endpoint, 'Query', { TableName: 'shop-dev-orders', IndexName: 'byEmail', KeyConditionExpression: 'email = :e', ExpressionAttributeValues: { ':e': { S: 'a@x' } } })).Count).toBe(2);

    expect(await tables.sweepExpired(500)).toBe(1);
    const left = await call(tables.endpoint, 'Scan', { TableName: 'shop-dev-orders' });
    expect(left.Items?.map((i) => i.pk?.S).sort()).toEqual(['never', 'new']);
  });

  it('keeps the data in a folder across sessions with persistDir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsappa-tables-'));
    try {
      const defs = declaredTables(ctx({ Orders: orders }));
      const first = await startLocalTables({ persistDir: join(dir, 'data'), sweepEveryMs: 0 });
      await first.ensure(defs);
      await call(first.endpoint, 'PutItem', { TableName: 'shop-dev-orders', Item: { pk: { S: 'kept' }, email: { S: 'a@x' } } });
      await first.close();

      const second = await startLocalTables({ persistDir: join(dir, 'data'), sweepEveryMs: 0 });
      open.push(second);
      expect((await second.ensure(defs)).map((o) => o.outcome)).toEqual(['kept']);
      expect((await call(second.endpoint, 'GetItem', { TableName: 'shop-dev-orders', Key: { pk: { S: 'kept' } } })).Item?.pk?.S).toBe('kept');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

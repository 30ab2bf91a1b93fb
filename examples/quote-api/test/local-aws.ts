/**
 * What the example's tests run against: dynalite (DynamoDB in memory) with the table of
 * tsappa.json's `resources`, and the app's local mode (QUOTE_API_LOCAL=1), as `tsappa serve` sets up.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';

export const TABLE = 'quote-api-test-data';

interface TableResource {
  Properties: Pick<CreateTableCommandInput, 'AttributeDefinitions' | 'KeySchema' | 'BillingMode'>;
}

export async function startLocalAws(): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const settings = JSON.parse(readFileSync(new URL('../tsappa.json', import.meta.url), 'utf8')) as { dev: { resources: { QuoteTable: TableResource } } };
  const { AttributeDefinitions, KeySchema, BillingMode } = settings.dev.resources.QuoteTable.Properties;
  const db = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await db.send(new CreateTableCommand({ TableName: TABLE, AttributeDefinitions, KeySchema, BillingMode }));
  db.destroy();
  process.env.QUOTE_API_LOCAL = '1';
  process.env.QUOTE_API_DYNAMODB_ENDPOINT = endpoint;
  process.env.QUOTE_TABLE = TABLE;
  return {
    endpoint,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

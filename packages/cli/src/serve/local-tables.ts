/**
 * The stage's declared DynamoDB tables, locally: `tsappa serve` starts dynalite (DynamoDB in
 * memory, or in a folder with `--persist`) and creates there every `AWS::DynamoDB::Table` of the
 * stage's `resources`, with the name the stack gives it, its keys, indexes and billing mode.
 * dynalite has no TTL, so items past a table's `TimeToLiveSpecification` attribute are deleted by
 * a sweep (DynamoDB, too, deletes them some time after they expire, not at once).
 */
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type Dynalite from 'dynalite';
import { IntrinsicError, resolveIntrinsics, type IntrinsicContext } from './cfn-intrinsics.js';

/** What CreateTable gets for a declared table, and its TTL attribute. */
export interface TableDefinition {
  logicalId: string;
  create: Record<string, unknown> & { TableName: string };
  /** the number attribute holding an expiry time in epoch seconds, when TTL is enabled */
  ttlAttribute: string | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function expectList(value: unknown, path: string, expected: string): unknown[] {
  if (!Array.isArray(value) || value.length === 0) throw new IntrinsicError(path, `expected ${expected}, found ${JSON.stringify(value)}`);
  return value;
}

/** The CreateTable input of one declared table (its intrinsics resolved). */
function tableDefinition(logicalId: string, declared: Record<string, unknown>, ctx: IntrinsicContext): TableDefinition {
  const path = `resources.${logicalId}.Properties`;
  const props = resolveIntrinsics(declared.Properties ?? {}, ctx, path);
  if (!isRecord(props)) throw new IntrinsicError(path, `expected an object, found ${JSON.stringify(props)}`);
  const tableName = resolveIntrinsics({ Ref: logicalId }, ctx, `resources.${logicalId}`) as string;
  const billingMode = props.BillingMode ?? 'PROVISIONED'; // CloudFormation's default
  const create: TableDefinition['create'] = {
    TableName: tableName,
    AttributeDefinitions: expectList(props.AttributeDefinitions, `${path}.AttributeDefinitions`, 'a list of { AttributeName, AttributeType }'),
    KeySchema: expectList(props.KeySchema, `${path}.KeySchema`, 'a list of { AttributeName, KeyType }'),
    BillingMode: billingMode,
  };
  if (billingMode === 'PROVISIONED') {
    if (!isRecord(props.ProvisionedThroughput)) {
      throw new IntrinsicError(`${path}.ProvisionedThroughput`, `expected { ReadCapacityUnits, WriteCapacityUnits } (BillingMode is PROVISIONED, the default), found ${JSON.stringify(props.ProvisionedThroughput)}`);
    }
    create.ProvisionedThroughput = props.ProvisionedThroughput;
  }
  const index = (keep: readonly string[]) => (entry: unknown) => (isRecord(entry) ? Object.fromEntries(keep.filter((k) => k in entry).map((k) => [k, entry[k]])) : entry);
  if (props.GlobalSecondaryIndexes !== undefined) {
    const keep = billingMode === 'PROVISIONED' ? ['IndexName', 'KeySchema', 'Projection', 'ProvisionedThroughput'] : ['IndexName', 'KeySchema', 'Projection'];
    create.GlobalSecondaryIndexes = expectList(props.GlobalSecondaryIndexes, `${path}.GlobalSecondaryIndexes`, 'a list of indexes').map(index(keep));
  }
  if (props.LocalSecondaryIndexes !== undefined) {
    create.LocalSecondaryIndexes = expectList(props.LocalSecondaryIndexes, `${path}.LocalSecondaryIndexes`, 'a list of indexes').map(index(['IndexName', 'KeySchema', 'Projection']));
  }
  const ttl = props.TimeToLiveSpecification;
  const ttlAttribute = isRecord(ttl) && ttl.Enabled !== false && typeof ttl.AttributeName === 'string' ? ttl.AttributeName : null;
  return { logicalId, create, ttlAttribute };
}

/** Every `AWS::DynamoDB::Table` of `resources`, as CreateTable inputs. Throws an IntrinsicError naming a bad setting. */
export function declaredTables(ctx: IntrinsicContext): TableDefinition[] {
  return Object.entries(ctx.resources)
    .filter((entry): entry is [string, Record<string, unknown>] => isRecord(entry[1]) && entry[1].Type === 'AWS::DynamoDB::Table')
    .map(([logicalId, declared]) => tableDefinition(logicalId, declared, ctx));
}

/** One DynamoDB API call (JSON protocol) to the local endpoint; dynalite reads but never checks the signature. */
async function dynamoCall(endpoint: string, action: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDB_20120810.${action}`,
      'x-amz-date': '20250101T000000Z',
      authorization: 'AWS4-HMAC-SHA256 Credential=local/20250101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: JSON.stringify(body),
  });
  const out = (await res.json()) as Record<string, unknown>;
  if (!res.ok) {
    const type = String(out.__type ?? '').split('#').pop() ?? 'Error';
    throw Object.assign(new Error(`${action}: ${type}: ${String(out.message ?? out.Message ?? res.status)}`), { type });
  }
  return out;
}

export interface LocalTables {
  /** where the function's DynamoDB calls go (`AWS_ENDPOINT_URL_DYNAMODB`) */
  readonly endpoint: string;
  /** creates the tables that do not exist yet; returns `created` or `kept` for each */
  ensure(tables: readonly TableDefinition[]): Promise<Array<{ table: TableDefinition; outcome: 'created' | 'kept' }>>;
  /** deletes the items whose TTL attribute is in the past; returns how many */
  sweepExpired(nowSeconds?: number): Promise<number>;
  close(): Promise<void>;
}

export interface LocalTablesOptions {
  /** keep the data in this folder across sessions (default: in memory, for the session) */
  persistDir?: string;
  /** how often expired items are swept (default 30 s; 0: never, call sweepExpired) */
  sweepEveryMs?: number;
  log?: (line: string) => void;
}

/**
 * dynalite, loaded only when a stage declares a table: its storage (`level`) loads a prebuilt
 * native binding (linux, macOS and Windows builds ship in the package, no install script needed).
 */
async function loadDynalite(): Promise<typeof Dynalite> {
  try {
    return (await import('dynalite')).default;
  } catch (error) {
    throw new Error(
      `tsappa serve cannot load dynalite, its local DynamoDB, for the tables declared in "resources" (${error instanceof Error ? error.message : String(error)}); ` +
        'expected the "dynalite" package installed with tsappa: reinstall tsappa (npm install)',
      { cause: error },
    );
  }
}

/** Starts dynalite on a free port of 127.0.0.1. */
export async function startLocalTables(options: LocalTablesOptions = {}): Promise<LocalTables> {
  const dynalite = await loadDynalite();
  if (options.persistDir) await mkdir(options.persistDir, { recursive: true });
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(options.persistDir ? { path: options.persistDir } : {}) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const withTtl = new Map<string, TableDefinition>();

  const sweepTable = async (table: TableDefinition, now: number): Promise<number> => {
    const keyNames = (table.create.KeySchema as Array<{ AttributeName: string }>).map((k) => k.AttributeName);
    let deleted = 0;
    let start: unknown;
    do {
      const page = await dynamoCall(endpoint, 'Scan', {
        TableName: table.create.TableName,
        FilterExpression: '#ttl < :now',
        ExpressionAttributeNames: { '#ttl': table.ttlAttribute },
        ExpressionAttributeValues: { ':now': { N: String(now) } },
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      for (const item of (page.Items ?? []) as Array<Record<string, unknown>>) {
        await dynamoCall(endpoint, 'DeleteItem', { TableName: table.create.TableName, Key: Object.fromEntries(keyNames.map((k) => [k, item[k]])) });
        deleted += 1;
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return deleted;
  };

  const sweepExpired = async (nowSeconds = Math.floor(Date.now() / 1000)): Promise<number> => {
    let deleted = 0;
    for (const table of withTtl.values()) deleted += await sweepTable(table, nowSeconds);
    return deleted;
  };

  const every = options.sweepEveryMs ?? 30_000;
  const timer =
    every > 0
      ? setInterval(() => {
          sweepExpired().catch((error: unknown) => options.log?.(`local DynamoDB: TTL sweep failed: ${error instanceof Error ? error.message : String(error)}`));
        }, every)
      : null;
  timer?.unref();

  return {
    endpoint,
    async ensure(tables) {
      const outcomes: Array<{ table: TableDefinition; outcome: 'created' | 'kept' }> = [];
      for (const table of tables) {
        let outcome: 'created' | 'kept' = 'created';
        try {
          await dynamoCall(endpoint, 'CreateTable', table.create);
        } catch (error) {
          if ((error as { type?: string }).type !== 'ResourceInUseException') {
            throw new Error(`resources.${table.logicalId}: cannot create table ${table.create.TableName} locally: ${(error as Error).message}`, { cause: error });
          }
          outcome = 'kept';
        }
        if (table.ttlAttribute) withTtl.set(table.create.TableName, table);
        else withTtl.delete(table.create.TableName);
        outcomes.push({ table, outcome });
      }
      return outcomes;
    },
    sweepExpired,
    close: () =>
      new Promise<void>((resolve) => {
        if (timer) clearInterval(timer);
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}

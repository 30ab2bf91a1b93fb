/**
 * The app's data, in the DynamoDB table declared in the stage's `resources` (never a file in
 * /tmp: containers come and go). One table, keyed by `pk`:
 *   `otp#<mobile>`  a one-time password waiting for confirmation (expires, DynamoDB TTL `ttl`)
 *   `sub#<mobile>`  a subscriber
 *   `quote#daily`   the quote of the day set by the noon schedule
 */
import type * as DynamoDb from '@aws-sdk/client-dynamodb';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { appConfig } from './config.js';
import type { Quote } from './quotes.js';

type DynamoSdk = typeof DynamoDb;

let client: DynamoDBClient | null = null;
let clientKey = '';

/**
 * The SDK is imported on first use, not at cold start: `/quote` and `/daily` answer without
 * paying for it when the quote of the day is cached.
 */
async function db(): Promise<{ sdk: DynamoSdk; client: DynamoDBClient; table: string }> {
  const sdk = await import('@aws-sdk/client-dynamodb');
  const config = appConfig();
  const key = `${config.dynamoEndpoint ?? ''}|${config.region}`;
  if (!client || key !== clientKey) {
    client = new sdk.DynamoDBClient(
      config.local && config.dynamoEndpoint
        ? { endpoint: config.dynamoEndpoint, region: config.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : { region: config.region },
    );
    clientKey = key;
  }
  return { sdk, client, table: config.tableName };
}

type Item = Record<string, AttributeValue>;

async function get(pk: string): Promise<Item | null> {
  const { sdk, client, table } = await db();
  const out = await client.send(new sdk.GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true }));
  return out.Item ?? null;
}

async function put(item: Item): Promise<void> {
  const { sdk, client, table } = await db();
  await client.send(new sdk.PutItemCommand({ TableName: table, Item: item }));
}

async function remove(pk: string): Promise<boolean> {
  const { sdk, client, table } = await db();
  const out = await client.send(new sdk.DeleteItemCommand({ TableName: table, Key: { pk: { S: pk } }, ReturnValues: 'ALL_OLD' }));
  return Boolean(out.Attributes);
}

export const OTP_TTL_SECONDS = 300;

export async function saveOtp(mobile: string, otp: string, now = Date.now()): Promise<void> {
  const expires = Math.floor(now / 1000) + OTP_TTL_SECONDS;
  await put({ pk: { S: `otp#${mobile}` }, otp: { S: otp }, ttl: { N: String(expires) } });
}

/** Whether `otp` is the pending one for `mobile` and has not expired; a match is used up. */
export async function checkOtp(mobile: string, otp: string, now = Date.now()): Promise<boolean> {
  const item = await get(`otp#${mobile}`);
  if (!item || item.otp?.S !== otp) return false;
  // DynamoDB deletes expired items lazily: check the time too
  if (Number(item.ttl?.N ?? 0) < Math.floor(now / 1000)) return false;
  await remove(`otp#${mobile}`);
  return true;
}

export async function addSubscriber(mobile: string, now = new Date()): Promise<void> {
  await put({ pk: { S: `sub#${mobile}` }, mobile: { S: mobile }, subscribedAt: { S: now.toISOString() } });
}

/** false when it was not subscribed */
export function removeSubscriber(mobile: string): Promise<boolean> {
  return remove(`sub#${mobile}`);
}

export async function isSubscriber(mobile: string): Promise<boolean> {
  return (await get(`sub#${mobile}`)) !== null;
}

export async function subscribers(): Promise<string[]> {
  const { sdk, client, table } = await db();
  const mobiles: string[] = [];
  let start: Item | undefined;
  do {
    const out = await client.send(
      new sdk.ScanCommand({
        TableName: table,
        FilterExpression: 'begins_with(pk, :sub)',
        ExpressionAttributeValues: { ':sub': { S: 'sub#' } },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) if (item.mobile?.S) mobiles.push(item.mobile.S);
    start = out.LastEvaluatedKey;
  } while (start);
  return mobiles.sort();
}

export interface DailyQuote extends Quote {
  date: string;
}

export async function saveDailyQuote(quote: DailyQuote): Promise<void> {
  await put({ pk: { S: 'quote#daily' }, quote: { S: quote.quote }, author: { S: quote.author }, date: { S: quote.date } });
}

export async function dailyQuote(): Promise<DailyQuote | null> {
  const item = await get('quote#daily');
  if (!item?.quote?.S || !item.author?.S || !item.date?.S) return null;
  return { quote: item.quote.S, author: item.author.S, date: item.date.S };
}

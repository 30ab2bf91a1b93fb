/**
 * ARN shapes by service, as the settings accept them (the ARN formats in each service's
 * reference: "Actions, resources, and condition keys" in the IAM Service Authorization
 * Reference). A partition is `aws`, `aws-cn`, `aws-us-gov`...; a region like `eu-west-1`.
 */
const PARTITION = 'arn:aws(?:-[a-z]+)*';
const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d';
const ACCOUNT = '\\d{12}';

const anchored = (body: string) => new RegExp(`^${PARTITION}:${body}$`);

export const ARN = {
  /** arn:aws:sqs:eu-west-1:123456789012:my-queue(.fifo) */
  sqsQueue: anchored(`sqs:${REGION}:${ACCOUNT}:[A-Za-z0-9_-]{1,80}(?:\\.fifo)?`),
  /** arn:aws:sns:eu-west-1:123456789012:my-topic(.fifo) */
  snsTopic: anchored(`sns:${REGION}:${ACCOUNT}:[A-Za-z0-9_-]{1,256}(?:\\.fifo)?`),
  /** arn:aws:lambda:eu-west-1:123456789012:function:name(:alias-or-version) */
  lambdaFunction: anchored(`lambda:${REGION}:${ACCOUNT}:function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9_$-]{1,128})?`),
  /** arn:aws:lambda:eu-west-1:123456789012:layer:name:3 */
  lambdaLayerVersion: anchored(`lambda:${REGION}:${ACCOUNT}:layer:[A-Za-z0-9_-]{1,140}:\\d+`),
  /** arn:aws:s3:::bucket-name */
  s3Bucket: anchored(`s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]`),
  /** arn:aws:dynamodb:eu-west-1:123456789012:table/Name/stream/2026-01-01T00:00:00.000 */
  dynamodbStream: anchored(`dynamodb:${REGION}:${ACCOUNT}:table/[A-Za-z0-9_.-]{3,255}/stream/[^\\s/]+`),
  /** arn:aws:kinesis:eu-west-1:123456789012:stream/name */
  kinesisStream: anchored(`kinesis:${REGION}:${ACCOUNT}:stream/[A-Za-z0-9_.-]{1,128}`),
} as const;

/** The region of a regional ARN (`arn:partition:service:region:...`), or undefined. */
export function arnRegion(arn: string): string | undefined {
  return arn.split(':')[3] || undefined;
}

/** What an event source ARN is, or null when it is none of the kinds tsappa wires. */
export function eventSourceKind(arn: string): 's3' | 'sns' | 'sqs' | 'dynamodb' | 'kinesis' | null {
  if (ARN.s3Bucket.test(arn)) return 's3';
  if (ARN.snsTopic.test(arn)) return 'sns';
  if (ARN.sqsQueue.test(arn)) return 'sqs';
  if (ARN.dynamodbStream.test(arn)) return 'dynamodb';
  if (ARN.kinesisStream.test(arn)) return 'kinesis';
  return null;
}

/** Lambda environment variable names: a letter, then letters, digits and underscores. */
export const ENVIRONMENT_VARIABLE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

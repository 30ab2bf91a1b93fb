/**
 * remoteEnv: at cold start, before the app loads, a JSON object from S3 (`s3://bucket/key.json`)
 * or from a Secrets Manager secret (its ARN) becomes environment variables.
 */
import { awsOps } from '../tasks/ops.js';
import { runtimeLog } from '../log-line.js';

/** Variables Lambda reserves: a remote env never overrides them. */
const RESERVED = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_LAMBDA_RUNTIME_API',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);

export type RemoteEnvSource = { kind: 's3'; bucket: string; key: string } | { kind: 'secret'; arn: string };

export function parseRemoteEnvSource(source: string): RemoteEnvSource {
  const s3 = /^s3:\/\/([^/]+)\/(.+)$/.exec(source);
  if (s3) return { kind: 's3', bucket: s3[1] as string, key: s3[2] as string };
  if (/^arn:aws[\w-]*:secretsmanager:[^:]+:\d{12}:secret:.+/.test(source)) return { kind: 'secret', arn: source };
  throw new Error('expected s3://bucket/key.json or a Secrets Manager secret ARN');
}

/** The variables a remote env document defines: string, number and boolean values. */
export function parseRemoteEnvDocument(text: string): Record<string, string> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new Error(`not JSON: ${(error as Error).message}`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new Error(`expected a JSON object of variables, got ${Array.isArray(document) ? 'an array' : typeof document}`);
  }
  const vars: Record<string, string> = {};
  for (const [key, value] of Object.entries(document)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`"${key}" is not a valid environment variable name`);
    if (typeof value === 'string') vars[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') vars[key] = String(value);
    else throw new Error(`the value of ${key} is ${value === null ? 'null' : typeof value}; use a string, number or boolean`);
  }
  return vars;
}

/** Fetch and parse a remote env. */
export async function loadRemoteEnv(source: string): Promise<Record<string, string>> {
  const parsed = parseRemoteEnvSource(source);
  const text = parsed.kind === 's3' ? await awsOps().getObjectText(parsed.bucket, parsed.key) : await awsOps().getSecretString(parsed.arn);
  return parseRemoteEnvDocument(text);
}

/** Set the variables (overriding the function's own), except the ones Lambda reserves. */
export function applyEnv(vars: Record<string, string>, env: NodeJS.ProcessEnv = process.env): { applied: string[]; skipped: string[] } {
  const applied: string[] = [];
  const skipped: string[] = [];
  for (const [key, value] of Object.entries(vars)) {
    if (RESERVED.has(key)) {
      skipped.push(key);
      continue;
    }
    env[key] = value;
    applied.push(key);
  }
  if (skipped.length) runtimeLog('WARN', `remoteEnv: ignored variables reserved by Lambda: ${skipped.join(', ')}`);
  return { applied, skipped };
}

/** Fetch a remote env and apply it; returns the names that were set. */
export async function applyRemoteEnv(source: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  return applyEnv(await loadRemoteEnv(source), env).applied;
}

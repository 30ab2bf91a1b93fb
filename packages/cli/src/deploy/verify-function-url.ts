/**
 * Reads back the Function URL an `apiType: "url"` stage serves (templates' function-url.ts): a
 * URL on the `live` alias, with the AuthType the settings ask for (AWS_IAM with
 * `iamAuthorization`, else NONE) and the InvokeMode (RESPONSE_STREAM with `responseStreaming`,
 * else BUFFERED).
 */
import { GetFunctionUrlConfigCommand, type GetFunctionUrlConfigCommandOutput, type LambdaClient } from '@aws-sdk/client-lambda';
import { LIVE_ALIAS } from '@tsappa/runtime/contract';
import type { ResolvedSettings } from '@tsappa/templates';
import { errorName } from './retry.js';

export interface ExpectedFunctionUrl {
  functionName: string;
  authType: 'NONE' | 'AWS_IAM';
  invokeMode: 'BUFFERED' | 'RESPONSE_STREAM';
}

export interface FunctionUrlReadBack {
  /** null when `live` has no URL */
  url: string | null;
  authType: string | null;
  invokeMode: string | null;
  differences: string[];
}

export function expectedFunctionUrl(settings: ResolvedSettings, functionName: string): ExpectedFunctionUrl {
  return { functionName, authType: settings.iamAuthorization ? 'AWS_IAM' : 'NONE', invokeMode: settings.responseStreaming ? 'RESPONSE_STREAM' : 'BUFFERED' };
}

/** What differs between the URL's configuration (null: none) and what the settings ask. */
export function functionUrlDifferences(config: Pick<GetFunctionUrlConfigCommandOutput, 'AuthType' | 'InvokeMode' | 'FunctionArn'> | null, expected: ExpectedFunctionUrl): string[] {
  const name = `Function URL of ${LIVE_ALIAS}`;
  if (!config) return [`${name}: missing (nothing is served)`];
  const found: string[] = [];
  if (config.AuthType !== expected.authType) {
    found.push(`${name}: AuthType ${config.AuthType ?? '(none)'} instead of ${expected.authType}${expected.authType === 'AWS_IAM' ? ' (anyone may call it unsigned)' : ''}`);
  }
  // Lambda answers BUFFERED when the URL was created without InvokeMode
  const mode = config.InvokeMode ?? 'BUFFERED';
  if (mode !== expected.invokeMode) found.push(`${name}: InvokeMode ${mode} instead of ${expected.invokeMode}`);
  if (config.FunctionArn && !config.FunctionArn.endsWith(`:${expected.functionName}:${LIVE_ALIAS}`)) found.push(`${name}: belongs to ${config.FunctionArn} instead of the ${LIVE_ALIAS} alias`);
  return found;
}

export async function verifyFunctionUrl(lambda: LambdaClient, expected: ExpectedFunctionUrl): Promise<FunctionUrlReadBack> {
  let config: GetFunctionUrlConfigCommandOutput | null = null;
  try {
    config = await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: expected.functionName, Qualifier: LIVE_ALIAS }));
  } catch (error) {
    if (errorName(error) !== 'ResourceNotFoundException') throw error;
  }
  return { url: config?.FunctionUrl ?? null, authType: config?.AuthType ?? null, invokeMode: config ? (config.InvokeMode ?? 'BUFFERED') : null, differences: functionUrlDifferences(config, expected) };
}

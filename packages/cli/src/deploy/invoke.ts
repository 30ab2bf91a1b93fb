/** `tsappa invoke`: a synchronous invocation of the `live` alias, with its result and decoded log tail. */
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { LIVE_ALIAS, type InvokeInput } from '@tsappa/runtime/contract';
import { OUTPUTS, stackName, type ResolvedSettings } from '@tsappa/templates';
import { CliError } from '../cli/errors.js';
import type { AwsClients } from '../aws/clients.js';
import { normaliseRef } from '../settings/index.js';
import { findStack, stackOutputs } from './stack.js';

export interface InvokeResult {
  functionName: string;
  statusCode: number | null;
  functionError: string | null;
  /** the parsed result (the raw text when it is not JSON) */
  result: unknown;
  /** the last 4 KB of the invocation's log, decoded */
  log: string;
}

/** The event to send: `--raw` as is, else `{ "tsappa:invoke": "module:export", args }`. */
export function invokePayload(target: string | undefined, raw: string | undefined, args: unknown[] = []): unknown {
  if (raw !== undefined) {
    try {
      return JSON.parse(raw) as unknown;
    } catch (error) {
      throw new CliError(`--raw is not JSON: ${(error as Error).message}`, 2);
    }
  }
  if (!target) throw new CliError('name a function (module:export) or pass --raw JSON', 2);
  const input: InvokeInput = { 'tsappa:invoke': target.includes('/') || target.includes('.') ? normaliseRef(target) : target, args };
  return input;
}

export async function invokeStage(clients: AwsClients, settings: ResolvedSettings, payload: unknown): Promise<InvokeResult> {
  const stack = await findStack(await clients.cloudFormation(), stackName(settings));
  if (!stack) throw new CliError(`stage "${settings.stage}" is not deployed`, 1, `run "tsappa deploy ${settings.stage}" first`);
  const functionName = stackOutputs(stack)[OUTPUTS.functionName] || stackName(settings);
  const lambda = await clients.lambda();
  const res = await lambda.send(
    new InvokeCommand({ FunctionName: functionName, Qualifier: LIVE_ALIAS, InvocationType: 'RequestResponse', LogType: 'Tail', Payload: Buffer.from(JSON.stringify(payload)) }),
  );
  const text = res.Payload ? Buffer.from(res.Payload).toString('utf8') : '';
  let result: unknown = text;
  try {
    result = text ? (JSON.parse(text) as unknown) : null;
  } catch {
    // not JSON: keep the text
  }
  return {
    functionName,
    statusCode: res.StatusCode ?? null,
    functionError: res.FunctionError ?? null,
    result,
    log: res.LogResult ? Buffer.from(res.LogResult, 'base64').toString('utf8') : '',
  };
}

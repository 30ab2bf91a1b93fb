/** `tsappa rollback`: point `live` at the Nth previous published version. */
import { GetAliasCommand, paginateListVersionsByFunction, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import { LIVE_ALIAS } from '@tsappa/runtime/contract';
import { OUTPUTS, stackName, type ResolvedSettings } from '@tsappa/templates';
import { CliError } from '../cli/errors.js';
import type { AwsClients } from '../aws/clients.js';
import { withLambdaConflictRetry } from './lambda-wait.js';
import { pointAlias, routingOf } from './rollout/alias-routing.js';
import { errorName } from './retry.js';
import { findStack, stackOutputs } from './stack.js';

export interface VersionInfo {
  version: string;
  description: string | null;
  lastModified: string | null;
  codeSha256: string | null;
  live: boolean;
}

export interface RollbackResult {
  stage: string;
  functionName: string;
  from: string;
  to: string;
  /** the version a rollout left taking part of live's traffic, now taking none; null when live served one version */
  abandonedRollout: string | null;
  versions: VersionInfo[];
}

/** The version that is `steps` published versions before `current` (numbers only, newest first). */
export function previousVersion(versions: string[], current: string, steps: number): string | null {
  const numbers = versions.filter((v) => /^\d+$/.test(v)).map(Number).sort((a, b) => b - a);
  const older = numbers.filter((v) => v < Number(current));
  const pick = older[steps - 1];
  return pick === undefined ? null : String(pick);
}

export async function listVersions(clients: AwsClients, functionName: string): Promise<FunctionConfiguration[]> {
  const lambda = await clients.lambda();
  const all: FunctionConfiguration[] = [];
  for await (const page of paginateListVersionsByFunction({ client: lambda }, { FunctionName: functionName })) {
    all.push(...(page.Versions ?? []));
  }
  return all.filter((v) => v.Version && v.Version !== '$LATEST');
}

export async function rollbackStage(clients: AwsClients, settings: ResolvedSettings, steps: number): Promise<RollbackResult> {
  if (!Number.isInteger(steps) || steps < 1) throw new CliError('-n must be a whole number of versions, 1 or more', 2);
  const stack = await findStack(await clients.cloudFormation(), stackName(settings));
  if (!stack) throw new CliError(`stage "${settings.stage}" is not deployed`, 1, `run "tsappa deploy ${settings.stage}" first`);
  const functionName = stackOutputs(stack)[OUTPUTS.functionName] || stackName(settings);
  const lambda = await clients.lambda();
  let current: string;
  let abandonedRollout: string | null = null;
  try {
    const alias = await lambda.send(new GetAliasCommand({ FunctionName: functionName, Name: LIVE_ALIAS }));
    current = alias.FunctionVersion ?? '';
    abandonedRollout = routingOf(alias)?.additional?.version ?? null;
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') throw new CliError(`the function ${functionName} has no "${LIVE_ALIAS}" alias`, 1, `run "tsappa update ${settings.stage}"`);
    throw error;
  }
  const versions = await listVersions(clients, functionName);
  // an interrupted rollout left live split between its version and a newer one: going back one
  // step is serving live's own version alone; further steps count from there
  const target = abandonedRollout && steps === 1 ? current : previousVersion(versions.map((v) => v.Version ?? ''), current, abandonedRollout ? steps - 1 : steps);
  if (!target) {
    throw new CliError(`there is no version ${steps} before version ${current} (published: ${versions.map((v) => v.Version).join(', ') || 'none'})`, 1);
  }
  // the routing is always cleared: live serves the target alone
  await withLambdaConflictRetry(lambda, functionName, () => pointAlias(lambda, functionName, target));
  return {
    stage: settings.stage,
    functionName,
    from: current,
    to: target,
    abandonedRollout,
    versions: versions
      .map((v) => ({ version: v.Version ?? '', description: v.Description ?? null, lastModified: v.LastModified ?? null, codeSha256: v.CodeSha256 ?? null, live: v.Version === target }))
      .sort((a, b) => Number(b.version) - Number(a.version)),
  };
}

export function formatVersions(versions: VersionInfo[]): string {
  return versions.map((v) => `${v.live ? '*' : ' '} ${v.version.padStart(4)}  ${v.lastModified ?? ''}  ${v.description ?? ''}`).join('\n');
}

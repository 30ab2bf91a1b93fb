/**
 * The `live` alias's weighted routing (Lambda alias RoutingConfig): the alias's own version
 * takes what the additional version does not. Every write names both the version and the
 * routing, so no earlier routing is ever left behind.
 */
import { UpdateAliasCommand, type AliasConfiguration, type LambdaClient } from '@aws-sdk/client-lambda';
import { LIVE_ALIAS } from '@tsappa/runtime/contract';
import { percent } from './strategy.js';

/** What `live` serves: its version, and the other version with its share while a rollout runs. */
export interface AliasRouting {
  version: string;
  /** the version taking part of the traffic, with its share (0 < weight < 1); null: none */
  additional: { version: string; weight: number } | null;
}

export function routingOf(alias: Pick<AliasConfiguration, 'FunctionVersion' | 'RoutingConfig'>): AliasRouting | null {
  if (!alias.FunctionVersion) return null;
  const weights = Object.entries(alias.RoutingConfig?.AdditionalVersionWeights ?? {}).filter(([, weight]) => weight > 0);
  const first = weights[0];
  return { version: alias.FunctionVersion, additional: first ? { version: first[0], weight: first[1] } : null };
}

/** "version 7 at 10%, version 6 at 90%" (the additional version first), or "version 6" */
export function describeRouting(routing: AliasRouting): string {
  if (!routing.additional) return `version ${routing.version}`;
  const { version, weight } = routing.additional;
  return `version ${version} at ${percent(weight)}, version ${routing.version} at ${percent(1 - weight)}`;
}

/** `live` serves `version` and sends `weight` of its traffic to `additional`. */
export async function routeAlias(lambda: LambdaClient, functionName: string, version: string, additional: { version: string; weight: number }): Promise<void> {
  await lambda.send(
    new UpdateAliasCommand({
      FunctionName: functionName,
      Name: LIVE_ALIAS,
      FunctionVersion: version,
      RoutingConfig: { AdditionalVersionWeights: { [additional.version]: additional.weight } },
    }),
  );
}

/** `live` serves `version` alone: routing cleared. */
export async function pointAlias(lambda: LambdaClient, functionName: string, version: string): Promise<void> {
  await lambda.send(new UpdateAliasCommand({ FunctionName: functionName, Name: LIVE_ALIAS, FunctionVersion: version, RoutingConfig: { AdditionalVersionWeights: {} } }));
}

/** "version 7 at 10%, version 6 at 90%" while `live` splits its traffic; null when it serves one version. */
export function rolloutInProgress(alias: Pick<AliasConfiguration, 'FunctionVersion' | 'RoutingConfig'>): string | null {
  const routing = routingOf(alias);
  return routing?.additional ? describeRouting(routing) : null;
}

/**
 * Changes that can lose data: a stateful resource the user declared in `resources` (a table, a
 * bucket, a queue...) that a change set would replace (a new, empty one) or delete. `update`
 * asks before executing such a change set, unless --yes.
 */
import type { Change } from '@aws-sdk/client-cloudformation';
import { LOGICAL_ID_PREFIXES, LOGICAL_IDS } from '@tsappa/templates';

/** Resource types that hold data a replacement or a deletion loses. */
export const STATEFUL_TYPES: ReadonlySet<string> = new Set([
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::S3::Bucket',
  'AWS::SQS::Queue',
  'AWS::Kinesis::Stream',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::EFS::FileSystem',
  'AWS::ElastiCache::CacheCluster',
  'AWS::OpenSearchService::Domain',
  'AWS::SecretsManager::Secret',
]);

export interface RiskyChange {
  resource: string;
  type: string;
  /** what would happen to it */
  action: 'replace' | 'maybe replace' | 'delete';
}

/** A logical id tsappa generates (not one from the user's `resources`). */
export function isGenerated(logicalId: string): boolean {
  return (Object.values(LOGICAL_IDS) as string[]).includes(logicalId) || Object.values(LOGICAL_ID_PREFIXES).some((prefix) => logicalId.startsWith(prefix));
}

/** The change set's replacements and deletions of stateful resources declared in `resources`. */
export function riskyChanges(changes: Change[], declared: Record<string, unknown>): RiskyChange[] {
  const risky: RiskyChange[] = [];
  for (const change of changes) {
    const rc = change.ResourceChange;
    const id = rc?.LogicalResourceId;
    if (!rc || !id || !STATEFUL_TYPES.has(rc.ResourceType ?? '')) continue;
    if (!(id in declared) && isGenerated(id)) continue;
    if (rc.Action === 'Remove') risky.push({ resource: id, type: rc.ResourceType!, action: 'delete' });
    else if (rc.Action === 'Modify' && rc.Replacement === 'True') risky.push({ resource: id, type: rc.ResourceType!, action: 'replace' });
    else if (rc.Action === 'Modify' && rc.Replacement === 'Conditional') risky.push({ resource: id, type: rc.ResourceType!, action: 'maybe replace' });
  }
  return risky;
}

/** `QuoteTable (AWS::DynamoDB::Table) would be replaced` lines, for the prompt. */
export function describeRisky(risky: RiskyChange[]): string {
  const verb = { replace: 'would be replaced by a new, empty one', 'maybe replace': 'may be replaced by a new, empty one', delete: 'would be deleted' } as const;
  return risky.map((r) => `${r.resource} (${r.type}) ${verb[r.action]}`).join('; ');
}

/**
 * What an update has to do, found by reading (never writing) the deployed stage:
 * - code: the package's sha256 against the code the `live` alias serves (Lambda's CodeSha256);
 * - template: the new template against the deployed one, with the code's identity (the
 *   function's S3 key and the version fingerprint) left out, so a fast-path code update does
 *   not read as a template change forever after.
 */
import { LOGICAL_IDS, type CloudFormationTemplate } from '@tsappa/templates';

type Json = Record<string, unknown>;

/** Lambda's CodeSha256 (base64) of a zip whose sha256 is `hex`. */
export function lambdaCodeSha256(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}

/** A deep copy of the template without what only the code's identity decides. */
export function withoutCodeIdentity(template: Json | CloudFormationTemplate): Json {
  const copy = JSON.parse(JSON.stringify(template)) as Json;
  const resources = (copy.Resources ?? {}) as Record<string, { Properties?: Json }>;
  const fn = resources[LOGICAL_IDS.function]?.Properties;
  if (fn) delete fn.Code;
  const version = resources[LOGICAL_IDS.version]?.Properties;
  if (version) delete version.Description;
  return copy;
}

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Json)
        .sort()
        .map((key) => [key, stable((value as Json)[key])]),
    );
  }
  return value;
}

export interface TemplateDiff {
  added: string[];
  removed: string[];
  modified: string[];
  /** outputs, parameters, description... */
  other: boolean;
}

export function diffTemplates(deployed: Json | null, next: CloudFormationTemplate): TemplateDiff {
  const a = withoutCodeIdentity(deployed ?? {});
  const b = withoutCodeIdentity(next);
  const ra = (a.Resources ?? {}) as Json;
  const rb = (b.Resources ?? {}) as Json;
  const same = (x: unknown, y: unknown) => JSON.stringify(stable(x)) === JSON.stringify(stable(y));
  const added = Object.keys(rb).filter((id) => !(id in ra));
  const removed = Object.keys(ra).filter((id) => !(id in rb));
  const modified = Object.keys(rb).filter((id) => id in ra && !same(ra[id], rb[id]));
  const rest = (t: Json) => ({ ...t, Resources: undefined });
  return { added, removed, modified, other: deployed === null || !same(rest(a), rest(b)) };
}

export function templateChanged(diff: TemplateDiff): boolean {
  return diff.added.length + diff.removed.length + diff.modified.length > 0 || diff.other;
}

export function describeDiff(diff: TemplateDiff): string[] {
  return [
    ...diff.added.map((id) => `+ ${id}`),
    ...diff.removed.map((id) => `- ${id}`),
    ...diff.modified.map((id) => `~ ${id}`),
    ...(diff.other && diff.added.length + diff.removed.length + diff.modified.length === 0 ? ['~ outputs/description'] : []),
  ];
}

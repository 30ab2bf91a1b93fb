/**
 * `resources`: raw CloudFormation resources merged into the stage's stack. An id that tsappa
 * generates (now, or under other settings) is refused, so turning a feature on later never
 * collides with a user's resource.
 */
import { LOGICAL_ID_PREFIXES, LOGICAL_IDS } from './ids.js';
import { TemplateError } from './model.js';
import type { CloudFormationResource } from './settings.js';

const RESERVED_IDS = new Set<string>(Object.values(LOGICAL_IDS));
const RESERVED_PREFIXES = Object.values(LOGICAL_ID_PREFIXES);

/** Why `id` cannot be a user resource's logical id, or null when it can. */
export function reservedLogicalIdReason(id: string, generated: Record<string, unknown>): string | null {
  if (id in generated || RESERVED_IDS.has(id)) return `"${id}" is a logical id tsappa generates`;
  const prefix = RESERVED_PREFIXES.find((p) => id.startsWith(p));
  if (prefix) return `"${id}" starts with "${prefix}", a prefix of logical ids tsappa generates`;
  return null;
}

export function mergeUserResources(
  generated: Record<string, CloudFormationResource>,
  user: Record<string, CloudFormationResource>,
): Record<string, CloudFormationResource> {
  const merged = { ...generated };
  for (const id of Object.keys(user).sort()) {
    if (!/^[A-Za-z0-9]{1,255}$/.test(id)) {
      throw new TemplateError(`resources: "${id}" is not a valid logical id (letters and digits only)`);
    }
    const reason = reservedLogicalIdReason(id, generated);
    if (reason) throw new TemplateError(`resources: ${reason}; rename your resource`);
    const resource = user[id]!;
    if (!resource || typeof resource.Type !== 'string') {
      throw new TemplateError(`resources: "${id}" has no Type`);
    }
    merged[id] = resource;
  }
  return merged;
}

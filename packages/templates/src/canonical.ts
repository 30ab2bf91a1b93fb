/** Deterministic bytes: canonical key order and short content hashes. */
import { createHash } from 'node:crypto';

/**
 * Keys that lead, in this order, in the objects of a kind (the template, a resource, a policy
 * document, a policy statement); every other key follows, sorted.
 */
const KINDS: { is: (o: Record<string, unknown>) => boolean; leading: string[] }[] = [
  {
    is: (o) => 'AWSTemplateFormatVersion' in o || ('Resources' in o && typeof o.Resources === 'object'),
    leading: ['AWSTemplateFormatVersion', 'Description', 'Parameters', 'Conditions', 'Resources', 'Outputs'],
  },
  {
    is: (o) => typeof o.Type === 'string' && ('Properties' in o || 'DependsOn' in o || 'DeletionPolicy' in o),
    leading: ['Type', 'Condition', 'DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata', 'Properties'],
  },
  { is: (o) => 'Statement' in o && 'Version' in o, leading: ['Version', 'Statement'] },
  {
    is: (o) => (o.Effect === 'Allow' || o.Effect === 'Deny') && 'Action' in o,
    leading: ['Sid', 'Effect', 'Principal', 'Action', 'Resource', 'Condition'],
  },
];

function keyOrder(object: Record<string, unknown>): string[] {
  const leading = KINDS.find((kind) => kind.is(object))?.leading ?? [];
  const rank = (key: string) => {
    const index = leading.indexOf(key);
    return index === -1 ? leading.length : index;
  };
  return Object.keys(object).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** A deep copy with every object's keys in canonical order (arrays keep their order). */
export function canonicalize<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => canonicalize(item)) as T;
  if (value !== null && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of keyOrder(source)) {
      if (source[key] !== undefined) out[key] = canonicalize(source[key]);
    }
    return out as T;
  }
  return value;
}

/** JSON with canonical key order: equal values give equal strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalize(value));
}

/** The first `length` hex digits of the sha256 of the value's canonical JSON (or of a string). */
export function shortHash(value: unknown, length = 10): string {
  const text = typeof value === 'string' ? value : canonicalJson(value);
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** Template bytes: JSON (pretty or compact) and YAML, and the direct-upload size limit. */
import type { CloudFormationTemplate } from './model.js';

/** CloudFormation's limit for a template body passed directly (bytes); above it, upload to S3. */
export const TEMPLATE_BODY_LIMIT = 51_200;
/** The limit for a template read from S3 (bytes). */
export const TEMPLATE_S3_LIMIT = 1_000_000;

/** True when the body is too big to pass directly: the deploy uploads it and uses TemplateURL. */
export function needsS3TemplateUpload(body: string): boolean {
  return Buffer.byteLength(body, 'utf8') > TEMPLATE_BODY_LIMIT;
}

export type TemplateFormat = 'json' | 'yaml';

export interface SerializeOptions {
  format?: TemplateFormat;
  /** JSON without whitespace (what the deploy sends: smallest body) */
  compact?: boolean;
}

/**
 * The template as text. The template's key order is already canonical, so the same settings
 * give the same bytes.
 */
export function serializeTemplate(template: CloudFormationTemplate, options: SerializeOptions = {}): string {
  if ((options.format ?? 'json') === 'yaml') return toYaml(template);
  return options.compact ? JSON.stringify(template) : `${JSON.stringify(template, null, 2)}\n`;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*(::[A-Za-z0-9_.-]+)*$/;
const YAML_RESERVED = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;

function yamlKey(key: string): string {
  return PLAIN_KEY.test(key) && !YAML_RESERVED.test(key) ? key : JSON.stringify(key);
}

function yamlScalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const isCollection = (value: unknown): value is object => value !== null && typeof value === 'object';
const isEmpty = (value: object) => (Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0);

function yamlLines(value: unknown, indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isCollection(item) && !isEmpty(item)) {
        const nested: string[] = [];
        yamlLines(item, `${indent}  `, nested);
        out.push(`${indent}- ${nested[0]!.slice(indent.length + 2)}`, ...nested.slice(1));
      } else {
        out.push(`${indent}- ${isCollection(item) ? (Array.isArray(item) ? '[]' : '{}') : yamlScalar(item)}`);
      }
    }
    return;
  }
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (item === undefined) continue;
    if (isCollection(item) && !isEmpty(item)) {
      out.push(`${indent}${yamlKey(key)}:`);
      yamlLines(item, `${indent}  `, out);
    } else {
      out.push(`${indent}${yamlKey(key)}: ${isCollection(item) ? (Array.isArray(item) ? '[]' : '{}') : yamlScalar(item)}`);
    }
  }
}

/**
 * Block YAML of JSON data. Strings are double-quoted JSON strings (valid YAML), intrinsics stay
 * in their long form (`Fn::Sub:`), so the YAML means exactly what the JSON does.
 */
export function toYaml(value: unknown): string {
  const out: string[] = [];
  yamlLines(value, '', out);
  return `${out.join('\n')}\n`;
}

/**
 * Policy rules over a rendered template, in the manner of checkov: each rule looks at the
 * template (and, where a rule depends on what the user asked for, the settings) and returns one
 * finding per resource that breaks it. Plain predicates: no AWS, no I/O.
 */
import type { CloudFormationTemplate } from '../model.js';
import type { CloudFormationResource, ResolvedSettings } from '../settings.js';

export interface PolicyFinding {
  rule: string;
  /** the logical id of the resource that breaks it */
  resource: string;
  message: string;
}

export interface PolicyInput {
  template: Pick<CloudFormationTemplate, 'Resources'>;
  /** what the stage asked for; rules that need none ignore it */
  settings?: Pick<ResolvedSettings, 'reservedConcurrency'>;
}

export interface PolicyRule {
  /** e.g. "api-stage-access-logs" */
  id: string;
  /** what a compliant template does, in one line */
  title: string;
  /** the checkov check (or scanner rule) it stands for, for whoever compares reports */
  compare: string;
  check(input: PolicyInput): PolicyFinding[];
}

/** Properties as loosely typed as CloudFormation writes them. */
export type Properties = Record<string, unknown>;

/** Every resource of `type`, with its properties (an empty object when it has none). */
export function resourcesOfType(input: PolicyInput, type: string): [string, Properties, CloudFormationResource][] {
  return Object.entries(input.template.Resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([id, resource]) => [id, resource.Properties ?? {}, resource]);
}

export function asList<T>(value: T | T[] | undefined | null): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

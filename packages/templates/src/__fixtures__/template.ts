/** Test helpers over rendered templates. */
import { renderTemplate } from '../render.js';
import type { CloudFormationTemplate, TemplateInput } from '../model.js';
import type { CloudFormationResource, PolicyStatement, ResolvedSettings } from '../settings.js';
import { makeInput } from './settings.js';

/** Property bags in assertions: any shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

export type LooseResource = CloudFormationResource & { Properties: Record<string, Loose> };

export function render(overrides: Partial<ResolvedSettings> = {}, extra: Partial<TemplateInput> = {}): CloudFormationTemplate {
  return renderTemplate(makeInput(overrides, extra));
}

export function resource(template: CloudFormationTemplate, id: string): LooseResource {
  const found = template.Resources[id];
  if (!found) throw new Error(`no resource ${id}; have ${Object.keys(template.Resources).join(', ')}`);
  return found as LooseResource;
}

export function ofType(template: CloudFormationTemplate, type: string): [string, LooseResource][] {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type) as [
    string,
    LooseResource,
  ][];
}

export function types(template: CloudFormationTemplate): string[] {
  return Object.values(template.Resources).map((r) => r.Type);
}

/** The generated execution role's statements. */
export function roleStatements(template: CloudFormationTemplate): PolicyStatement[] {
  const role = template.Resources.ExecutionRole;
  if (!role) return [];
  const policies = (role.Properties as { Policies: { PolicyDocument: { Statement: PolicyStatement[] } }[] }).Policies;
  return policies.flatMap((p) => p.PolicyDocument.Statement);
}

export function statement(template: CloudFormationTemplate, sid: string): PolicyStatement | undefined {
  return roleStatements(template).find((s) => s.Sid === sid);
}

export function actions(statements: PolicyStatement[]): string[] {
  return statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

export function env(template: CloudFormationTemplate): Record<string, Loose> {
  return resource(template, 'Function').Properties.Environment.Variables;
}

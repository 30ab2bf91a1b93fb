/** Settings + artifact -> one CloudFormation template: every concern, composed. */
import { apiFragment } from './api.js';
import { authFragment } from './auth.js';
import { canonicalize } from './canonical.js';
import { createContext, type Context } from './context.js';
import { deadLetterFragment } from './deadLetter.js';
import { domainFragment } from './domain.js';
import { eventSourcesFragment } from './eventSources.js';
import { functionEnvironment, functionFragment } from './function.js';
import { functionUrlFragment } from './function-url.js';
import { httpApiFragment } from './http-api.js';
import { httpApiDomainFragment } from './http-api-domain.js';
import { apiTypeProblems } from './http-api-support.js';
import { roleFragment } from './role.js';
import { rolloutFragment } from './rollout.js';
import { schedulesFragment } from './schedules.js';
import { tasksFragment } from './tasks.js';
import { TemplateError, type CloudFormationTemplate, type Fragment, type TemplateInput } from './model.js';
import { mergeUserResources } from './userResources.js';
import type { CloudFormationResource } from './settings.js';

function mergeInto<T>(target: Record<string, T>, source: Record<string, T> | undefined, what: string): void {
  for (const [key, value] of Object.entries(source ?? {})) {
    if (key in target) throw new TemplateError(`internal: two concerns generate the ${what} "${key}"`);
    target[key] = value;
  }
}

/** What fronts the function (`apiType`): the REST API and its auth, an HTTP API, or a Function URL. */
function apiFragments(ctx: Context): Fragment[] {
  const { settings } = ctx;
  if (!settings.apiGateway) return [apiFragment(ctx)];
  const problem = apiTypeProblems(settings)[0];
  if (problem) throw new TemplateError(`${problem.setting}: ${problem.message}`);
  switch (settings.apiType ?? 'rest') {
    case 'http':
      return [httpApiFragment(ctx), httpApiDomainFragment(ctx)];
    case 'url':
      return [functionUrlFragment(ctx)];
    case 'rest':
      return [apiFragment(ctx), authFragment(ctx)];
  }
}

/**
 * Renders the stage's template. Pure: the same input gives the same template, key for key
 * (serialize it with `serializeTemplate` for the same bytes). Throws `TemplateError` for
 * settings that cannot become a stack.
 */
export function renderTemplate(input: TemplateInput): CloudFormationTemplate {
  const ctx = createContext(input);
  const { settings } = ctx;

  const deadLetter = deadLetterFragment(ctx);
  const concerns: Fragment[] = [
    tasksFragment(ctx),
    deadLetter.fragment,
    schedulesFragment(ctx),
    eventSourcesFragment(ctx),
    ...apiFragments(ctx),
    // an HTTP API's domain is part of apiFragments (http-api-domain.ts); a Function URL has none
    ...((settings.apiType ?? 'rest') === 'rest' ? [domainFragment(ctx)] : []),
    rolloutFragment(ctx),
  ];
  if (!settings.apiGateway && (settings.apiKeyRequired || settings.iamAuthorization || settings.authorizer || settings.cors)) {
    throw new TemplateError('apiKeyRequired, iamAuthorization, authorizer and cors apply to the REST API; they need apiGateway: true');
  }

  const environment: Record<string, unknown> = {};
  for (const concern of concerns) mergeInto(environment, concern.environment, 'environment variable');
  const role = roleFragment(
    ctx,
    concerns.flatMap((concern) => concern.statements ?? []),
  );
  const fn = functionFragment(ctx, {
    environment: functionEnvironment(ctx, environment),
    roleArn: role.roleArn,
    deadLetterTarget: deadLetter.target,
  });

  const resources: Record<string, CloudFormationResource> = {};
  const outputs: CloudFormationTemplate['Outputs'] = {};
  for (const part of [role.fragment, fn, ...concerns]) {
    mergeInto(resources, part.resources, 'resource');
    mergeInto(outputs, part.outputs, 'output');
  }

  return canonicalize({
    AWSTemplateFormatVersion: '2010-09-09' as const,
    Description: `tsappa stage "${settings.stage}" of ${settings.projectName} (${ctx.names.stack})`,
    Resources: mergeUserResources(resources, settings.resources),
    Outputs: outputs,
  });
}

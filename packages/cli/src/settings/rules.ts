/** Rules across keys, checked on the resolved settings. Errors stop; warnings are printed. */
import { apiTypeProblems, stackName, type ResolvedSettings } from '@tsappa/templates';
import { arnRegion } from './arns.js';
import { concurrencyFindings } from './concurrency-rules.js';
import { eventSourceFindings } from './event-source-rules.js';
import { stageControlWarnings } from './stage-controls.js';
import { logRuleErrors } from './log-rules.js';
import { scheduleRuleErrors } from './schedule-rules.js';

export interface RuleFinding {
  path: string;
  message: string;
}

/** Lambda's limit on the environment variables' total size (keys and values). */
const ENVIRONMENT_LIMIT_BYTES = 4096;
/** API Gateway REST's default integration timeout. */
const API_GATEWAY_TIMEOUT_SECONDS = 29;

function certificateRegion(arn: string): string | undefined {
  return arn.split(':')[3];
}

/**
 * `explicit` holds the keys the stage (or a stage it extends) sets itself: some warnings are
 * about a user's choice, not the spec's defaults (the default 30 s timeout is above 29 s).
 */
export function checkRules(s: ResolvedSettings, explicit: ReadonlySet<string> = new Set()): { errors: RuleFinding[]; warnings: RuleFinding[] } {
  const errors: RuleFinding[] = [];
  const warnings: RuleFinding[] = [];

  if (!s.app || s.app === ':default') {
    errors.push({ path: 'app', message: 'expected the web app as "path/to/module.ts:exportName", found nothing (it is required)' });
  }
  const name = stackName(s);
  if (name.length > 64) {
    errors.push({ path: 'projectName', message: `expected "<projectName>-<stage>" to be at most 64 characters (a Lambda function name), found "${name}" (${name.length})` });
  }

  if (s.authorizer) {
    const both = s.authorizer.function !== null && s.authorizer.arn !== null;
    const neither = s.authorizer.function === null && s.authorizer.arn === null;
    if (both || neither) {
      errors.push({ path: 'authorizer', message: `expected exactly one of "function" and "arn", found ${both ? 'both' : 'neither'}` });
    }
    // API Gateway invokes a Lambda authorizer in the API's own region
    const arnRegionOf = s.authorizer.arn ? arnRegion(s.authorizer.arn) : undefined;
    if (arnRegionOf !== undefined && arnRegionOf !== s.awsRegion) {
      errors.push({ path: 'authorizer.arn', message: `expected a function in the stage's region ${s.awsRegion}, found one in ${arnRegionOf}` });
    }
    if (s.authorizer.local && s.authorizer.function !== null) {
      errors.push({ path: 'authorizer.local', message: 'expected "local" only with "arn": an authorizer.function already runs in tsappa serve' });
    }
  }

  if (s.domain) {
    if (!s.certificateArn && s.certificate !== 'auto') {
      errors.push({ path: 'certificateArn', message: `expected an ACM certificate ARN (or certificate: "auto") for domain "${s.domain}", found nothing` });
    }
    if (s.certificateArn) {
      const region = certificateRegion(s.certificateArn);
      // an HTTP API's domain is regional whatever endpointConfiguration says (apiType "http")
      const endpoint = s.apiType === 'http' ? 'REGIONAL' : s.endpointConfiguration;
      if (endpoint === 'EDGE' && region !== 'us-east-1') {
        errors.push({ path: 'certificateArn', message: `expected a certificate in us-east-1 for an EDGE domain, found one in ${region ?? 'an unknown region'}` });
      }
      if (endpoint === 'REGIONAL' && region !== s.awsRegion) {
        errors.push({ path: 'certificateArn', message: `expected a certificate in the stage's region ${s.awsRegion} for a REGIONAL domain, found one in ${region ?? 'an unknown region'}` });
      }
    }
    if (s.endpointConfiguration === 'PRIVATE') {
      errors.push({ path: 'domain', message: 'expected endpointConfiguration EDGE or REGIONAL for a custom domain, found PRIVATE' });
    }
  } else if (s.certificateArn || s.certificate) {
    warnings.push({ path: s.certificateArn ? 'certificateArn' : 'certificate', message: 'is ignored without "domain"' });
  }

  if (s.endpointConfiguration === 'PRIVATE' && s.vpcEndpointIds.length === 0) {
    errors.push({ path: 'vpcEndpointIds', message: 'expected at least one VPC endpoint id for a PRIVATE API, found none' });
  }
  if (s.endpointConfiguration !== 'PRIVATE' && s.vpcEndpointIds.length > 0) {
    errors.push({ path: 'vpcEndpointIds', message: `expected endpointConfiguration PRIVATE with vpcEndpointIds, found ${s.endpointConfiguration}` });
  }

  // an HTTP API waits 30 s and warns in the template's warnings; a Function URL waits for the function
  if (s.apiGateway && (s.apiType ?? 'rest') === 'rest' && explicit.has('timeoutSeconds') && s.timeoutSeconds > API_GATEWAY_TIMEOUT_SECONDS) {
    warnings.push({
      path: 'timeoutSeconds',
      message: `${s.timeoutSeconds} s is above API Gateway's ${API_GATEWAY_TIMEOUT_SECONDS} s integration timeout: HTTP requests will get a 504 after ${API_GATEWAY_TIMEOUT_SECONDS} s (schedules and tasks get the full time)`,
    });
  }
  if (!s.apiGateway) {
    for (const key of ['apiKeyRequired', 'iamAuthorization', 'cacheClusterEnabled'] as const) {
      if (s[key]) errors.push({ path: key, message: 'expected "apiGateway": true, found false' });
    }
    if (s.authorizer) errors.push({ path: 'authorizer', message: 'expected "apiGateway": true, found false' });
    if (s.domain) errors.push({ path: 'domain', message: 'expected "apiGateway": true, found false' });
  }
  if (s.authorizer && s.iamAuthorization) {
    errors.push({ path: 'authorizer', message: 'expected either "authorizer" or "iamAuthorization", found both (a method has one authorization type)' });
  }
  if ((s.apiKey || s.usagePlan) && !s.apiKeyRequired) {
    warnings.push({ path: s.apiKey ? 'apiKey' : 'usagePlan', message: 'is ignored unless "apiKeyRequired" is true' });
  }

  if (s.deadLetter && s.deadLetterArn) {
    errors.push({ path: 'deadLetter', message: 'expected either "deadLetter": true or "deadLetterArn", found both' });
  }
  if (s.role && s.extraPolicies.length > 0) {
    errors.push({ path: 'extraPolicies', message: 'expected no extra policies with an existing "role" (add them to that role), found some' });
  }
  for (const [index, statement] of s.extraPolicies.entries()) {
    const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
    if (actions.some((action) => action === '*')) {
      errors.push({ path: `extraPolicies[${index}].Action`, message: 'expected specific actions, found "*" (least privilege)' });
    }
  }

  const envBytes = Object.entries(s.environmentVariables).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (envBytes > ENVIRONMENT_LIMIT_BYTES) {
    errors.push({ path: 'environmentVariables', message: `expected at most 4 KB in total (Lambda's limit), found ${envBytes} bytes: move big values to "remoteEnv"` });
  }
  for (const key of Object.keys(s.environmentVariables)) {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(key)) {
      errors.push({ path: `environmentVariables.${key}`, message: 'expected a name of letters, digits and "_" starting with a letter' });
    } else if (/^(AWS_|_HANDLER$|LAMBDA_)/.test(key)) {
      errors.push({ path: `environmentVariables.${key}`, message: 'expected a name Lambda does not reserve, found a reserved one' });
    }
  }

  const ruleNames = new Set<string>();
  for (const [index, event] of s.events.entries()) {
    if (event.kind !== 'schedule') continue;
    if (ruleNames.has(event.name)) {
      errors.push({ path: `events[${index}].name`, message: `expected a unique schedule name, found "${event.name}" twice (set "name")` });
    }
    ruleNames.add(event.name);
  }
  errors.push(...logRuleErrors(s), ...scheduleRuleErrors(s));
  for (const findings of [concurrencyFindings(s), eventSourceFindings(s)]) {
    errors.push(...findings.errors);
    warnings.push(...findings.warnings);
  }
  if (s.runtime === 'nodejs20.x') {
    warnings.push({ path: 'runtime', message: 'nodejs20.x is deprecated by AWS: new functions can no longer be created on it (use nodejs22.x or nodejs24.x)' });
  }
  warnings.push(...stageControlWarnings(s, explicit));
  for (const problem of apiTypeProblems(s, explicit)) errors.push({ path: problem.setting, message: problem.message });
  if (!s.apiGateway && s.jwtAuthorizer) errors.push({ path: 'jwtAuthorizer', message: 'expected "apiGateway": true, found false' });
  if (s.apiType === 'http' && s.authorizer?.type === 'TOKEN') {
    errors.push({ path: 'authorizer.type', message: 'expected "REQUEST" on apiType "http" (HTTP APIs have REQUEST authorizers with simple responses only), found "TOKEN"' });
  }
  if (s.jwtAuthorizer && (s.authorizer || s.iamAuthorization)) {
    errors.push({ path: 'jwtAuthorizer', message: `expected one authorization type, found jwtAuthorizer and ${s.authorizer ? 'authorizer' : 'iamAuthorization'}` });
  }
  if (s.responseStreaming && s.apiGateway && s.cacheClusterEnabled) {
    warnings.push({ path: 'responseStreaming', message: 'streamed responses are not cached by the stage cache' });
  }
  return { errors, warnings };
}

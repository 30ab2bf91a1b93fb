/**
 * An authorizer given by `arn` is another Lambda function: `tsappa serve` cannot run it, so the
 * user names what answers for it, with `authorizer.local` in the settings or `serve --authorizer`
 * (which wins):
 * - `{ function: "src/auth.ts:authorize" }` (`--authorizer src/auth.ts:authorize`): a function of
 *   the project, packaged into the local build as an `authorizer.function` would be and run by
 *   the runtime with the TOKEN or REQUEST event API Gateway sends; its policy and context apply
 *   as the deployed authorizer's do (./authorizer.ts);
 * - `"allow"` / `"deny"`: a fixed policy, allowing or explicitly denying every method. API
 *   Gateway's own checks still come first (the token header, validationExpression).
 * With neither, requests to the stage get API Gateway's 500 for a failing authorizer and the log
 * says what to set: they are never let through.
 */
import type { LocalAuthorizerSetting, ResolvedSettings } from '@tsappa/templates';
import { functionRef } from '../settings/schema.js';
import type { InvokeOutcome } from './function-host.js';

/** What the log says when nothing answers for an `arn` authorizer. */
export function unsetArnAuthorizerMessage(arn: string): string {
  return (
    `authorizer ${arn} cannot run locally, so every request to the stage is refused (500): set "authorizer": { "local": "allow" | "deny" | ` +
    '{ "function": "path/to/module.ts:exportName" } } in the settings, or pass --authorizer allow|deny|path/to/module.ts:exportName'
  );
}

/** The log line that says how serve answers for an `arn` authorizer. */
export function describeArnAuthorizer(arn: string, local: LocalAuthorizerSetting | null): string {
  if (local === null) return unsetArnAuthorizerMessage(arn);
  if (typeof local === 'object') return `authorizer ${arn} is answered locally by ${local.function} (authorizer.local), packaged into the local build only`;
  return `authorizer ${arn} is answered locally with a fixed ${local} for every method (authorizer.local)`;
}

/** `--authorizer allow|deny|module:export`. */
export function parseAuthorizerFlag(value: string): LocalAuthorizerSetting {
  if (value === 'allow' || value === 'deny') return value;
  if (functionRef.safeParse(value).success) return { function: value.includes(':') ? value : `${value}:default` };
  throw new Error(`--authorizer wants allow, deny or a function of the project "path/to/module.ts:exportName", not "${value}"`);
}

/**
 * The settings serve builds and serves: an `arn` authorizer answered by a local function becomes
 * that `authorizer.function` (so the local build packages it and the runtime runs it); `choice`
 * (the flag) replaces `authorizer.local`.
 */
export function withLocalAuthorizer(settings: ResolvedSettings, choice?: LocalAuthorizerSetting): ResolvedSettings {
  const authorizer = settings.authorizer;
  if (!authorizer || authorizer.function !== null) return settings;
  const local = choice ?? authorizer.local ?? null;
  if (local !== null && typeof local === 'object') return { ...settings, authorizer: { ...authorizer, function: local.function, local } };
  return { ...settings, authorizer: { ...authorizer, local } };
}

/** A fixed authorizer's answer, as the authorizer Lambda would give it. */
function fixedPolicy(effect: 'Allow' | 'Deny'): InvokeOutcome {
  return {
    ok: true,
    requestId: 'tsappa-serve-authorizer',
    durationMs: 0,
    value: {
      principalId: 'tsappa-serve',
      policyDocument: { Version: '2012-10-17', Statement: [{ Effect: effect, Action: 'execute-api:Invoke', Resource: '*' }] },
    },
  };
}

/**
 * The authorizer Lambda of an `arn` authorizer, locally: the fixed answer, or, with nothing set,
 * a failure (API Gateway answers 500). Null when the stage's own function answers (a `function`
 * authorizer, or a local function put in its place by {@link withLocalAuthorizer}).
 */
export function arnAuthorizerLambda(settings: ResolvedSettings): ((event: unknown) => Promise<InvokeOutcome>) | null {
  const authorizer = settings.authorizer;
  if (!authorizer || authorizer.function !== null) return null;
  const local = authorizer.local ?? null;
  if (local === 'allow' || local === 'deny') {
    const outcome = fixedPolicy(local === 'allow' ? 'Allow' : 'Deny');
    return () => Promise.resolve(outcome);
  }
  const failure: InvokeOutcome = {
    ok: false,
    requestId: 'tsappa-serve-authorizer',
    durationMs: 0,
    timedOut: false,
    error: { errorType: 'LocalAuthorizerNotSet', errorMessage: `authorizer.arn is not run locally; set authorizer.local or pass --authorizer` },
  };
  return () => Promise.resolve(failure);
}

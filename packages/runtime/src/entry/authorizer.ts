/** Lambda authorizer events (TOKEN and REQUEST) go to `authorizer` from the settings. */
import { FunctionNotFoundError } from './errors.js';
import { resolveFunction } from './refs.js';
import type { EntryRuntime } from './runtime.js';

function isPolicyResult(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const result = value as { principalId?: unknown; policyDocument?: unknown; isAuthorized?: unknown };
  // REST (and HTTP API payload 1.0): principalId + policyDocument; HTTP API 2.0 simple responses: isAuthorized
  return (typeof result.principalId === 'string' && typeof result.policyDocument === 'object' && result.policyDocument !== null) || typeof result.isAuthorized === 'boolean';
}

export async function runAuthorizer(runtime: EntryRuntime, type: 'TOKEN' | 'REQUEST', event: unknown, context: unknown): Promise<unknown> {
  const ref = runtime.config.authorizer;
  if (!ref) throw new FunctionNotFoundError(`received a ${type} authorizer event, but the stage has no authorizer.function`);
  const fn = resolveFunction(runtime.modules, ref, 'authorizer');
  const result = await fn(event, context);
  if (!isPolicyResult(result)) {
    throw new TypeError(`authorizer ${ref} returned ${JSON.stringify(result)?.slice(0, 120)}; return allow(...)/deny(...) or throw unauthorized()`);
  }
  return result;
}

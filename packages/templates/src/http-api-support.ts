/**
 * Which API types support which settings. A setting a stage's `apiType` does not support is an
 * error naming the types that do (the CLI's settings rules report it with the file; the
 * template refuses it too). Settings whose default is "on" count only when the stage sets them
 * itself (`explicit`): the default EDGE endpoint or ERROR execution logs of a `url` stage are
 * simply not used.
 */
import type { ApiType, ResolvedSettings } from './settings.js';

export interface ApiTypeRestriction {
  setting: string;
  supportedBy: readonly ApiType[];
  /** why, when it is not obvious */
  note?: string;
  isSet(settings: ResolvedSettings, explicit: ReadonlySet<string>): boolean;
}

const REST: readonly ApiType[] = ['rest'];
const REST_HTTP: readonly ApiType[] = ['rest', 'http'];

export const API_TYPE_RESTRICTIONS: readonly ApiTypeRestriction[] = [
  { setting: 'apiKeyRequired', supportedBy: REST, isSet: (s) => s.apiKeyRequired },
  { setting: 'apiKey', supportedBy: REST, isSet: (s) => s.apiKey !== null },
  { setting: 'usagePlan', supportedBy: REST, isSet: (s) => s.usagePlan !== null },
  { setting: 'cacheClusterEnabled', supportedBy: REST, isSet: (s) => s.cacheClusterEnabled },
  { setting: 'cacheClusterSize', supportedBy: REST, isSet: (_s, e) => e.has('cacheClusterSize') },
  { setting: 'cacheClusterTtl', supportedBy: REST, isSet: (_s, e) => e.has('cacheClusterTtl') },
  { setting: 'cacheClusterEncrypted', supportedBy: REST, isSet: (s) => s.cacheClusterEncrypted },
  {
    setting: 'endpointConfiguration',
    supportedBy: REST,
    note: 'an HTTP API is always REGIONAL, a Function URL has no endpoint type',
    isSet: (s, e) => e.has('endpointConfiguration') && s.endpointConfiguration !== 'REGIONAL',
  },
  { setting: 'vpcEndpointIds', supportedBy: REST, isSet: (s) => s.vpcEndpointIds.length > 0 },
  {
    setting: 'binarySupport',
    supportedBy: REST,
    note: 'HTTP APIs and Function URLs always pass binary bodies base64-encoded',
    isSet: (s, e) => e.has('binarySupport') && !s.binarySupport,
  },
  { setting: 'authorizer', supportedBy: REST_HTTP, note: 'a Function URL has no authorizers (use iamAuthorization)', isSet: (s) => s.authorizer !== null },
  { setting: 'jwtAuthorizer', supportedBy: ['http'], isSet: (s) => (s.jwtAuthorizer ?? null) !== null },
  { setting: 'responseStreaming', supportedBy: ['rest', 'url'], isSet: (s) => s.responseStreaming },
  { setting: 'executionLogging', supportedBy: REST, isSet: (s, e) => e.has('executionLogging') && s.executionLogging !== 'off' },
  { setting: 'accessLogging', supportedBy: REST_HTTP, isSet: (s, e) => e.has('accessLogging') && s.accessLogging !== false },
  { setting: 'throttle', supportedBy: REST_HTTP, note: 'limit a Function URL with reservedConcurrency', isSet: (s, e) => e.has('throttle') && s.throttle !== false },
  { setting: 'detailedMetrics', supportedBy: REST_HTTP, isSet: (s) => s.detailedMetrics },
  { setting: 'domain', supportedBy: REST_HTTP, note: 'a Function URL has no custom domain of its own (put CloudFront in front of it)', isSet: (s) => s.domain !== null },
];

export interface ApiTypeProblem {
  setting: string;
  message: string;
}

const quoted = (types: readonly ApiType[]) => types.map((t) => `"${t}"`).join(' or ');

/** The settings the stage's API type does not support (none without `apiGateway`). */
export function apiTypeProblems(settings: ResolvedSettings, explicit: ReadonlySet<string> = new Set()): ApiTypeProblem[] {
  const type = settings.apiType ?? 'rest';
  if (!settings.apiGateway) return [];
  return API_TYPE_RESTRICTIONS.filter((r) => !r.supportedBy.includes(type) && r.isSet(settings, explicit)).map((r) => ({
    setting: r.setting,
    message: `expected apiType ${quoted(r.supportedBy)} (the API types that support it), found apiType "${type}"${r.note ? ` (${r.note})` : ''}`,
  }));
}

/**
 * How long the stage's API waits for the function, in seconds, for the timeout warnings: a REST
 * API 29 s (by default; a streamed integration as long as the function), an HTTP API 30 s (a
 * hard limit), a Function URL as long as the function runs (null: no limit of its own).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
 */
export function apiWaitSeconds(settings: Pick<ResolvedSettings, 'apiType' | 'responseStreaming'>): number | null {
  const type = settings.apiType ?? 'rest';
  if (type === 'url') return null;
  if (type === 'http') return 30;
  return settings.responseStreaming ? null : 29;
}

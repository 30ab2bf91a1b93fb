/**
 * The API mapping of an HTTP API stage on its custom domain, reconciled: the stage's `$default`
 * stage under `basePath` (the ApiMappingKey, "" for the root). A mapping already there under that
 * key is kept when it is this API's, and pointed at this API otherwise (as `certify` does for a
 * REST API's base path); this API's mappings under other keys (an earlier basePath) move to the
 * new key or go, so the stage is never mapped twice. Mappings of other APIs under other keys
 * are never touched.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-mappings.html
 */
import {
  CreateApiMappingCommand,
  DeleteApiMappingCommand,
  GetApiMappingsCommand,
  UpdateApiMappingCommand,
  type ApiGatewayV2Client,
  type ApiMapping,
} from '@aws-sdk/client-apigatewayv2';

/** The mapping the settings ask for. */
export interface WantedMapping {
  apiId: string;
  stage: string;
  /** the base path without slashes; "" maps the domain's root */
  key: string;
}

/** The calls that take a domain's mappings to the wanted one. */
export interface MappingPlan {
  /** nothing to create or update: the wanted mapping is there */
  keep: string | null;
  create: boolean;
  /** a mapping to point at the wanted API, stage and key (`from` says what it mapped before) */
  update: { id: string; from: { apiId: string; stage: string; key: string } } | null;
  /** this API's mappings under other keys, left over from an earlier basePath */
  remove: { id: string; key: string }[];
}

const keyOf = (m: ApiMapping) => m.ApiMappingKey ?? '';

/** What to create, update and delete so the domain maps the wanted stage under the wanted key, once. */
export function mappingPlan(mappings: ApiMapping[], wanted: WantedMapping): MappingPlan {
  const atKey = mappings.find((m) => keyOf(m) === wanted.key);
  const stale = mappings.filter((m) => m !== atKey && m.ApiId === wanted.apiId);
  const describe = (m: ApiMapping) => ({ id: m.ApiMappingId ?? '', from: { apiId: m.ApiId ?? '', stage: m.Stage ?? '', key: keyOf(m) } });
  if (atKey) {
    const ours = atKey.ApiId === wanted.apiId && atKey.Stage === wanted.stage;
    return { keep: ours ? (atKey.ApiMappingId ?? '') : null, create: false, update: ours ? null : describe(atKey), remove: stale.map((m) => ({ id: m.ApiMappingId ?? '', key: keyOf(m) })) };
  }
  const [moved, ...rest] = stale;
  if (moved) return { keep: null, create: false, update: describe(moved), remove: rest.map((m) => ({ id: m.ApiMappingId ?? '', key: keyOf(m) })) };
  return { keep: null, create: true, update: null, remove: [] };
}

/** Every mapping of the domain, every page. */
export async function domainMappings(v2: ApiGatewayV2Client, domain: string): Promise<ApiMapping[]> {
  const items: ApiMapping[] = [];
  let token: string | undefined;
  do {
    const page = await v2.send(new GetApiMappingsCommand({ DomainName: domain, ...(token ? { NextToken: token } : {}) }));
    items.push(...(page.Items ?? []));
    token = page.NextToken;
  } while (token);
  return items;
}

const shown = (key: string) => (key ? `/${key}` : '/ (the root)');

/**
 * Applies the plan; returns a line for each change made (none when the mapping was already there).
 * `call` wraps each call (API Gateway's throttling retries).
 */
export async function applyMappingPlan(
  v2: ApiGatewayV2Client,
  domain: string,
  wanted: WantedMapping,
  plan: MappingPlan,
  call: <T>(fn: () => Promise<T>) => Promise<T> = (fn) => fn(),
): Promise<string[]> {
  const changes: string[] = [];
  const target = { ApiId: wanted.apiId, Stage: wanted.stage, ApiMappingKey: wanted.key };
  if (plan.create) {
    await call(() => v2.send(new CreateApiMappingCommand({ DomainName: domain, ...target })));
    changes.push(`Mapped ${domain}${shown(wanted.key)} to the HTTP API ${wanted.apiId} (${wanted.stage})`);
  }
  if (plan.update) {
    const { id, from } = plan.update;
    await call(() => v2.send(new UpdateApiMappingCommand({ DomainName: domain, ApiMappingId: id, ...target })));
    changes.push(
      from.apiId === wanted.apiId && from.key !== wanted.key
        ? `Moved the mapping of ${domain} from ${shown(from.key)} to ${shown(wanted.key)}`
        : `Mapped ${domain}${shown(wanted.key)} to the HTTP API ${wanted.apiId} (${wanted.stage}) instead of ${from.apiId} (${from.stage})`,
    );
  }
  for (const stale of plan.remove) {
    await call(() => v2.send(new DeleteApiMappingCommand({ DomainName: domain, ApiMappingId: stale.id })));
    changes.push(`Removed the mapping of ${domain}${shown(stale.key)} (an earlier basePath of this stage)`);
  }
  return changes;
}

/**
 * Reads back what a deploy or update left serving: the version the `live` alias points at, and
 * that version's code and configuration against what the release asked for (memory, timeout,
 * environment variable names, architecture, layers, tracing, dead-letter target, VPC), where it
 * logs (verify-logs.ts) and the authorization of the API's methods (verify-api.ts), or of an
 * HTTP API's routes and a Function URL (verify-api-type.ts). One line
 * when it matches; a mismatch is an error that lists what differs.
 */
import { DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { GetAliasCommand, GetFunctionConfigurationCommand, type FunctionConfiguration, type LambdaClient } from '@aws-sdk/client-lambda';
import { LIVE_ALIAS } from '@tsappa/runtime/contract';
import { LOGICAL_ID_PREFIXES, LOGICAL_IDS, OUTPUTS, stageNames } from '@tsappa/templates';
import type { AwsClients } from '../aws/clients.js';
import type { CommandContext } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import { lambdaCodeSha256 } from './changes.js';
import type { Release } from './release.js';
import { expectedApi, verifyApi, type ApiReadBack } from './verify-api.js';
import { apiTypeLine, readBackApiType, type ApiTypeReadBack } from './verify-api-type.js';
import { expectedLogging, verifyLogging, type LoggingReadBack } from './verify-logs.js';

export interface Expected {
  functionName: string;
  /** versions `live` may point at: the one the stack published, or the fast path's */
  versions: string[];
  /** the CodeSha256 Lambda reports for the package (base64) */
  codeSha256: string;
  memorySize: number;
  timeoutSeconds: number;
  architecture: string;
  layers: string[];
  /** the names of the environment variables the template sets */
  environmentKeys: string[];
  /**
   * the values the read-back can know: literal strings (compared, never printed) and Refs to the
   * stack's own resources (their physical ids); others are left out
   */
  environmentValues?: Record<string, { value: string; from: 'settings' | 'stack' }>;
  /** X-Ray: "Active" or "PassThrough" */
  tracing: string;
  /** whether failed asynchronous invocations go to a dead-letter target */
  deadLetter: boolean;
  /** the target's ARN, when the stack says it (its DeadLetterArn output) */
  deadLetterArn?: string | null;
  /** the subnets and security groups, empty without a VPC */
  subnetIds: string[];
  securityGroupIds: string[];
}

export interface Verified {
  version: string;
  differences: string[];
  /** the served version's configuration, when it could be read */
  config?: FunctionConfiguration;
}

/** What the read-back checked, in `--json` output as `verified`. */
export interface VerifiedReport {
  /** the version `live` serves */
  version: string;
  function: Omit<Expected, 'functionName' | 'versions' | 'environmentValues'>;
  logging: Omit<LoggingReadBack, 'differences'>;
  /** null for a stage without an API */
  api: Omit<ApiReadBack, 'differences'> | null;
  /** apiType "http": the HTTP API's stage and routes (verify-http-api.ts) */
  httpApi?: ApiTypeReadBack['httpApi'];
  /** apiType "url": the Function URL of live (verify-function-url.ts) */
  functionUrl?: ApiTypeReadBack['functionUrl'];
}

/** Where to read a deployed stage: its stack, its function, the versions `live` may serve. */
export interface ReadBackTarget {
  stack: string;
  functionName: string;
  versions: (string | null | undefined)[];
  outputs: Record<string, string>;
}

/** What the release asks `live` to serve, from its settings and its template's function. */
/** The environment values a template fixes: literal strings, and Refs resolved to the stack's physical ids. */
export function environmentValues(variables: Record<string, unknown>, physicalIds: Record<string, string>): NonNullable<Expected['environmentValues']> {
  const values: NonNullable<Expected['environmentValues']> = {};
  for (const [key, value] of Object.entries(variables)) {
    if (typeof value === 'string') values[key] = { value, from: 'settings' };
    else if (value && typeof value === 'object' && Object.keys(value).length === 1 && typeof (value as { Ref?: unknown }).Ref === 'string') {
      const id = physicalIds[(value as { Ref: string }).Ref];
      if (id) values[key] = { value: id, from: 'stack' };
    }
  }
  return values;
}

export function expectedOf(release: Release, functionName: string, versions: (string | null | undefined)[], physicalIds: Record<string, string> = {}): Expected {
  const fn = release.template.Resources[LOGICAL_IDS.function] as { Properties?: { Environment?: { Variables?: Record<string, unknown> }; DeadLetterConfig?: unknown } } | undefined;
  const { settings } = release;
  return {
    functionName,
    versions: [...new Set(versions.filter((v): v is string => Boolean(v)))],
    codeSha256: lambdaCodeSha256(release.pkg.sha256),
    memorySize: settings.memorySize,
    timeoutSeconds: settings.timeoutSeconds,
    architecture: settings.architecture,
    layers: [...settings.layers],
    environmentKeys: Object.keys(fn?.Properties?.Environment?.Variables ?? {}),
    environmentValues: environmentValues(fn?.Properties?.Environment?.Variables ?? {}, physicalIds),
    tracing: settings.xrayTracing ? 'Active' : 'PassThrough',
    deadLetter: fn?.Properties?.DeadLetterConfig !== undefined,
    subnetIds: [...(settings.vpcConfig?.subnetIds ?? [])],
    securityGroupIds: [...(settings.vpcConfig?.securityGroupIds ?? [])],
  };
}

/** The published version's description in a template: the fingerprint that replaces it. */
export function versionDescription(template: { Resources?: unknown } | null): unknown {
  const resources = (template?.Resources ?? {}) as Record<string, { Properties?: { Description?: unknown } }>;
  return resources[LOGICAL_IDS.version]?.Properties?.Description;
}

const sorted = (values: string[]): string => [...values].sort().join(', ') || '(none)';

/** What differs between a published version's configuration and what was expected. */
export function differences(config: FunctionConfiguration, expected: Expected): string[] {
  const found: string[] = [];
  const compare = (what: string, actual: unknown, wanted: unknown) => {
    if (actual !== wanted) found.push(`${what}: ${String(actual ?? '(none)')} instead of ${String(wanted)}`);
  };
  compare('code', config.CodeSha256, expected.codeSha256);
  compare('memory (MB)', config.MemorySize, expected.memorySize);
  compare('timeout (s)', config.Timeout, expected.timeoutSeconds);
  compare('architecture', (config.Architectures ?? ['x86_64'])[0], expected.architecture);
  compare('layers', sorted((config.Layers ?? []).map((l) => l.Arn ?? '')), sorted(expected.layers));
  compare('environment variables', sorted(Object.keys(config.Environment?.Variables ?? {})), sorted(expected.environmentKeys));
  for (const [key, wanted] of Object.entries(expected.environmentValues ?? {})) {
    const actual = config.Environment?.Variables?.[key];
    if (actual === undefined || actual === wanted.value) continue;
    // the settings' own values may be secrets: named, never printed
    found.push(wanted.from === 'stack' ? `environment variable ${key}: ${actual} instead of ${wanted.value} (the stack's resource)` : `environment variable ${key}: not the value the settings give`);
  }
  compare('tracing', config.TracingConfig?.Mode ?? 'PassThrough', expected.tracing);
  compare('dead-letter target', config.DeadLetterConfig?.TargetArn ? 'set' : 'none', expected.deadLetter ? 'set' : 'none');
  if (expected.deadLetter && expected.deadLetterArn && config.DeadLetterConfig?.TargetArn) compare('dead-letter target', config.DeadLetterConfig.TargetArn, expected.deadLetterArn);
  compare('VPC subnets', sorted(config.VpcConfig?.SubnetIds ?? []), sorted(expected.subnetIds));
  compare('VPC security groups', sorted(config.VpcConfig?.SecurityGroupIds ?? []), sorted(expected.securityGroupIds));
  return found;
}

/** Reads `live` and the version it points at; compares them with what was deployed. */
export async function verifyLive(lambda: LambdaClient, expected: Expected): Promise<Verified> {
  const alias = await lambda.send(new GetAliasCommand({ FunctionName: expected.functionName, Name: LIVE_ALIAS }));
  const version = alias.FunctionVersion ?? '(none)';
  const found: string[] = [];
  if (!expected.versions.includes(version)) found.push(`${LIVE_ALIAS} points at version ${version} instead of ${expected.versions.join(' or ')}`);
  const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: expected.functionName, Qualifier: version }));
  return { version, differences: [...found, ...differences(config, expected)], config };
}

/** The line printed after a deploy or update, or the error listing what differs. */
export function verifiedLine(verified: Verified, expected: Expected): string {
  if (verified.differences.length > 0) {
    throw new CliError(
      `${LIVE_ALIAS} (version ${verified.version}) does not serve what was deployed:\n  - ${verified.differences.join('\n  - ')}`,
      1,
      'run "tsappa status <stage>" to see the stage, then "tsappa update <stage>" again',
    );
  }
  return `Verified: ${LIVE_ALIAS} serves version ${verified.version} (${expected.memorySize} MB, ${expected.timeoutSeconds} s, ${expected.architecture}, ${expected.environmentKeys.length} environment variables, ${expected.layers.length} layers)`;
}

/** The stack's resources: logical id -> physical id. */
async function stackPhysicalIds(clients: AwsClients, stack: string): Promise<Record<string, string>> {
  const cfn = await clients.cloudFormation();
  const described = await cfn.send(new DescribeStackResourcesCommand({ StackName: stack }));
  const ids: Record<string, string> = {};
  for (const r of described.StackResources ?? []) if (r.LogicalResourceId && r.PhysicalResourceId) ids[r.LogicalResourceId] = r.PhysicalResourceId;
  return ids;
}

/** The physical id of the API deployment the release's template declares. */
function deploymentIdOf(template: Release['template'], physicalIds: Record<string, string>): string | null {
  const logicalId = Object.keys(template.Resources).find((id) => id.startsWith(LOGICAL_ID_PREFIXES.deployment));
  return logicalId ? (physicalIds[logicalId] ?? null) : null;
}

/** Reads back `live`, its logging and the API; every difference found, and what was checked. */
export async function readBack(clients: AwsClients, release: Release, target: ReadBackTarget): Promise<{ report: VerifiedReport; differences: string[] }> {
  const physicalIds = await stackPhysicalIds(clients, target.stack);
  const expected = { ...expectedOf(release, target.functionName, target.versions, physicalIds), deadLetterArn: target.outputs[OUTPUTS.deadLetterArn] || null };
  const live = await verifyLive(await clients.lambda(), expected);
  const fn = release.template.Resources[LOGICAL_IDS.function] as { Properties?: { LoggingConfig?: Record<string, unknown> } } | undefined;
  const logging = await verifyLogging(
    await clients.logs(),
    live.config ?? {},
    expectedLogging(stageNames(release.settings).logGroup, release.settings.logRetentionDays, fn?.Properties?.LoggingConfig),
    target.functionName,
  );
  const restApiId = target.outputs[OUTPUTS.restApiId];
  // the REST API's methods; an HTTP API or a Function URL (apiType) below
  const restApi = release.settings.apiGateway && ((release.settings as { apiType?: string }).apiType ?? 'rest') === 'rest';
  let api: ApiReadBack | null = null;
  if (restApi && restApiId) {
    const deploymentId = deploymentIdOf(release.template, physicalIds);
    api = await verifyApi(await clients.apiGateway(), expectedApi(release.settings, { restApiId, deploymentId, functionName: target.functionName }));
  } else if (restApi) {
    live.differences.push(`the stack has no ${OUTPUTS.restApiId} output: the API could not be read`);
  }
  const apiType = await readBackApiType(clients, release.settings, target.outputs, target.functionName);
  const { functionName: _name, versions: _versions, environmentValues: _values, ...checked } = expected;
  const { differences: _l, ...loggingChecked } = logging;
  const report: VerifiedReport = { version: live.version, function: checked, logging: loggingChecked, api: api ? { stage: api.stage, deploymentId: api.deploymentId, methods: api.methods } : null };
  if (apiType.httpApi) report.httpApi = apiType.httpApi;
  if (apiType.functionUrl) report.functionUrl = apiType.functionUrl;
  return { report, differences: [...live.differences, ...logging.differences, ...(api?.differences ?? []), ...apiType.differences] };
}

/** The line printed after a read-back that matched, or the error listing what differs. */
export function readBackLine(report: VerifiedReport, differences: string[]): string {
  if (differences.length > 0) {
    throw new CliError(
      `${LIVE_ALIAS} (version ${report.version}) does not serve what was deployed:\n  - ${differences.join('\n  - ')}`,
      1,
      'run "tsappa status <stage> --verify" to see the stage and its drift, then "tsappa update <stage>" again',
    );
  }
  const f = report.function;
  const line = `Verified: ${LIVE_ALIAS} serves version ${report.version} (${f.memorySize} MB, ${f.timeoutSeconds} s, ${f.architecture}, ${f.environmentKeys.length} environment variables, ${f.layers.length} layers)`;
  const logs = `logs in ${report.logging.logGroup} for ${report.logging.retentionDays} days`;
  const auth = report.api ? `; API methods ${[...new Set(report.api.methods.map((m) => `${m.httpMethod} ${m.authorizationType}${m.apiKeyRequired ? '+key' : ''}`))].join(', ')}` : '';
  return `${line}; ${logs}${auth}${apiTypeLine({ httpApi: report.httpApi ?? null, functionUrl: report.functionUrl ?? null })}`;
}

/** After a deploy or update: reads back what serves, prints the line, or throws what differs. */
export async function verifyDeployed(ctx: CommandContext, clients: AwsClients, release: Release, target: ReadBackTarget): Promise<VerifiedReport> {
  const { report, differences: found } = await readBack(clients, release, target);
  ctx.output.success(readBackLine(report, found));
  return report;
}

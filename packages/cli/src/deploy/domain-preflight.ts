/**
 * The custom domain name a stage's template creates, checked before CloudFormation is called.
 * A domain name that already exists outside the stack (made by `tsappa certify` before the stack
 * owned the domain, by hand, or by another stack) makes CloudFormation fail to create it
 * ("already exists"), roll back, and fail again on every retry. So when the template has a
 * DomainName (REST `AWS::ApiGateway::DomainName`, HTTP API `AWS::ApiGatewayV2::DomainName`) that
 * the stack does not own yet, the domain is looked up, and one found stops the deploy or update
 * before any change set, naming the setting and the command that deletes it. The alias record the
 * template creates (with `hostedZoneId`) is checked the same way: certify made one with the
 * domain name. Nothing is changed.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-custom-domains.html
 */
import { GetDomainNameCommand as GetRestDomainNameCommand } from '@aws-sdk/client-api-gateway';
import { GetDomainNameCommand as GetHttpDomainNameCommand } from '@aws-sdk/client-apigatewayv2';
import { paginateListStackResources, type CloudFormationClient, type StackResourceSummary } from '@aws-sdk/client-cloudformation';
import { ListResourceRecordSetsCommand, type ResourceRecordSet, type Route53Client, type RRType } from '@aws-sdk/client-route-53';
import type { CloudFormationTemplate, ResolvedSettings } from '@tsappa/templates';
import type { AwsClients } from '../aws/clients.js';
import { CliError } from '../cli/errors.js';
import { errorName, withApiGatewayRetry } from './retry.js';

/** The CloudFormation type of a custom domain name, by the API it serves. */
export const DOMAIN_NAME_TYPES = {
  rest: 'AWS::ApiGateway::DomainName',
  http: 'AWS::ApiGatewayV2::DomainName',
} as const;

export type DomainApi = keyof typeof DOMAIN_NAME_TYPES;

/** A custom domain name a template declares. */
export interface TemplateDomain {
  logicalId: string;
  api: DomainApi;
  domain: string;
}

/** A custom domain name a stack holds (its physical id is the domain name). */
export interface OwnedDomain {
  logicalId: string;
  api: DomainApi;
  domain: string;
}

const apiOfType = (type: string | undefined): DomainApi | null =>
  type === DOMAIN_NAME_TYPES.rest ? 'rest' : type === DOMAIN_NAME_TYPES.http ? 'http' : null;

/** Domain names are case-insensitive (DNS). */
const sameDomain = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The custom domain names a template creates (those whose DomainName is a literal). */
export function templateDomains(template: Pick<CloudFormationTemplate, 'Resources'>): TemplateDomain[] {
  const domains: TemplateDomain[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const api = apiOfType(resource.Type);
    const domain = resource.Properties?.DomainName;
    if (api && typeof domain === 'string') domains.push({ logicalId, api, domain });
  }
  return domains;
}

/** Resource states in which the stack holds nothing (a failed create, a finished delete). */
const HOLDS_NOTHING = new Set(['CREATE_FAILED', 'DELETE_COMPLETE']);

/** The stack's resources, every page of ListStackResources; none when the stack does not exist. */
export async function listStackResources(cfn: CloudFormationClient, stack: string): Promise<StackResourceSummary[]> {
  const resources: StackResourceSummary[] = [];
  try {
    for await (const page of paginateListStackResources({ client: cfn }, { StackName: stack })) {
      resources.push(...(page.StackResourceSummaries ?? []).filter((r) => r.PhysicalResourceId && !HOLDS_NOTHING.has(r.ResourceStatus ?? '')));
    }
  } catch (error) {
    if (errorName(error) === 'ValidationError' && /does not exist/i.test((error as Error).message)) return [];
    throw error;
  }
  return resources;
}

/** The custom domain names among a stack's resources. */
export function heldDomains(resources: StackResourceSummary[]): OwnedDomain[] {
  const owned: OwnedDomain[] = [];
  for (const resource of resources) {
    const api = apiOfType(resource.ResourceType);
    if (api) owned.push({ logicalId: resource.LogicalResourceId ?? '', api, domain: resource.PhysicalResourceId ?? '' });
  }
  return owned;
}

/** The custom domain names the stack holds; none when the stack does not exist. */
export async function stackDomains(cfn: CloudFormationClient, stack: string): Promise<OwnedDomain[]> {
  return heldDomains(await listStackResources(cfn, stack));
}

/** Whether the stack holds `domain` as the custom domain name of `api`. */
export function ownsDomain(owned: OwnedDomain[], api: DomainApi, domain: string): boolean {
  return owned.some((o) => o.api === api && sameDomain(o.domain, domain));
}

/** Whether API Gateway has the domain name (REST: apigateway GetDomainName; HTTP API: apigatewayv2 GetDomainName). */
export async function domainNameExists(clients: AwsClients, api: DomainApi, domain: string): Promise<boolean> {
  try {
    if (api === 'rest') {
      const apigw = await clients.apiGateway();
      await withApiGatewayRetry(() => apigw.send(new GetRestDomainNameCommand({ domainName: domain })));
    } else {
      const v2 = await clients.apiGatewayV2();
      await withApiGatewayRetry(() => v2.send(new GetHttpDomainNameCommand({ DomainName: domain })));
    }
    return true;
  } catch (error) {
    if (errorName(error) === 'NotFoundException') return false;
    throw error;
  }
}

/** The AWS CLI command that deletes the domain name. */
export function deleteDomainCommand(api: DomainApi, domain: string, region: string): string {
  return `aws ${api === 'rest' ? 'apigateway' : 'apigatewayv2'} delete-domain-name --domain-name ${domain} --region ${region}`;
}

const KIND: Record<DomainApi, string> = { rest: 'a REST API', http: 'an HTTP API' };

/**
 * Refuses (exit 2) a template that would create a custom domain name (or its alias record) that
 * exists outside the stack. `stack.exists` is false for a first deploy: the stack holds nothing.
 */
export async function checkDomainsFree(
  clients: AwsClients,
  settings: ResolvedSettings,
  template: Pick<CloudFormationTemplate, 'Resources'>,
  stack: { name: string; exists: boolean },
): Promise<void> {
  const wanted = templateDomains(template);
  if (wanted.length === 0) return;
  const resources = stack.exists ? await listStackResources(await clients.cloudFormation(), stack.name) : [];
  const owned = heldDomains(resources);
  for (const { api, domain } of wanted) {
    if (ownsDomain(owned, api, domain)) continue;
    const other = owned.find((o) => o.api !== api && sameDomain(o.domain, domain));
    if (other) {
      throw new CliError(
        `domain in ${settings.configFile} (stage "${settings.stage}"): the stack ${stack.name} holds ${domain} as the domain name of ${KIND[other.api]}; the template makes it the domain name of ${KIND[api]}, which CloudFormation would create before it deletes the old one, and fail ("already exists")`,
        2,
        `run "tsappa update ${settings.stage}" once without "domain" (the stack deletes its domain name), then add "domain" back and run it again`,
      );
    }
    if (!(await domainNameExists(clients, api, domain))) continue;
    const command = deleteDomainCommand(api, domain, settings.awsRegion);
    throw new CliError(
      `domain in ${settings.configFile} (stage "${settings.stage}"): the custom domain name ${domain} (${KIND[api].replace(/^an? /, '')}) already exists outside the stack ${stack.name}; ` +
        `the stack creates the domain name itself, and CloudFormation would fail ("already exists") and roll back: stopped before CloudFormation.`,
      2,
      `if "tsappa certify" or someone made it by hand, delete it ("${command}") and run "tsappa ${stack.exists ? 'update' : 'deploy'} ${settings.stage}" again; if another stack or tool owns it, choose another "domain"`,
    );
  }
  await checkRecordsFree(clients, settings, template, { ...stack, resources });
}

/** A Route 53 record a template creates: the alias of the custom domain (with `hostedZoneId`). */
interface TemplateRecord {
  zone: string;
  name: string;
  type: string;
}

/** Record names compare without the final dot, case-insensitively. */
const recordName = (name: string) => name.replace(/\.$/, '').toLowerCase();

export function templateRecords(template: Pick<CloudFormationTemplate, 'Resources'>): TemplateRecord[] {
  const records: TemplateRecord[] = [];
  for (const resource of Object.values(template.Resources)) {
    const p = resource.Properties ?? {};
    if (resource.Type === 'AWS::Route53::RecordSet' && typeof p.HostedZoneId === 'string' && typeof p.Name === 'string' && typeof p.Type === 'string') {
      records.push({ zone: p.HostedZoneId, name: p.Name, type: p.Type });
    }
  }
  return records;
}

/** The record of that name and type in the zone, as Route 53 holds it, or null. */
async function existingRecord(route53: Route53Client, record: TemplateRecord): Promise<ResourceRecordSet | null> {
  const page = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: record.zone, StartRecordName: record.name, StartRecordType: record.type as RRType, MaxItems: 1 }));
  const [first] = page.ResourceRecordSets ?? [];
  return first && recordName(first.Name ?? '') === recordName(record.name) && first.Type === record.type ? first : null;
}

/**
 * Refuses (exit 2) a template whose alias record already exists outside the stack (an earlier
 * certify made it with the domain name): CloudFormation would fail to create it too.
 */
async function checkRecordsFree(
  clients: AwsClients,
  settings: ResolvedSettings,
  template: Pick<CloudFormationTemplate, 'Resources'>,
  stack: { name: string; exists: boolean; resources: StackResourceSummary[] },
): Promise<void> {
  const held = stack.resources.filter((r) => r.ResourceType === 'AWS::Route53::RecordSet').map((r) => recordName(r.PhysicalResourceId ?? ''));
  for (const record of templateRecords(template)) {
    if (held.includes(recordName(record.name))) continue;
    const found = await existingRecord(await clients.route53(), record);
    if (!found) continue;
    const batch = JSON.stringify({ Changes: [{ Action: 'DELETE', ResourceRecordSet: found }] });
    throw new CliError(
      `domain in ${settings.configFile} (stage "${settings.stage}"): the ${record.type} record ${recordName(record.name)} already exists in the hosted zone ${record.zone} outside the stack ${stack.name}; ` +
        `the stack creates the record itself, and CloudFormation would fail ("already exists") and roll back: stopped before CloudFormation.`,
      2,
      `if "tsappa certify" or someone made it by hand, delete it ("aws route53 change-resource-record-sets --hosted-zone-id ${record.zone} --change-batch '${batch}'") and run "tsappa ${stack.exists ? 'update' : 'deploy'} ${settings.stage}" again; if something else serves that name, choose another "domain"`,
    );
  }
}

/**
 * For `tsappa certify`: refuses (exit 1) to set up a domain name the stage's stack does not hold
 * yet. Its next update creates the domain name, the mapping and the record; one certify made
 * first would make that update fail. `certificateArn` is the certificate certify requested
 * when the stack cannot (an EDGE domain's, in us-east-1): the settings should name it.
 */
export function domainNotHeld(settings: ResolvedSettings, stack: string, certificateArn: string | null = null): CliError {
  const domain = settings.domain ?? '';
  const then = `then "tsappa certify ${settings.stage}" checks and reconciles them`;
  const message =
    `the stack ${stack} of stage "${settings.stage}" does not hold the custom domain name ${domain} yet: its next update creates the domain name, its mapping` +
    `${settings.hostedZoneId ? ' and the DNS record' : ''}. certify creates none of them outside the stack (that update would fail: "already exists")`;
  if (!certificateArn) return new CliError(message, 1, `run "tsappa update ${settings.stage}" first; ${then}`);
  return new CliError(
    `${message}. The certificate for ${domain} is ${certificateArn}`,
    1,
    `set "certificateArn": "${certificateArn}" in place of "certificate": "auto" in ${settings.configFile} (the stack requests certificates in the stage's region only), run "tsappa update ${settings.stage}"; ${then}`,
  );
}

/**
 * The custom domain name a stage's template creates, checked before CloudFormation is called.
 * A domain name that already exists outside the stack (made by `tsappa certify` before the stack
 * owned the domain, by hand, or by another stack) makes CloudFormation fail to create it
 * ("already exists"), roll back, and fail again on every retry. So when the template has a
 * DomainName (REST `AWS::ApiGateway::DomainName`, HTTP API `AWS::ApiGatewayV2::DomainName`) that
 * the stack does not own yet, the domain is looked up, and one found stops the deploy or update
 * before any change set, naming the setting and the command that deletes it. Nothing is changed.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-custom-domains.html
 */
import { GetDomainNameCommand as GetRestDomainNameCommand } from '@aws-sdk/client-api-gateway';
import { GetDomainNameCommand as GetHttpDomainNameCommand } from '@aws-sdk/client-apigatewayv2';
import { ListStackResourcesCommand, type CloudFormationClient, type StackResourceSummary } from '@aws-sdk/client-cloudformation';
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

/** The custom domain names the stack holds, every page of ListStackResources; none when the stack does not exist. */
export async function stackDomains(cfn: CloudFormationClient, stack: string): Promise<OwnedDomain[]> {
  const owned: OwnedDomain[] = [];
  let token: string | undefined;
  do {
    let page;
    try {
      page = await cfn.send(new ListStackResourcesCommand({ StackName: stack, ...(token ? { NextToken: token } : {}) }));
    } catch (error) {
      if (errorName(error) === 'ValidationError' && /does not exist/i.test((error as Error).message)) return [];
      throw error;
    }
    for (const resource of page.StackResourceSummaries ?? ([] as StackResourceSummary[])) {
      const api = apiOfType(resource.ResourceType);
      if (!api || !resource.PhysicalResourceId || HOLDS_NOTHING.has(resource.ResourceStatus ?? '')) continue;
      owned.push({ logicalId: resource.LogicalResourceId ?? '', api, domain: resource.PhysicalResourceId });
    }
    token = page.NextToken;
  } while (token);
  return owned;
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
 * Refuses (exit 2) a template that would create a custom domain name existing outside the stack.
 * `stack` is the deployed stack's name, or null for a stack that does not exist yet.
 */
export async function checkDomainsFree(
  clients: AwsClients,
  settings: ResolvedSettings,
  template: Pick<CloudFormationTemplate, 'Resources'>,
  stack: { name: string; exists: boolean },
): Promise<void> {
  const wanted = templateDomains(template);
  if (wanted.length === 0) return;
  const owned = stack.exists ? await stackDomains(await clients.cloudFormation(), stack.name) : [];
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
        `the stack creates the domain name itself, and CloudFormation would fail ("already exists") and roll back. Nothing was changed.`,
      2,
      `if "tsappa certify" or someone made it by hand, delete it ("${command}") and run "tsappa ${stack.exists ? 'update' : 'deploy'} ${settings.stage}" again; if another stack or tool owns it, choose another "domain"`,
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

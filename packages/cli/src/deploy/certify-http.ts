/**
 * `tsappa certify` for an HTTP API stage (`apiType: "http"`): the regional API Gateway v2 domain
 * name (HTTP APIs have no edge-optimized domains) on the certificate in the stage's region
 * (found or requested with `certificate: "auto"`), TLS 1.2; the API mapping of the API's
 * `$default` stage under `basePath` (certify-http-mapping.ts); and the Route 53 alias record to
 * the domain's regional target. The stack of a stage with `domain` creates the same domain name
 * and mapping (templates' http-api-domain.ts): certify sets up only a domain name the stack holds
 * (one it made outside would make the stack's next update fail), and otherwise says to run
 * `tsappa update` first. Each step finds what is there and updates what differs, so running it
 * again changes nothing.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-custom-domain-names.html
 */
import {
  CreateDomainNameCommand,
  GetDomainNameCommand,
  UpdateDomainNameCommand,
  type DomainNameConfiguration,
  type GetDomainNameCommandOutput,
} from '@aws-sdk/client-apigatewayv2';
import { API_TYPE_OUTPUTS, HTTP_API_STAGE, stackName, type ResolvedSettings } from '@tsappa/templates';
import type { AwsClients } from '../aws/clients.js';
import type { CommandContext } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import { autoCertificate, certificatePlan } from './certify-certificate.js';
import { pointDomainAt } from './certify-dns.js';
import { applyMappingPlan, domainMappings, mappingPlan } from './certify-http-mapping.js';
import type { CertifyResult } from './certify.js';
import { domainNotHeld, ownsDomain, stackDomains } from './domain-preflight.js';
import { errorName, withApiGatewayRetry } from './retry.js';
import { findStack, stackOutputs } from './stack.js';

/** The TLS policy of the domain: clients older than TLS 1.2 are refused. */
export const HTTP_DOMAIN_SECURITY_POLICY = 'TLS_1_2';

/** The one configuration an HTTP API's domain has. */
export function wantedConfiguration(certificateArn: string): DomainNameConfiguration {
  return { CertificateArn: certificateArn, EndpointType: 'REGIONAL', SecurityPolicy: HTTP_DOMAIN_SECURITY_POLICY };
}

/** What differs between a domain's configuration and the wanted one; an EDGE domain cannot serve an HTTP API. */
export function configurationDifferences(domain: string, found: DomainNameConfiguration | undefined, certificateArn: string): string[] {
  if (found?.EndpointType === 'EDGE') {
    throw new CliError(
      `the domain name ${domain} is EDGE-optimized (a REST API's?): an HTTP API maps only to a REGIONAL domain name`,
      2,
      `map the REST API elsewhere and delete the domain name ${domain}, or give this stage another "domain"`,
    );
  }
  const differences: string[] = [];
  if (found?.CertificateArn !== certificateArn) differences.push(`certificate ${found?.CertificateArn ?? '(none)'} instead of ${certificateArn}`);
  if (found?.SecurityPolicy !== HTTP_DOMAIN_SECURITY_POLICY) differences.push(`security policy ${found?.SecurityPolicy ?? '(none)'} instead of ${HTTP_DOMAIN_SECURITY_POLICY}`);
  return differences;
}

/** The HTTP API of a deployed http stage, from its stack's outputs; refused while the stack does not hold the domain name. */
async function deployedHttpApiId(clients: AwsClients, settings: ResolvedSettings): Promise<string> {
  const cfn = await clients.cloudFormation();
  const stack = await findStack(cfn, stackName(settings));
  if (!stack) throw new CliError(`stage "${settings.stage}" is not deployed`, 1, `run "tsappa deploy ${settings.stage}" first`);
  const apiId = stackOutputs(stack)[API_TYPE_OUTPUTS.httpApiId];
  if (!apiId) {
    throw new CliError(
      `the stack of stage "${settings.stage}" has no ${API_TYPE_OUTPUTS.httpApiId} output: it serves no HTTP API to map ${settings.domain} to`,
      2,
      `run "tsappa update ${settings.stage}" to deploy the stage as apiType "http" first`,
    );
  }
  if (!ownsDomain(await stackDomains(cfn, stack.StackName ?? stackName(settings)), 'http', settings.domain!)) throw domainNotHeld(settings, stackName(settings));
  return apiId;
}

export async function certifyHttpStage(ctx: CommandContext, clients: AwsClients, settings: ResolvedSettings): Promise<CertifyResult> {
  const plan = certificatePlan(settings);
  const domain = settings.domain!;
  const apiId = await deployedHttpApiId(clients, settings);
  if (!(await ctx.prompter.confirm(`Create or update the custom domain ${domain} (REGIONAL, HTTP API ${apiId}) for stage ${settings.stage}?`, `certify ${domain}`))) {
    throw new CliError('certify cancelled', 1);
  }
  const certificateArn = plan.arn ?? (await autoCertificate(ctx, clients, settings, plan.region));
  const v2 = await clients.apiGatewayV2();
  const retry = <T>(fn: () => Promise<T>) => withApiGatewayRetry(fn, { onRetry: (_e, _a, ms) => ctx.output.info(`API Gateway is throttling: retrying in ${Math.round(ms / 1000)} s`) });

  let existing: GetDomainNameCommandOutput | null = null;
  try {
    existing = await retry(() => v2.send(new GetDomainNameCommand({ DomainName: domain })));
  } catch (error) {
    if (errorName(error) !== 'NotFoundException') throw error;
  }
  let configuration: DomainNameConfiguration | undefined;
  if (!existing) {
    const created = await retry(() => v2.send(new CreateDomainNameCommand({ DomainName: domain, DomainNameConfigurations: [wantedConfiguration(certificateArn)] })));
    configuration = created.DomainNameConfigurations?.[0];
    ctx.output.info(`Created the domain name ${domain} (REGIONAL)`);
  } else {
    configuration = existing.DomainNameConfigurations?.[0];
    const differences = configurationDifferences(domain, configuration, certificateArn);
    if (differences.length > 0) {
      const updated = await retry(() => v2.send(new UpdateDomainNameCommand({ DomainName: domain, DomainNameConfigurations: [wantedConfiguration(certificateArn)] })));
      configuration = updated.DomainNameConfigurations?.[0];
      ctx.output.info(`Updated the domain name ${domain}: ${differences.join(', ')}`);
    }
  }

  const key = settings.basePath.replace(/^\/+|\/+$/g, '');
  const wanted = { apiId, stage: HTTP_API_STAGE, key };
  // a domain created just now has no mappings yet: no need to ask
  const mappings = existing ? await retry(() => domainMappings(v2, domain)) : [];
  for (const line of await applyMappingPlan(v2, domain, wanted, mappingPlan(mappings, wanted), retry)) ctx.output.info(line);

  const target = { name: configuration?.ApiGatewayDomainName ?? '', zone: configuration?.HostedZoneId ?? null };
  const dnsRecord = await pointDomainAt(ctx, clients, settings, domain, target);
  return {
    stage: settings.stage,
    domain,
    endpoint: 'REGIONAL',
    certificateArn,
    domainCreated: !existing,
    basePath: key || '/',
    targetName: target.name,
    targetHostedZoneId: target.zone,
    dnsRecord,
  };
}

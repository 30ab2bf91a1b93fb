/**
 * `tsappa certify`: the custom domain through the service APIs: the certificate (with
 * `certificate: "auto"`, certify-certificate.ts), the API Gateway domain name, the base path
 * mapping of the stage, and the Route 53 alias record (certify-dns.ts). An HTTP API's regional
 * domain and API mapping are certify-http.ts's. Every step creates what is missing and updates
 * what differs, so running it again is safe. API Gateway's domain calls are throttled hard (1
 * per 30 s): they back off and retry. The stack of a stage with `domain` creates the domain name
 * itself: certify sets up only one the stack holds (domain-preflight.ts), and otherwise says to
 * run `tsappa update` first (with `certificate: "auto"` on an EDGE domain, after requesting the
 * us-east-1 certificate the stack cannot).
 */
import {
  CreateBasePathMappingCommand,
  CreateDomainNameCommand,
  GetBasePathMappingsCommand,
  GetDomainNameCommand,
  UpdateBasePathMappingCommand,
  UpdateDomainNameCommand,
  type DomainName,
} from '@aws-sdk/client-api-gateway';
import { OUTPUTS, stackName, type ResolvedSettings } from '@tsappa/templates';
import type { CommandContext } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import type { AwsClients } from '../aws/clients.js';
import { autoCertificate, certificatePlan, type DomainEndpoint } from './certify-certificate.js';
import { pointDomainAt } from './certify-dns.js';
import { certifyHttpStage } from './certify-http.js';
import { domainNotHeld, ownsDomain, stackDomains } from './domain-preflight.js';
import { errorName, withApiGatewayRetry } from './retry.js';
import { findStack, stackOutputs } from './stack.js';

export { arnRegion, certificatePlan, certificatePollMs, certificateWaitMs, existingCertificate } from './certify-certificate.js';

export interface CertifyResult {
  stage: string;
  domain: string;
  endpoint: DomainEndpoint;
  certificateArn: string;
  domainCreated: boolean;
  basePath: string;
  targetName: string;
  targetHostedZoneId: string | null;
  dnsRecord: { hostedZoneId: string; name: string } | null;
}

function targetOf(domain: DomainName, endpoint: DomainEndpoint) {
  return endpoint === 'EDGE'
    ? { name: domain.distributionDomainName ?? '', zone: domain.distributionHostedZoneId ?? 'Z2FDTNDATAQYW2' }
    : { name: domain.regionalDomainName ?? '', zone: domain.regionalHostedZoneId ?? null };
}

/** `tsappa certify`: an HTTP API's domain (certify-http.ts), or a REST API's; a Function URL has none. */
export async function certifyStage(ctx: CommandContext, clients: AwsClients, settings: ResolvedSettings): Promise<CertifyResult> {
  if ((settings.apiType ?? 'rest') === 'http') return certifyHttpStage(ctx, clients, settings);
  return certifyRestStage(ctx, clients, settings);
}

async function certifyRestStage(ctx: CommandContext, clients: AwsClients, settings: ResolvedSettings): Promise<CertifyResult> {
  const plan = certificatePlan(settings);
  const domain = settings.domain!;
  const stack = await findStack(await clients.cloudFormation(), stackName(settings));
  if (!stack) throw new CliError(`stage "${settings.stage}" is not deployed`, 1, `run "tsappa deploy ${settings.stage}" first`);
  const outputs = stackOutputs(stack);
  const restApiId = outputs[OUTPUTS.restApiId];
  const stageName = outputs[OUTPUTS.stageName] || settings.stage;
  if (!restApiId) throw new CliError(`the stack has no REST API (apiGateway: false?): nothing to map ${domain} to`, 2);
  const held = ownsDomain(await stackDomains(await clients.cloudFormation(), stack.StackName ?? stackName(settings)), 'rest', domain);
  // the stack requests certificates in its own region only: an EDGE domain's (us-east-1) comes from certify
  const certificateFirst = !plan.arn && plan.region !== settings.awsRegion;
  if (!held && !certificateFirst) throw domainNotHeld(settings, stackName(settings));
  const question = held ? `Create or update the custom domain ${domain} (${plan.endpoint}) for stage ${settings.stage}?` : `Request the certificate for ${domain} in ${plan.region}?`;
  if (!(await ctx.prompter.confirm(question, `certify ${domain}`))) {
    throw new CliError('certify cancelled', 1);
  }
  const certificateArn = plan.arn ?? (await autoCertificate(ctx, clients, settings, plan.region));
  if (!held) throw domainNotHeld(settings, stackName(settings), certificateArn);

  const apigw = await clients.apiGateway();
  const retry = <T>(fn: () => Promise<T>) => withApiGatewayRetry(fn, { onRetry: (_e, _a, ms) => ctx.output.info(`API Gateway is throttling: retrying in ${Math.round(ms / 1000)} s`) });
  const certField = plan.endpoint === 'EDGE' ? 'certificateArn' : 'regionalCertificateArn';
  let existing: DomainName | null = null;
  try {
    existing = await retry(() => apigw.send(new GetDomainNameCommand({ domainName: domain })));
  } catch (error) {
    if (errorName(error) !== 'NotFoundException') throw error;
  }
  let domainName: DomainName;
  if (!existing) {
    domainName = await retry(() =>
      apigw.send(new CreateDomainNameCommand({ domainName: domain, [certField]: certificateArn, endpointConfiguration: { types: [plan.endpoint] }, securityPolicy: 'TLS_1_2' })),
    );
    ctx.output.info(`Created the domain name ${domain}`);
  } else if (existing[certField] !== certificateArn) {
    domainName = await retry(() => apigw.send(new UpdateDomainNameCommand({ domainName: domain, patchOperations: [{ op: 'replace', path: `/${certField}`, value: certificateArn }] })));
    ctx.output.info(`Updated the certificate of ${domain}`);
  } else domainName = existing;

  const basePath = settings.basePath.replace(/^\/+|\/+$/g, '');
  const apiBasePath = basePath || '(none)';
  // a domain created just now has no mappings yet: no need to ask
  const mappings = existing ? ((await retry(() => apigw.send(new GetBasePathMappingsCommand({ domainName: domain })))).items ?? []) : [];
  const mapping = mappings.find((m) => (m.basePath ?? '(none)') === apiBasePath);
  if (!mapping) {
    await retry(() => apigw.send(new CreateBasePathMappingCommand({ domainName: domain, restApiId, stage: stageName, ...(basePath ? { basePath } : {}) })));
  } else if (mapping.restApiId !== restApiId || mapping.stage !== stageName) {
    await retry(() =>
      apigw.send(
        new UpdateBasePathMappingCommand({
          domainName: domain,
          basePath: apiBasePath,
          patchOperations: [
            { op: 'replace', path: '/restapiId', value: restApiId },
            { op: 'replace', path: '/stage', value: stageName },
          ],
        }),
      ),
    );
  }

  const target = targetOf(domainName, plan.endpoint);
  const dnsRecord = await pointDomainAt(ctx, clients, settings, domain, target);
  return {
    stage: settings.stage,
    domain,
    endpoint: plan.endpoint,
    certificateArn,
    domainCreated: !existing,
    basePath: basePath || '/',
    targetName: target.name,
    targetHostedZoneId: target.zone,
    dnsRecord,
  };
}

/**
 * `tsappa certify`: the custom domain through the service APIs: the certificate (with
 * `certificate: "auto"`), the API Gateway domain name, the base path mapping of the stage, and
 * the Route 53 alias record. Every step creates what is missing and updates what differs, so
 * running it again is safe. API Gateway's domain calls are throttled hard (1 per 30 s): they
 * back off and retry.
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
import { DescribeCertificateCommand, ListCertificatesCommand, RequestCertificateCommand, type ACMClient, type CertificateSummary } from '@aws-sdk/client-acm';
import { ChangeResourceRecordSetsCommand, ListHostedZonesByNameCommand } from '@aws-sdk/client-route-53';
import { EDGE_CERTIFICATE_REGION, OUTPUTS, stackName, type ResolvedSettings } from '@tsappa/templates';
import type { CommandContext } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import type { AwsClients } from '../aws/clients.js';
import { errorName, sleep, withApiGatewayRetry } from './retry.js';
import { findStack, stackOutputs } from './stack.js';

export interface CertifyResult {
  stage: string;
  domain: string;
  endpoint: 'EDGE' | 'REGIONAL';
  certificateArn: string;
  domainCreated: boolean;
  basePath: string;
  targetName: string;
  targetHostedZoneId: string | null;
  dnsRecord: { hostedZoneId: string; name: string } | null;
}

export function arnRegion(arn: string): string {
  return arn.split(':')[3] ?? '';
}

/** The certificate checks that need no AWS call: which region, and an EDGE certificate outside us-east-1 refused. */
export function certificatePlan(settings: ResolvedSettings): { endpoint: 'EDGE' | 'REGIONAL'; region: string; arn: string | null } {
  if (!settings.domain) throw new CliError(`stage "${settings.stage}" has no "domain" in its settings`, 2, 'set "domain" and "certificateArn" (or "certificate": "auto" with "hostedZoneId")');
  if ((settings.apiType ?? 'rest') !== 'rest') {
    // an HTTP API's regional domain name and API mapping are resources of its stack (http-api-domain.ts)
    throw new CliError(
      `certify maps REST APIs; stage "${settings.stage}" has apiType "${settings.apiType}"`,
      2,
      settings.apiType === 'http'
        ? `its stack creates the domain name ${settings.domain} and the mapping of its $default stage: run "tsappa update ${settings.stage}" (or deploy) with "domain" and "certificateArn" or "certificate": "auto" set`
        : 'a Function URL has no custom domain: put CloudFront in front of it, or use apiType "http"',
    );
  }
  if (settings.endpointConfiguration === 'PRIVATE') throw new CliError('custom domains for PRIVATE APIs are not supported: use EDGE or REGIONAL', 2);
  const endpoint = settings.endpointConfiguration;
  const region = endpoint === 'EDGE' ? EDGE_CERTIFICATE_REGION : settings.awsRegion;
  if (settings.certificateArn) {
    const certRegion = arnRegion(settings.certificateArn);
    if (certRegion !== region) {
      throw new CliError(
        endpoint === 'EDGE'
          ? `an EDGE domain needs its certificate in ${EDGE_CERTIFICATE_REGION}, but certificateArn is in ${certRegion}`
          : `a REGIONAL domain needs its certificate in the stage's region (${region}), but certificateArn is in ${certRegion}`,
        2,
        endpoint === 'EDGE' ? `request or import the certificate in ${EDGE_CERTIFICATE_REGION}, or use "endpointConfiguration": "REGIONAL"` : undefined,
      );
    }
    return { endpoint, region, arn: settings.certificateArn };
  }
  if (settings.certificate === 'auto') {
    if (!settings.hostedZoneId) throw new CliError('certificate: "auto" validates through DNS and needs "hostedZoneId"', 2);
    return { endpoint, region, arn: null };
  }
  throw new CliError('set "certificateArn", or "certificate": "auto" with "hostedZoneId"', 2);
}

async function upsertAlias(clients: AwsClients, zone: string, name: string, target: string, targetZone: string): Promise<void> {
  const route53 = await clients.route53();
  await route53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: zone,
      ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: name, Type: 'A', AliasTarget: { DNSName: target, HostedZoneId: targetZone, EvaluateTargetHealth: false } } }] },
    }),
  );
}

/** The hosted zone for the domain: `hostedZoneId`, else the longest public zone whose name ends the domain. */
async function hostedZoneFor(clients: AwsClients, settings: ResolvedSettings, domain: string): Promise<string | null> {
  if (settings.hostedZoneId) return settings.hostedZoneId;
  const route53 = await clients.route53();
  const zones = (await route53.send(new ListHostedZonesByNameCommand({}))).HostedZones ?? [];
  const fqdn = `${domain.replace(/\.$/, '')}.`;
  const match = zones
    .filter((z) => z.Name && !z.Config?.PrivateZone && (fqdn === z.Name || fqdn.endsWith(`.${z.Name}`)))
    .sort((a, b) => (b.Name?.length ?? 0) - (a.Name?.length ?? 0))[0];
  return match?.Id?.replace('/hostedzone/', '') ?? null;
}

/** How long to wait for ACM to issue the certificate: TSAPPA_CERTIFICATE_WAIT_SECONDS, else 10 minutes. */
export function certificateWaitMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.TSAPPA_CERTIFICATE_WAIT_SECONDS);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 600_000;
}

/** How long to wait between DescribeCertificate polls: TSAPPA_CERTIFICATE_POLL_MS, else 10 s. */
export function certificatePollMs(env: NodeJS.ProcessEnv = process.env): number {
  const ms = Number(env.TSAPPA_CERTIFICATE_POLL_MS);
  return Number.isFinite(ms) && ms > 0 ? ms : 10_000;
}

/** The certificate for `domain` already in ACM (issued first, then one pending validation), every page. */
export async function existingCertificate(acm: ACMClient, domain: string): Promise<string | undefined> {
  const found: CertificateSummary[] = [];
  let token: string | undefined;
  do {
    const page = await acm.send(new ListCertificatesCommand({ CertificateStatuses: ['ISSUED', 'PENDING_VALIDATION'], ...(token ? { NextToken: token } : {}) }));
    found.push(...(page.CertificateSummaryList ?? []).filter((c) => c.DomainName?.toLowerCase() === domain.toLowerCase()));
    token = page.NextToken;
  } while (token);
  return (found.find((c) => c.Status === 'ISSUED') ?? found[0])?.CertificateArn;
}

/**
 * certificate: "auto": find or request the certificate, publish its validation record, wait for
 * it to be issued. The record is published for an issued certificate too: ACM renews it only
 * while the record stays in place.
 */
async function autoCertificate(ctx: CommandContext, clients: AwsClients, settings: ResolvedSettings, region: string): Promise<string> {
  const acm = await clients.acm(region);
  const domain = settings.domain!;
  let arn = await existingCertificate(acm, domain);
  if (!arn) {
    arn = (await acm.send(new RequestCertificateCommand({ DomainName: domain, ValidationMethod: 'DNS' }))).CertificateArn;
    if (!arn) throw new CliError('ACM returned no certificate ARN');
    ctx.output.info(`Requested a certificate for ${domain} in ${region}`);
  }
  const deadline = Date.now() + certificateWaitMs();
  let published = false;
  for (;;) {
    const cert = (await acm.send(new DescribeCertificateCommand({ CertificateArn: arn }))).Certificate;
    const record = cert?.DomainValidationOptions?.find((o) => o.ResourceRecord)?.ResourceRecord;
    if (record && !published) {
      const route53 = await clients.route53();
      await route53.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: settings.hostedZoneId!,
          ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: record.Name, Type: record.Type, TTL: 300, ResourceRecords: [{ Value: record.Value }] } }] },
        }),
      );
      published = true;
      if (cert?.Status !== 'ISSUED') ctx.output.info(`Published the DNS validation record ${record.Name}; waiting for ACM to issue the certificate`);
    }
    if (cert?.Status === 'ISSUED') return arn;
    if (cert?.Status && cert.Status !== 'PENDING_VALIDATION') throw new CliError(`the certificate ${arn} is ${cert.Status}`);
    if (Date.now() > deadline) throw new CliError(`the certificate ${arn} is still pending validation`, 1, 'DNS validation can take a while: run "tsappa certify" again later');
    await sleep(certificatePollMs());
  }
}

function targetOf(domain: DomainName, endpoint: 'EDGE' | 'REGIONAL') {
  return endpoint === 'EDGE'
    ? { name: domain.distributionDomainName ?? '', zone: domain.distributionHostedZoneId ?? 'Z2FDTNDATAQYW2' }
    : { name: domain.regionalDomainName ?? '', zone: domain.regionalHostedZoneId ?? null };
}

export async function certifyStage(ctx: CommandContext, clients: AwsClients, settings: ResolvedSettings): Promise<CertifyResult> {
  const plan = certificatePlan(settings);
  const domain = settings.domain!;
  const stack = await findStack(await clients.cloudFormation(), stackName(settings));
  if (!stack) throw new CliError(`stage "${settings.stage}" is not deployed`, 1, `run "tsappa deploy ${settings.stage}" first`);
  const outputs = stackOutputs(stack);
  const restApiId = outputs[OUTPUTS.restApiId];
  const stageName = outputs[OUTPUTS.stageName] || settings.stage;
  if (!restApiId) throw new CliError(`the stack has no REST API (apiGateway: false?): nothing to map ${domain} to`, 2);
  if (!(await ctx.prompter.confirm(`Create or update the custom domain ${domain} (${plan.endpoint}) for stage ${settings.stage}?`, `certify ${domain}`))) {
    throw new CliError('certify cancelled', 1);
  }
  const certificateArn = plan.arn ?? (await autoCertificate(ctx, clients, settings, plan.region));

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
  const zone = await hostedZoneFor(clients, settings, domain);
  let dnsRecord: CertifyResult['dnsRecord'] = null;
  if (zone && target.name && target.zone) {
    await upsertAlias(clients, zone, domain, target.name, target.zone);
    dnsRecord = { hostedZoneId: zone, name: domain };
  } else {
    ctx.output.warn(`no Route 53 hosted zone found for ${domain}: point a CNAME (or an alias) for ${domain} at ${target.name} yourself`);
  }
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

/**
 * The certificate of a custom domain, for every API type `certify` maps: where it must live
 * (us-east-1 for an EDGE REST domain, the stage's region for a REGIONAL one and for an HTTP
 * API, which is always REGIONAL), and with `certificate: "auto"` the ACM certificate found or
 * requested, its DNS validation record published, and the wait until ACM issues it. A Function
 * URL (`apiType: "url"`) has no custom domain: refused with what to do instead.
 */
import { DescribeCertificateCommand, paginateListCertificates, RequestCertificateCommand, type ACMClient, type CertificateSummary } from '@aws-sdk/client-acm';
import { ChangeResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { EDGE_CERTIFICATE_REGION, type ResolvedSettings } from '@tsappa/templates';
import type { AwsClients } from '../aws/clients.js';
import type { CommandContext } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import { sleep } from './retry.js';

export type DomainEndpoint = 'EDGE' | 'REGIONAL';

export interface CertificatePlan {
  endpoint: DomainEndpoint;
  /** where the certificate must be */
  region: string;
  /** certificateArn, or null with certificate: "auto" */
  arn: string | null;
}

export function arnRegion(arn: string): string {
  return arn.split(':')[3] ?? '';
}

/** The endpoint of the domain: an HTTP API's domain is always REGIONAL; a REST API's follows endpointConfiguration. */
function endpointOf(settings: ResolvedSettings): DomainEndpoint {
  const apiType = settings.apiType ?? 'rest';
  if (apiType === 'url') {
    throw new CliError(`stage "${settings.stage}" has apiType "url": a Function URL has no custom domain`, 2, 'put CloudFront in front of it, or use apiType "http"');
  }
  if (apiType === 'http') return 'REGIONAL';
  if (settings.endpointConfiguration === 'PRIVATE') throw new CliError('custom domains for PRIVATE APIs are not supported: use EDGE or REGIONAL', 2);
  return settings.endpointConfiguration;
}

/** The certificate checks that need no AWS call: which region, and a certificate in the wrong one refused. */
export function certificatePlan(settings: ResolvedSettings): CertificatePlan {
  if (!settings.domain) throw new CliError(`stage "${settings.stage}" has no "domain" in its settings`, 2, 'set "domain" and "certificateArn" (or "certificate": "auto" with "hostedZoneId")');
  const endpoint = endpointOf(settings);
  const region = endpoint === 'EDGE' ? EDGE_CERTIFICATE_REGION : settings.awsRegion;
  if (settings.certificateArn) {
    const certRegion = arnRegion(settings.certificateArn);
    if (certRegion !== region) {
      const regional = (settings.apiType ?? 'rest') === 'http' ? "an HTTP API's domain (always REGIONAL)" : 'a REGIONAL domain';
      throw new CliError(
        endpoint === 'EDGE'
          ? `an EDGE domain needs its certificate in ${EDGE_CERTIFICATE_REGION}, but certificateArn is in ${certRegion}`
          : `${regional} needs its certificate in the stage's region (${region}), but certificateArn is in ${certRegion}`,
        2,
        endpoint === 'EDGE' ? `request or import the certificate in ${EDGE_CERTIFICATE_REGION}, or use "endpointConfiguration": "REGIONAL"` : `request or import the certificate in ${region}`,
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
  for await (const page of paginateListCertificates({ client: acm }, { CertificateStatuses: ['ISSUED', 'PENDING_VALIDATION'] })) {
    found.push(...(page.CertificateSummaryList ?? []).filter((c) => c.DomainName?.toLowerCase() === domain.toLowerCase()));
  }
  return (found.find((c) => c.Status === 'ISSUED') ?? found[0])?.CertificateArn;
}

/**
 * certificate: "auto": find or request the certificate, publish its validation record, wait for
 * it to be issued. The record is published for an issued certificate too: ACM renews it only
 * while the record stays in place.
 */
export async function autoCertificate(ctx: CommandContext, clients: AwsClients, settings: ResolvedSettings, region: string): Promise<string> {
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

/**
 * The Route 53 side of `tsappa certify`, whatever the API type: the hosted zone of the domain
 * (`hostedZoneId`, else the longest public zone whose name ends the domain) and the A alias
 * record pointing the domain at API Gateway's target for it (UPSERT: running again is safe).
 */
import { ChangeResourceRecordSetsCommand, ListHostedZonesByNameCommand } from '@aws-sdk/client-route-53';
import type { ResolvedSettings } from '@tsappa/templates';
import type { AwsClients } from '../aws/clients.js';
import type { CommandContext } from '../cli/context.js';

/** The name and hosted zone API Gateway serves a custom domain at. */
export interface DomainTarget {
  name: string;
  zone: string | null;
}

export async function upsertAlias(clients: AwsClients, zone: string, name: string, target: string, targetZone: string): Promise<void> {
  const route53 = await clients.route53();
  await route53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: zone,
      ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: name, Type: 'A', AliasTarget: { DNSName: target, HostedZoneId: targetZone, EvaluateTargetHealth: false } } }] },
    }),
  );
}

/** The hosted zone for the domain: `hostedZoneId`, else the longest public zone whose name ends the domain. */
export async function hostedZoneFor(clients: AwsClients, settings: ResolvedSettings, domain: string): Promise<string | null> {
  if (settings.hostedZoneId) return settings.hostedZoneId;
  const route53 = await clients.route53();
  const zones = (await route53.send(new ListHostedZonesByNameCommand({}))).HostedZones ?? [];
  const fqdn = `${domain.replace(/\.$/, '')}.`;
  const match = zones
    .filter((z) => z.Name && !z.Config?.PrivateZone && (fqdn === z.Name || fqdn.endsWith(`.${z.Name}`)))
    .sort((a, b) => (b.Name?.length ?? 0) - (a.Name?.length ?? 0))[0];
  return match?.Id?.replace('/hostedzone/', '') ?? null;
}

/** Points the domain at its target with an alias record; without a hosted zone, says what to point where. */
export async function pointDomainAt(
  ctx: CommandContext,
  clients: AwsClients,
  settings: ResolvedSettings,
  domain: string,
  target: DomainTarget,
): Promise<{ hostedZoneId: string; name: string } | null> {
  const zone = await hostedZoneFor(clients, settings, domain);
  if (zone && target.name && target.zone) {
    await upsertAlias(clients, zone, domain, target.name, target.zone);
    return { hostedZoneId: zone, name: domain };
  }
  ctx.output.warn(`no Route 53 hosted zone found for ${domain}: point a CNAME (or an alias) for ${domain} at ${target.name} yourself`);
  return null;
}

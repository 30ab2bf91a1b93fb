/**
 * The custom domain of an HTTP API (`apiType: "http"` with `domain`): a regional API Gateway v2
 * DomainName (HTTP APIs have no edge-optimized domains), the ApiMapping of the `$default` stage
 * (under `basePath` when set), a Route 53 alias record when the hosted zone is known, and an ACM
 * certificate validated through DNS with `certificate: "auto"`.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-custom-domain-names.html
 */
import type { Context } from './context.js';
import { parseArn } from './context.js';
import { HTTP_API_IDS } from './http-api-ids.js';
import { LOGICAL_IDS, OUTPUTS } from './ids.js';
import { getAtt, ref, withTags } from './intrinsics.js';
import { TemplateError, type Fragment } from './model.js';
import type { CloudFormationResource } from './settings.js';

export const HTTP_API_DOMAIN_IDS = {
  domainName: 'HttpApiDomainName',
  apiMapping: 'HttpApiMapping',
} as const;

function certificate(ctx: Context, domain: string, resources: Record<string, CloudFormationResource>): unknown {
  const { settings } = ctx;
  if (settings.certificate === 'auto') {
    if (settings.certificateArn) throw new TemplateError('certificateArn and certificate: "auto" are exclusive');
    if (!settings.hostedZoneId) throw new TemplateError('certificate: "auto" validates through DNS and needs the domain\'s hostedZoneId');
    resources[LOGICAL_IDS.certificate] = {
      Type: 'AWS::CertificateManager::Certificate',
      Properties: withTags({ DomainName: domain, ValidationMethod: 'DNS', DomainValidationOptions: [{ DomainName: domain, HostedZoneId: settings.hostedZoneId }] }, settings.tags),
    };
    return ref(LOGICAL_IDS.certificate);
  }
  if (!settings.certificateArn) throw new TemplateError('domain: set certificateArn, or certificate: "auto" with a hostedZoneId');
  const region = parseArn(settings.certificateArn).region;
  if (region && region !== settings.awsRegion) {
    throw new TemplateError(`certificateArn is in ${region}; an HTTP API's (regional) domain needs a certificate in the stage's region ${settings.awsRegion}`);
  }
  return settings.certificateArn;
}

export function httpApiDomainFragment(ctx: Context): Fragment {
  const { settings } = ctx;
  const domain = settings.domain;
  if (!domain) return {};
  const resources: Record<string, CloudFormationResource> = {};
  const certificateArn = certificate(ctx, domain, resources);
  const tags = settings.tags;
  resources[HTTP_API_DOMAIN_IDS.domainName] = {
    Type: 'AWS::ApiGatewayV2::DomainName',
    Properties: {
      DomainName: domain,
      DomainNameConfigurations: [{ CertificateArn: certificateArn, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }],
      ...(Object.keys(tags).length > 0 ? { Tags: { ...tags } } : {}),
    },
  };
  const basePath = settings.basePath.replace(/^\/+|\/+$/g, '');
  resources[HTTP_API_DOMAIN_IDS.apiMapping] = {
    Type: 'AWS::ApiGatewayV2::ApiMapping',
    Properties: {
      ApiId: ref(HTTP_API_IDS.api),
      DomainName: ref(HTTP_API_DOMAIN_IDS.domainName),
      Stage: ref(HTTP_API_IDS.stage),
      ...(basePath ? { ApiMappingKey: basePath } : {}),
    },
  };
  const targetName = getAtt(HTTP_API_DOMAIN_IDS.domainName, 'RegionalDomainName');
  const targetZone = getAtt(HTTP_API_DOMAIN_IDS.domainName, 'RegionalHostedZoneId');
  if (settings.hostedZoneId) {
    resources[LOGICAL_IDS.dnsRecord] = {
      Type: 'AWS::Route53::RecordSet',
      Properties: { HostedZoneId: settings.hostedZoneId, Name: domain, Type: 'A', AliasTarget: { DNSName: targetName, HostedZoneId: targetZone, EvaluateTargetHealth: false } },
    };
  }
  return {
    resources,
    outputs: {
      [OUTPUTS.domainTargetName]: { Description: `the name ${domain} points at (alias or CNAME)`, Value: targetName },
      [OUTPUTS.domainTargetHostedZoneId]: { Description: 'the hosted zone of that name, for an alias record', Value: targetZone },
    },
  };
}

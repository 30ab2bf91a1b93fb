/**
 * The custom domain: an API Gateway DomainName (edge-optimized with a us-east-1 certificate, or
 * regional), the base path mapping of the stage, a Route 53 alias record when the hosted zone
 * is known, and an ACM certificate validated through DNS with `certificate: "auto"`.
 */
import type { Context } from './context.js';
import { parseArn } from './context.js';
import { LOGICAL_IDS, OUTPUTS } from './ids.js';
import { getAtt, ref, withTags } from './intrinsics.js';
import { TemplateError, type Fragment } from './model.js';
import type { CloudFormationResource } from './settings.js';

/** Edge-optimized domains take certificates from this region only. */
export const EDGE_CERTIFICATE_REGION = 'us-east-1';

export function domainFragment(ctx: Context): Fragment {
  const { settings } = ctx;
  const domain = settings.domain;
  if (!domain) return {};
  if (!settings.apiGateway) throw new TemplateError('domain: a custom domain maps the REST API; it needs apiGateway: true');
  const endpoint = settings.endpointConfiguration;
  if (endpoint === 'PRIVATE') {
    throw new TemplateError('domain: custom domains for PRIVATE APIs are not supported; use EDGE or REGIONAL');
  }
  const edge = endpoint === 'EDGE';
  const certificateRegion = edge ? EDGE_CERTIFICATE_REGION : settings.awsRegion;
  const resources: Record<string, CloudFormationResource> = {};

  let certificateArn: unknown;
  if (settings.certificate === 'auto') {
    if (settings.certificateArn) throw new TemplateError('certificateArn and certificate: "auto" are exclusive');
    if (!settings.hostedZoneId) {
      throw new TemplateError('certificate: "auto" validates through DNS and needs the domain\'s hostedZoneId');
    }
    if (settings.awsRegion !== certificateRegion) {
      throw new TemplateError(
        `certificate: "auto" creates the certificate in the stage's region (${settings.awsRegion}), but an EDGE domain needs it in ${EDGE_CERTIFICATE_REGION}: use endpointConfiguration REGIONAL, or a certificateArn in ${EDGE_CERTIFICATE_REGION} (tsappa certify can create one)`,
      );
    }
    resources[LOGICAL_IDS.certificate] = {
      Type: 'AWS::CertificateManager::Certificate',
      Properties: withTags(
        {
          DomainName: domain,
          ValidationMethod: 'DNS',
          DomainValidationOptions: [{ DomainName: domain, HostedZoneId: settings.hostedZoneId }],
        },
        settings.tags,
      ),
    };
    certificateArn = ref(LOGICAL_IDS.certificate);
  } else if (settings.certificateArn) {
    const region = parseArn(settings.certificateArn).region;
    if (region && region !== certificateRegion) {
      throw new TemplateError(
        `certificateArn is in ${region}; ${edge ? 'an EDGE domain' : 'a REGIONAL domain'} needs a certificate in ${certificateRegion}`,
      );
    }
    certificateArn = settings.certificateArn;
  } else {
    throw new TemplateError('domain: set certificateArn, or certificate: "auto" with a hostedZoneId');
  }

  resources[LOGICAL_IDS.domainName] = {
    Type: 'AWS::ApiGateway::DomainName',
    Properties: withTags(
      {
        DomainName: domain,
        EndpointConfiguration: { Types: [endpoint] },
        SecurityPolicy: 'TLS_1_2',
        ...(edge ? { CertificateArn: certificateArn } : { RegionalCertificateArn: certificateArn }),
      },
      settings.tags,
    ),
  };
  const basePath = settings.basePath.replace(/^\/+|\/+$/g, '');
  resources[LOGICAL_IDS.basePathMapping] = {
    Type: 'AWS::ApiGateway::BasePathMapping',
    Properties: {
      DomainName: ref(LOGICAL_IDS.domainName),
      RestApiId: ref(LOGICAL_IDS.restApi),
      Stage: ref(LOGICAL_IDS.stage),
      ...(basePath ? { BasePath: basePath } : {}),
    },
  };
  const targetName = getAtt(LOGICAL_IDS.domainName, edge ? 'DistributionDomainName' : 'RegionalDomainName');
  const targetZone = getAtt(LOGICAL_IDS.domainName, edge ? 'DistributionHostedZoneId' : 'RegionalHostedZoneId');
  if (settings.hostedZoneId) {
    resources[LOGICAL_IDS.dnsRecord] = {
      Type: 'AWS::Route53::RecordSet',
      Properties: {
        HostedZoneId: settings.hostedZoneId,
        Name: domain,
        Type: 'A',
        AliasTarget: { DNSName: targetName, HostedZoneId: targetZone, EvaluateTargetHealth: false },
      },
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

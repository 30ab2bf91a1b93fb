import { describe, expect, it } from 'vitest';
import { ofType, render, resource } from './__fixtures__/template.js';
import { OUTPUTS } from './ids.js';
import { TemplateError } from './model.js';

const EDGE_CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';
const EU_CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/def';

describe('custom domain', () => {
  it('EDGE: domain name with a us-east-1 certificate, base path mapping, alias record', () => {
    const t = render({ domain: 'api.example.com', certificateArn: EDGE_CERT, hostedZoneId: 'Z123', basePath: '/v1/' });
    expect(resource(t, 'ApiDomainName').Properties).toMatchObject({
      DomainName: 'api.example.com',
      CertificateArn: EDGE_CERT,
      EndpointConfiguration: { Types: ['EDGE'] },
    });
    expect(resource(t, 'ApiBasePathMapping').Properties).toEqual({
      DomainName: { Ref: 'ApiDomainName' },
      RestApiId: { Ref: 'RestApi' },
      Stage: { Ref: 'ApiStage' },
      BasePath: 'v1',
    });
    expect(resource(t, 'ApiDomainRecord').Properties).toEqual({
      HostedZoneId: 'Z123',
      Name: 'api.example.com',
      Type: 'A',
      AliasTarget: {
        DNSName: { 'Fn::GetAtt': ['ApiDomainName', 'DistributionDomainName'] },
        HostedZoneId: { 'Fn::GetAtt': ['ApiDomainName', 'DistributionHostedZoneId'] },
        EvaluateTargetHealth: false,
      },
    });
    expect(t.Outputs[OUTPUTS.domainTargetName]!.Value).toEqual({ 'Fn::GetAtt': ['ApiDomainName', 'DistributionDomainName'] });
  });

  it('REGIONAL: regional certificate and target; no record without a hosted zone; no base path', () => {
    const t = render({ awsRegion: 'eu-west-1', endpointConfiguration: 'REGIONAL', domain: 'api.example.com', certificateArn: EU_CERT });
    expect(resource(t, 'ApiDomainName').Properties).toMatchObject({ RegionalCertificateArn: EU_CERT, EndpointConfiguration: { Types: ['REGIONAL'] } });
    expect(resource(t, 'ApiBasePathMapping').Properties.BasePath).toBeUndefined();
    expect(t.Resources.ApiDomainRecord).toBeUndefined();
    expect(t.Outputs[OUTPUTS.domainTargetName]!.Value).toEqual({ 'Fn::GetAtt': ['ApiDomainName', 'RegionalDomainName'] });
  });

  it('certificate "auto": an ACM certificate validated through DNS', () => {
    const t = render({ awsRegion: 'eu-west-1', endpointConfiguration: 'REGIONAL', domain: 'api.example.com', certificate: 'auto', hostedZoneId: 'Z123' });
    expect(resource(t, 'DomainCertificate').Properties).toEqual({
      DomainName: 'api.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'api.example.com', HostedZoneId: 'Z123' }],
    });
    expect(resource(t, 'ApiDomainName').Properties.RegionalCertificateArn).toEqual({ Ref: 'DomainCertificate' });
    // EDGE in us-east-1 can create its own certificate too
    expect(resource(render({ domain: 'a.example.com', certificate: 'auto', hostedZoneId: 'Z1' }), 'ApiDomainName').Properties.CertificateArn).toEqual({
      Ref: 'DomainCertificate',
    });
  });

  it('refuses what cannot work', () => {
    expect(() => render({ domain: 'a.example.com' })).toThrow(/certificate/);
    expect(() => render({ domain: 'a.example.com', certificateArn: EU_CERT })).toThrow(/us-east-1/);
    expect(() => render({ awsRegion: 'eu-west-1', domain: 'a.example.com', certificate: 'auto', hostedZoneId: 'Z1' })).toThrow(/EDGE/);
    expect(() => render({ domain: 'a.example.com', certificate: 'auto' })).toThrow(/hostedZoneId/);
    expect(() => render({ domain: 'a.example.com', certificateArn: EDGE_CERT, apiGateway: false })).toThrow(TemplateError);
    expect(() => render({ domain: 'a.example.com', certificateArn: EDGE_CERT, endpointConfiguration: 'PRIVATE' })).toThrow(/PRIVATE/);
  });

  it('has none by default', () => {
    expect(ofType(render(), 'AWS::ApiGateway::DomainName')).toEqual([]);
  });
});

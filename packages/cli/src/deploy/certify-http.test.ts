/**
 * certify of an http stage, against a fake API Gateway v2 that keeps its domain names and
 * mappings: what it creates, what it leaves alone, what it refuses (a domain name the stack
 * does not hold yet).
 */
import { PassThrough } from 'node:stream';
import { ACMClient } from '@aws-sdk/client-acm';
import type { ApiMapping, DomainNameConfiguration } from '@aws-sdk/client-apigatewayv2';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import type { ResolvedSettings } from '@tsappa/templates';
import { sdkFake } from '../../test/sdk-fake.js';
import { defaultSettings } from '../../test/settings.js';
import type { AwsClients } from '../aws/clients.js';
import { createContext } from '../cli/context.js';
import { certifyStage } from './certify.js';
import { mappingPlan } from './certify-http-mapping.js';

const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/new';
const OLD_CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/old';
const DOMAIN = 'api.example.com';
const TARGET = { ApiGatewayDomainName: 'd-abc123.execute-api.eu-west-1.amazonaws.com', HostedZoneId: 'ZLY8HYME6SFDD' };

type Input = Record<string, unknown>;

/** API Gateway v2 as far as certify uses it: one domain's configuration and its mappings. */
class FakeV2 {
  calls: string[] = [];
  domain: DomainNameConfiguration | null = null;
  mappings: ApiMapping[] = [];
  private next = 1;

  async send(command: { constructor: { name: string }; input: Input }): Promise<unknown> {
    const name = command.constructor.name.replace(/Command$/, '');
    const input = command.input;
    this.calls.push(name);
    switch (name) {
      case 'GetDomainName':
        if (!this.domain) throw Object.assign(new Error('Not found'), { name: 'NotFoundException' });
        return { DomainName: DOMAIN, DomainNameConfigurations: [this.domain] };
      case 'CreateDomainName':
      case 'UpdateDomainName':
        this.domain = { ...(input.DomainNameConfigurations as DomainNameConfiguration[])[0], ...TARGET };
        return { DomainName: DOMAIN, DomainNameConfigurations: [this.domain] };
      case 'GetApiMappings':
        return { Items: this.mappings.map((m) => ({ ...m })) };
      case 'CreateApiMapping': {
        if (this.mappings.some((m) => (m.ApiMappingKey ?? '') === input.ApiMappingKey)) throw Object.assign(new Error('exists'), { name: 'ConflictException' });
        const mapping = { ApiMappingId: `m${this.next++}`, ApiId: input.ApiId as string, Stage: input.Stage as string, ApiMappingKey: input.ApiMappingKey as string };
        this.mappings.push(mapping);
        return mapping;
      }
      case 'UpdateApiMapping': {
        const mapping = this.mappings.find((m) => m.ApiMappingId === input.ApiMappingId)!;
        Object.assign(mapping, { ApiId: input.ApiId, Stage: input.Stage, ApiMappingKey: input.ApiMappingKey });
        return mapping;
      }
      case 'DeleteApiMapping':
        this.mappings = this.mappings.filter((m) => m.ApiMappingId !== input.ApiMappingId);
        return {};
      default:
        throw new Error(`unexpected ${name}`);
    }
  }
}

/** ACM with no certificate yet: RequestCertificate makes one, issued at once, in the region asked. */
function fakeAcm(requested: { region: string; domain: unknown }[]) {
  return async (region: string) =>
    sdkFake(ACMClient, {
      send: async (command: { constructor: { name: string }; input: Input }) => {
        switch (command.constructor.name) {
          case 'ListCertificatesCommand':
            return { CertificateSummaryList: [] };
          case 'RequestCertificateCommand':
            requested.push({ region, domain: command.input.DomainName });
            return { CertificateArn: `arn:aws:acm:${region}:123456789012:certificate/auto` };
          case 'DescribeCertificateCommand':
            return { Certificate: { Status: 'ISSUED', DomainValidationOptions: [{ ResourceRecord: { Name: `_x.${DOMAIN}.`, Type: 'CNAME', Value: '_y.acm-validations.aws.' } }] } };
          default:
            throw new Error(`unexpected ${command.constructor.name}`);
        }
      },
    });
}

/** The stack's resources: its HTTP API domain name when `held` (what an update with `domain` made). */
function stackResources(held: boolean) {
  return held ? [{ LogicalResourceId: 'HttpApiDomainName', ResourceType: 'AWS::ApiGatewayV2::DomainName', PhysicalResourceId: DOMAIN, ResourceStatus: 'CREATE_COMPLETE' }] : [];
}

function fakeClients(v2: FakeV2, outputs: Record<string, string> = { HttpApiId: 'api1' }, held = true) {
  const aliases: Input[] = [];
  const requested: { region: string; domain: unknown }[] = [];
  const clients = {
    acm: fakeAcm(requested),
    cloudFormation: async () =>
      sdkFake(CloudFormationClient, {
        send: async (command: { constructor: { name: string } }) =>
          command.constructor.name === 'ListStackResourcesCommand'
            ? { StackResourceSummaries: stackResources(held) }
            : { Stacks: [{ StackName: 'app-dev', StackStatus: 'CREATE_COMPLETE', Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })) }] },
      }),
    apiGatewayV2: async () => v2,
    route53: async () => ({
      send: async (command: { input: { ChangeBatch: { Changes: { ResourceRecordSet: Input }[] } } }) => {
        aliases.push(command.input.ChangeBatch.Changes[0]!.ResourceRecordSet);
        return {};
      },
    }),
  } as unknown as AwsClients;
  return { clients, aliases, requested };
}

function context() {
  const stderr = new PassThrough();
  let text = '';
  stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const ctx = createContext({ json: false, yes: true, quiet: false, verbose: false }, { stderr, stdout: new PassThrough(), interactive: false });
  return { ctx, said: () => text };
}

const http = (overrides: Partial<ResolvedSettings> = {}) =>
  defaultSettings('/tmp/app', { projectName: 'app', apiType: 'http', awsRegion: 'eu-west-1', domain: DOMAIN, certificateArn: CERT, hostedZoneId: 'Z0EXAMPLE', ...overrides });

describe('certify an http stage', () => {
  it.each([
    ['a certificateArn', {}],
    ['certificate: "auto"', { certificateArn: null, certificate: 'auto' as const }],
  ])('with %s, refuses a domain the stack does not hold yet: no domain name, mapping, certificate or record; says to run update first', async (_, overrides) => {
    const v2 = new FakeV2();
    const { clients, aliases, requested } = fakeClients(v2, { HttpApiId: 'api1' }, false);
    const run = certifyStage(context().ctx, clients, http(overrides));
    await expect(run).rejects.toThrow(
      `the stack app-dev of stage "dev" does not hold the custom domain name ${DOMAIN} yet: its next update creates the domain name, its mapping and the DNS record. certify creates none of them outside the stack (that update would fail: "already exists")`,
    );
    await expect(run).rejects.toMatchObject({ exitCode: 1, hint: 'run "tsappa update dev" first; then "tsappa certify dev" checks and reconciles them' });
    expect(v2.calls).toEqual([]);
    expect([v2.domain, v2.mappings, aliases, requested]).toEqual([null, [], [], []]);
  });

  it('on the domain the stack holds: maps $default under basePath and points an alias at the regional target', async () => {
    const v2 = new FakeV2();
    v2.domain = { CertificateArn: CERT, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2', ...TARGET };
    const { clients, aliases } = fakeClients(v2);
    const result = await certifyStage(context().ctx, clients, http({ basePath: '/v1/' }));
    expect(v2.calls).toEqual(['GetDomainName', 'GetApiMappings', 'CreateApiMapping']);
    expect(v2.mappings).toEqual([{ ApiMappingId: 'm1', ApiId: 'api1', Stage: '$default', ApiMappingKey: 'v1' }]);
    expect(aliases).toEqual([
      { Name: DOMAIN, Type: 'A', AliasTarget: { DNSName: TARGET.ApiGatewayDomainName, HostedZoneId: TARGET.HostedZoneId, EvaluateTargetHealth: false } },
    ]);
    expect(result).toEqual({
      stage: 'dev',
      domain: DOMAIN,
      endpoint: 'REGIONAL',
      certificateArn: CERT,
      domainCreated: false,
      basePath: 'v1',
      targetName: TARGET.ApiGatewayDomainName,
      targetHostedZoneId: TARGET.HostedZoneId,
      dnsRecord: { hostedZoneId: 'Z0EXAMPLE', name: DOMAIN },
    });
  });

  it('certificate: "auto" on the domain the stack holds: finds or requests the certificate in the stage region (not us-east-1) and puts the domain on it', async () => {
    const v2 = new FakeV2();
    v2.domain = { CertificateArn: OLD_CERT, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2', ...TARGET };
    const { clients, aliases, requested } = fakeClients(v2);
    const result = await certifyStage(context().ctx, clients, http({ certificateArn: null, certificate: 'auto' }));
    expect(requested).toEqual([{ region: 'eu-west-1', domain: DOMAIN }]);
    expect(result.certificateArn).toBe('arn:aws:acm:eu-west-1:123456789012:certificate/auto');
    expect(v2.domain?.CertificateArn).toBe(result.certificateArn);
    expect(aliases.map((r) => [r.Type, r.Name])).toEqual([
      ['CNAME', `_x.${DOMAIN}.`],
      ['A', DOMAIN],
    ]);
  });

  it('run again (or after the stack made them): reads the domain and its mapping and changes nothing in API Gateway', async () => {
    const v2 = new FakeV2();
    v2.domain = { CertificateArn: CERT, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2', ...TARGET };
    v2.mappings = [{ ApiMappingId: 'stack1', ApiId: 'api1', Stage: '$default', ApiMappingKey: '' }];
    const { clients } = fakeClients(v2);
    const result = await certifyStage(context().ctx, clients, http());
    expect(v2.calls).toEqual(['GetDomainName', 'GetApiMappings']);
    expect(result).toMatchObject({ domainCreated: false, basePath: '/', targetName: TARGET.ApiGatewayDomainName });
    expect(v2.mappings).toEqual([{ ApiMappingId: 'stack1', ApiId: 'api1', Stage: '$default', ApiMappingKey: '' }]);
  });

  it('updates a domain on another certificate or an older TLS policy, saying what differed', async () => {
    const v2 = new FakeV2();
    v2.domain = { CertificateArn: OLD_CERT, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_0', ...TARGET };
    const { clients } = fakeClients(v2);
    const { ctx, said } = context();
    await certifyStage(ctx, clients, http());
    expect(v2.domain).toMatchObject({ CertificateArn: CERT, SecurityPolicy: 'TLS_1_2', EndpointType: 'REGIONAL' });
    expect(said()).toContain(`Updated the domain name ${DOMAIN}: certificate ${OLD_CERT} instead of ${CERT}, security policy TLS_1_0 instead of TLS_1_2`);
  });

  it('moves the mapping when basePath changes, and leaves other APIs mapped under other keys alone', async () => {
    const v2 = new FakeV2();
    v2.domain = { CertificateArn: CERT, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2', ...TARGET };
    v2.mappings = [
      { ApiMappingId: 'ours', ApiId: 'api1', Stage: '$default', ApiMappingKey: 'v1' },
      { ApiMappingId: 'theirs', ApiId: 'other', Stage: 'prod', ApiMappingKey: 'admin' },
    ];
    const { clients } = fakeClients(v2);
    const { ctx, said } = context();
    await certifyStage(ctx, clients, http({ basePath: 'v2' }));
    expect(v2.mappings).toEqual([
      { ApiMappingId: 'ours', ApiId: 'api1', Stage: '$default', ApiMappingKey: 'v2' },
      { ApiMappingId: 'theirs', ApiId: 'other', Stage: 'prod', ApiMappingKey: 'admin' },
    ]);
    expect(said()).toContain(`Moved the mapping of ${DOMAIN} from /v1 to /v2`);
  });

  it('refuses an EDGE domain name, which cannot serve an HTTP API, before changing anything', async () => {
    const v2 = new FakeV2();
    v2.domain = { CertificateArn: 'arn:aws:acm:us-east-1:1:certificate/x', EndpointType: 'EDGE' };
    const { clients, aliases } = fakeClients(v2);
    await expect(certifyStage(context().ctx, clients, http())).rejects.toThrow(`the domain name ${DOMAIN} is EDGE-optimized (a REST API's?): an HTTP API maps only to a REGIONAL domain name`);
    expect(v2.calls).toEqual(['GetDomainName']);
    expect(aliases).toEqual([]);
  });

  it('refuses a stack without an HTTP API (deployed as rest), naming the output and what to run', async () => {
    const v2 = new FakeV2();
    const { clients } = fakeClients(v2, { RestApiId: 'rest1' });
    await expect(certifyStage(context().ctx, clients, http())).rejects.toThrow('the stack of stage "dev" has no HttpApiId output: it serves no HTTP API to map api.example.com to');
    expect(v2.calls).toEqual([]);
  });
});

describe('the mapping plan', () => {
  const wanted = { apiId: 'api1', stage: '$default', key: 'v1' };
  const m = (id: string, ApiId: string, ApiMappingKey: string, Stage = '$default'): ApiMapping => ({ ApiMappingId: id, ApiId, ApiMappingKey, Stage });

  it('creates the mapping on a domain without one', () => {
    expect(mappingPlan([], wanted)).toEqual({ keep: null, create: true, update: null, remove: [] });
  });

  it('keeps the mapping already there: never a second one', () => {
    expect(mappingPlan([m('a', 'api1', 'v1')], wanted)).toEqual({ keep: 'a', create: false, update: null, remove: [] });
  });

  it("takes over the base path from another API (as REST certify does), and removes this API's other mappings", () => {
    expect(mappingPlan([m('a', 'other', 'v1', 'prod'), m('b', 'api1', 'old'), m('c', 'other', 'admin')], wanted)).toEqual({
      keep: null,
      create: false,
      update: { id: 'a', from: { apiId: 'other', stage: 'prod', key: 'v1' } },
      remove: [{ id: 'b', key: 'old' }],
    });
  });

  it("moves this API's mapping to the new key and removes its duplicates; another API's mapping stays", () => {
    expect(mappingPlan([m('a', 'api1', ''), m('b', 'api1', 'v0'), m('c', 'other', 'admin')], wanted)).toEqual({
      keep: null,
      create: false,
      update: { id: 'a', from: { apiId: 'api1', stage: '$default', key: '' } },
      remove: [{ id: 'b', key: 'v0' }],
    });
  });

  it('points a mapping of this API at the $default stage when it maps another stage', () => {
    expect(mappingPlan([m('a', 'api1', 'v1', 'old-stage')], wanted).update).toEqual({ id: 'a', from: { apiId: 'api1', stage: 'old-stage', key: 'v1' } });
  });
});

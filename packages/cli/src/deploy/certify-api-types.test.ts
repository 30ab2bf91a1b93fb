import { PassThrough } from 'node:stream';
import { ACMClient } from '@aws-sdk/client-acm';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { ResolvedSettings } from '@tsappa/templates';
import { describe, expect, it } from 'vitest';
import { sdkFake } from '../../test/sdk-fake.js';
import { defaultSettings } from '../../test/settings.js';
import type { AwsClients } from '../aws/clients.js';
import { createContext } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import { certificatePlan, certifyStage } from './certify.js';

const EAST = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';
const WEST = 'arn:aws:acm:eu-west-1:123456789012:certificate/abc';

const thrown = (run: () => unknown): CliError => {
  try {
    run();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected a CliError');
};

describe('certify and apiType', () => {
  it('plans an http stage as a REGIONAL domain with its certificate in the stage region', () => {
    expect(certificatePlan(defaultSettings('/p', { apiType: 'http', awsRegion: 'eu-west-1', domain: 'api.example.com', certificateArn: WEST }))).toEqual({
      endpoint: 'REGIONAL',
      region: 'eu-west-1',
      arn: WEST,
    });
    // certificate: "auto" is requested in the stage's region, not us-east-1 as for EDGE
    expect(certificatePlan(defaultSettings('/p', { apiType: 'http', awsRegion: 'eu-west-1', domain: 'api.example.com', certificate: 'auto', hostedZoneId: 'Z1' }))).toEqual({
      endpoint: 'REGIONAL',
      region: 'eu-west-1',
      arn: null,
    });
  });

  it('refuses an http stage whose certificate is in us-east-1 while the stage is elsewhere, whatever endpointConfiguration says', () => {
    const error = thrown(() =>
      certificatePlan(defaultSettings('/p', { apiType: 'http', awsRegion: 'eu-west-1', endpointConfiguration: 'EDGE', domain: 'api.example.com', certificateArn: EAST })),
    );
    expect(error.message).toBe("an HTTP API's domain (always REGIONAL) needs its certificate in the stage's region (eu-west-1), but certificateArn is in us-east-1");
    expect(error.exitCode).toBe(2);
  });

  it('refuses an http stage without a certificate or without a domain, naming the settings', () => {
    expect(() => certificatePlan(defaultSettings('/p', { apiType: 'http', domain: 'api.example.com' }))).toThrow('set "certificateArn", or "certificate": "auto" with "hostedZoneId"');
    expect(() => certificatePlan(defaultSettings('/p', { apiType: 'http', domain: 'api.example.com', certificate: 'auto' }))).toThrow(/needs "hostedZoneId"/);
    expect(() => certificatePlan(defaultSettings('/p', { apiType: 'http', certificateArn: EAST }))).toThrow('stage "dev" has no "domain" in its settings');
  });

  it('refuses a url stage, which has no custom domain, pointing at CloudFront or apiType http', () => {
    const error = thrown(() => certificatePlan(defaultSettings('/p', { apiType: 'url', domain: 'api.example.com', certificateArn: EAST })));
    expect(error.message).toBe('stage "dev" has apiType "url": a Function URL has no custom domain');
    expect(error.hint).toBe('put CloudFront in front of it, or use apiType "http"');
  });

  it('still plans a REST stage', () => {
    expect(certificatePlan(defaultSettings('/p', { domain: 'api.example.com', certificateArn: EAST }))).toMatchObject({ endpoint: 'EDGE', arn: EAST });
  });
});

type Command = { constructor: { name: string }; input: Record<string, unknown> };

/** A REST stage's account: its stack (holding the domain name or not), API Gateway, ACM (a certificate issued at once), Route 53. */
function restAccount(held: boolean) {
  const calls: string[] = [];
  const record = (service: string) => (command: Command) => calls.push(`${service}.${command.constructor.name.replace(/Command$/, '')}`);
  const domains = new Map<string, Record<string, unknown>>(held ? [['api.example.com', { domainName: 'api.example.com', certificateArn: EAST, distributionDomainName: 'd1.cloudfront.net' }]] : []);
  const clients = {
    cloudFormation: async () =>
      sdkFake(CloudFormationClient, {
        send: async (command: Command) => {
          record('CloudFormation')(command);
          if (command.constructor.name === 'ListStackResourcesCommand') {
            return { StackResourceSummaries: held ? [{ LogicalResourceId: 'DomainName', ResourceType: 'AWS::ApiGateway::DomainName', PhysicalResourceId: 'api.example.com', ResourceStatus: 'CREATE_COMPLETE' }] : [] };
          }
          return { Stacks: [{ StackName: 'app-dev', StackStatus: 'UPDATE_COMPLETE', Outputs: [{ OutputKey: 'RestApiId', OutputValue: 'rest1' }, { OutputKey: 'ApiStageName', OutputValue: 'dev' }] }] };
        },
      }),
    apiGateway: async () => ({
      send: async (command: Command) => {
        record('APIGateway')(command);
        const name = command.constructor.name;
        if (name === 'GetDomainNameCommand') {
          const found = domains.get(String(command.input.domainName));
          if (!found) throw Object.assign(new Error('Invalid domain name identifier specified'), { name: 'NotFoundException' });
          return found;
        }
        if (name === 'GetBasePathMappingsCommand') return { items: [{ basePath: '(none)', restApiId: 'rest1', stage: 'dev' }] };
        throw new Error(`unexpected ${name}`);
      },
    }),
    acm: async () =>
      sdkFake(ACMClient, {
        send: async (command: Command) => {
          record('ACM')(command);
          if (command.constructor.name === 'ListCertificatesCommand') return { CertificateSummaryList: [] };
          if (command.constructor.name === 'RequestCertificateCommand') return { CertificateArn: EAST };
          return { Certificate: { Status: 'ISSUED', DomainValidationOptions: [{ ResourceRecord: { Name: '_x.api.example.com.', Type: 'CNAME', Value: '_y.acm-validations.aws.' } }] } };
        },
      }),
    route53: async () => ({ send: async (command: Command) => (record('Route53')(command), {}) }),
  } as unknown as AwsClients;
  return { clients, calls };
}

const context = () => createContext({ json: false, yes: true, quiet: false, verbose: false }, { stderr: new PassThrough(), stdout: new PassThrough(), interactive: false });
const rest = (overrides: Partial<ResolvedSettings> = {}) => defaultSettings('/p', { projectName: 'app', domain: 'api.example.com', certificateArn: EAST, hostedZoneId: 'Z1', ...overrides });

describe('certify of a REST stage and the domain name its stack holds', () => {
  it('refuses a domain the stack does not hold yet, before asking API Gateway, ACM or Route 53 anything', async () => {
    const { clients, calls } = restAccount(false);
    const run = certifyStage(context(), clients, rest());
    await expect(run).rejects.toThrow('the stack app-dev of stage "dev" does not hold the custom domain name api.example.com yet');
    await expect(run).rejects.toMatchObject({ exitCode: 1, hint: 'run "tsappa update dev" first; then "tsappa certify dev" checks and reconciles them' });
    expect(calls.filter((c) => !c.startsWith('CloudFormation.'))).toEqual([]);
  });

  it('with certificate: "auto" on an EDGE domain of a stage outside us-east-1: requests the certificate the stack cannot, then refuses the domain, naming the certificateArn to set', async () => {
    const { clients, calls } = restAccount(false);
    const run = certifyStage(context(), clients, rest({ awsRegion: 'eu-west-1', certificateArn: null, certificate: 'auto' }));
    await expect(run).rejects.toThrow(`. The certificate for api.example.com is ${EAST}`);
    await expect(run).rejects.toMatchObject({ hint: expect.stringContaining(`set "certificateArn": "${EAST}" in place of "certificate": "auto" in /p/tsappa.json`) });
    expect(calls.filter((c) => c.startsWith('APIGateway.'))).toEqual([]);
    expect(calls).toContain('ACM.RequestCertificate');
  });

  it('sets up the domain the stack holds: finds it and its mapping, creates nothing in API Gateway, points the alias', async () => {
    const { clients, calls } = restAccount(true);
    const result = await certifyStage(context(), clients, rest());
    expect(result).toMatchObject({ domainCreated: false, endpoint: 'EDGE', targetName: 'd1.cloudfront.net', dnsRecord: { hostedZoneId: 'Z1', name: 'api.example.com' } });
    expect(calls.filter((c) => c.startsWith('APIGateway.'))).toEqual(['APIGateway.GetDomainName', 'APIGateway.GetBasePathMappings']);
  });
});

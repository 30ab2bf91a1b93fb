/**
 * The domain preflight against fake CloudFormation and API Gateway clients, on the templates the
 * real renderer makes: a domain name that exists outside the stack is refused before anything
 * is changed; one the stack holds, or one that does not exist, passes.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { ResolvedSettings } from '@tsappa/templates';
import { describe, expect, it } from 'vitest';
import { sdkFake } from '../../test/sdk-fake.js';
import { defaultSettings } from '../../test/settings.js';
import type { AwsClients } from '../aws/clients.js';
import { CliError } from '../cli/errors.js';
import { renderRelease } from './release.js';
import { checkDomainsFree, deleteDomainCommand, stackDomains, templateDomains, type DomainApi } from './domain-preflight.js';

const DOMAIN = 'api.example.com';
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';

type Command = { constructor: { name: string }; input: Record<string, unknown> };
interface StackResource {
  LogicalResourceId: string;
  ResourceType: string;
  PhysicalResourceId: string;
  ResourceStatus?: string;
}

/** The account: the domain names API Gateway holds (REST and v2 apart, as the two APIs are asked apart) and the stack's resources, a page each. */
function fakeAccount(state: { rest?: string[]; http?: string[]; stackPages?: StackResource[][] | 'no stack'; records?: { Name: string; Type: string; AliasTarget?: Record<string, unknown> }[] }) {
  const calls: string[] = [];
  const getDomain = (names: string[], key: 'domainName' | 'DomainName') => async (command: Command) => {
    calls.push(`${key === 'domainName' ? 'APIGateway' : 'ApiGatewayV2'}.${command.constructor.name.replace(/Command$/, '')}`);
    const name = String(command.input[key]);
    if (!names.includes(name)) throw Object.assign(new Error(`Invalid domain name identifier specified`), { name: 'NotFoundException' });
    return { [key]: name };
  };
  const clients = {
    cloudFormation: async () =>
      sdkFake(CloudFormationClient, {
        send: async (command: Command) => {
          calls.push(`CloudFormation.${command.constructor.name.replace(/Command$/, '')}`);
          const pages = state.stackPages ?? [[]];
          if (pages === 'no stack') throw Object.assign(new Error(`Stack with id ${String(command.input.StackName)} does not exist`), { name: 'ValidationError' });
          const index = command.input.NextToken ? Number(command.input.NextToken) : 0;
          return { StackResourceSummaries: pages[index], ...(index + 1 < pages.length ? { NextToken: String(index + 1) } : {}) };
        },
      }),
    apiGateway: async () => ({ send: getDomain(state.rest ?? [], 'domainName') }),
    apiGatewayV2: async () => ({ send: getDomain(state.http ?? [], 'DomainName') }),
    // ListResourceRecordSets: the records from the start name and type on, in Route 53's order
    route53: async () => ({
      send: async (command: Command) => {
        calls.push(`Route53.${command.constructor.name.replace(/Command$/, '')}`);
        const key = (r: { Name: string; Type: string }) => `${r.Name.replace(/\.$/, '')} ${r.Type}`;
        const sorted = [...(state.records ?? [])].sort((a, b) => key(a).localeCompare(key(b)));
        const start = `${String(command.input.StartRecordName)} ${String(command.input.StartRecordType)}`;
        return { ResourceRecordSets: sorted.filter((r) => key(r) >= start).slice(0, Number(command.input.MaxItems)) };
      },
    }),
  } as unknown as AwsClients;
  return { clients, calls };
}

const restStage = (overrides: Partial<ResolvedSettings> = {}) => defaultSettings('/project', { projectName: 'app', domain: DOMAIN, certificateArn: CERT, ...overrides });
const httpStage = (overrides: Partial<ResolvedSettings> = {}) => restStage({ apiType: 'http', ...overrides });
const templateOf = (settings: ResolvedSettings) => renderRelease(settings, 'bucket', { artifactKey: 'k.zip', handler: 'tsappa-entry.handler', sha256: 'ab', slimArchive: null }).template;

const held = (api: DomainApi, domain = DOMAIN, logicalId = api === 'rest' ? 'DomainName' : 'HttpApiDomainName', ResourceStatus = 'CREATE_COMPLETE'): StackResource => ({
  LogicalResourceId: logicalId,
  ResourceType: api === 'rest' ? 'AWS::ApiGateway::DomainName' : 'AWS::ApiGatewayV2::DomainName',
  PhysicalResourceId: domain,
  ResourceStatus,
});
const fn: StackResource = { LogicalResourceId: 'Function', ResourceType: 'AWS::Lambda::Function', PhysicalResourceId: 'app-dev' };

const refusal = async (run: Promise<unknown>): Promise<CliError> => {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof CliError)) throw new Error(`expected a CliError, got ${String(error)}`);
  return error;
};

describe('the domain names a template creates', () => {
  it('finds the REST API domain name and the HTTP API one in the rendered templates, and none without domain', () => {
    expect(templateDomains(templateOf(restStage()))).toEqual([{ logicalId: expect.any(String), api: 'rest', domain: DOMAIN }]);
    expect(templateDomains(templateOf(httpStage()))).toEqual([{ logicalId: 'HttpApiDomainName', api: 'http', domain: DOMAIN }]);
    expect(templateDomains(templateOf(restStage({ domain: null, certificateArn: null })))).toEqual([]);
  });

  it('names the delete command of each API', () => {
    expect(deleteDomainCommand('rest', DOMAIN, 'eu-west-1')).toBe('aws apigateway delete-domain-name --domain-name api.example.com --region eu-west-1');
    expect(deleteDomainCommand('http', DOMAIN, 'eu-west-1')).toBe('aws apigatewayv2 delete-domain-name --domain-name api.example.com --region eu-west-1');
  });
});

describe('the domain names a stack holds', () => {
  it('reads every page and keeps only domain names the stack holds', async () => {
    const { clients, calls } = fakeAccount({ stackPages: [[fn, held('rest', 'a.example.com')], [held('http', 'b.example.com', 'Failed', 'CREATE_FAILED'), held('http', 'c.example.com')]] });
    expect(await stackDomains(await clients.cloudFormation(), 'app-dev')).toEqual([
      { logicalId: 'DomainName', api: 'rest', domain: 'a.example.com' },
      { logicalId: 'HttpApiDomainName', api: 'http', domain: 'c.example.com' },
    ]);
    expect(calls).toEqual(['CloudFormation.ListStackResources', 'CloudFormation.ListStackResources']);
  });

  it('holds none when the stack does not exist', async () => {
    const { clients } = fakeAccount({ stackPages: 'no stack' });
    expect(await stackDomains(await clients.cloudFormation(), 'app-dev')).toEqual([]);
  });
});

describe('the preflight of deploy and update', () => {
  it.each([
    ['rest', restStage(), 'aws apigateway delete-domain-name --domain-name api.example.com --region us-east-1'],
    ['http', httpStage(), 'aws apigatewayv2 delete-domain-name --domain-name api.example.com --region us-east-1'],
  ] as const)('refuses a new %s stack whose domain name exists already, naming the setting, the file, the stage and the delete command', async (api, settings, command) => {
    const { clients, calls } = fakeAccount({ [api]: [DOMAIN] });
    const error = await refusal(checkDomainsFree(clients, settings, templateOf(settings), { name: 'app-dev', exists: false }));
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/^domain in \/project\/tsappa\.json \(stage "dev"\): the custom domain name api\.example\.com \((REST|HTTP) API\) already exists outside the stack app-dev/);
    expect(error.message).toContain('stopped before CloudFormation');
    expect(error.hint).toBe(`if "tsappa certify" or someone made it by hand, delete it ("${command}") and run "tsappa deploy dev" again; if another stack or tool owns it, choose another "domain"`);
    // a new stack holds nothing: only the domain was looked up, nothing written
    expect(calls).toEqual([api === 'rest' ? 'APIGateway.GetDomainName' : 'ApiGatewayV2.GetDomainName']);
  });

  it('refuses an update that adds a domain made out of band, telling to run update again after the delete', async () => {
    const { clients } = fakeAccount({ http: [DOMAIN], stackPages: [[fn]] });
    const error = await refusal(checkDomainsFree(clients, httpStage(), templateOf(httpStage()), { name: 'app-dev', exists: true }));
    expect(error.hint).toContain('and run "tsappa update dev" again');
  });

  it('refuses a changed domain whose new name exists, though the stack holds the old one under the same logical id', async () => {
    const { clients } = fakeAccount({ rest: ['old.example.com', DOMAIN], stackPages: [[fn, held('rest', 'old.example.com')]] });
    await expect(checkDomainsFree(clients, restStage(), templateOf(restStage()), { name: 'app-dev', exists: true })).rejects.toThrow(/api\.example\.com \(REST API\) already exists/);
  });

  it('passes an update of a stack that holds its domain name, without looking the domain up (whatever its case)', async () => {
    for (const [api, settings] of [['rest', restStage()], ['http', httpStage()]] as const) {
      const { clients, calls } = fakeAccount({ [api]: [DOMAIN], stackPages: [[fn], [held(api, 'API.example.com')]] });
      await expect(checkDomainsFree(clients, settings, templateOf(settings), { name: 'app-dev', exists: true })).resolves.toBeUndefined();
      expect(calls).toEqual(['CloudFormation.ListStackResources', 'CloudFormation.ListStackResources']);
    }
  });

  it('passes a domain that does not exist yet, and asks nothing for a template without domain', async () => {
    const free = fakeAccount({ rest: ['other.example.com'], stackPages: [[fn]] });
    await expect(checkDomainsFree(free.clients, restStage(), templateOf(restStage()), { name: 'app-dev', exists: true })).resolves.toBeUndefined();
    const none = fakeAccount({ rest: [DOMAIN] });
    const plain = restStage({ domain: null, certificateArn: null });
    await expect(checkDomainsFree(none.clients, plain, templateOf(plain), { name: 'app-dev', exists: true })).resolves.toBeUndefined();
    expect(none.calls).toEqual([]);
  });

  it('a stack holding the domain as a REST domain name does not let an http update take it: CloudFormation would create the new one first', async () => {
    const { clients, calls } = fakeAccount({ rest: [DOMAIN], stackPages: [[fn, held('rest')]] });
    const error = await refusal(checkDomainsFree(clients, httpStage(), templateOf(httpStage()), { name: 'app-dev', exists: true }));
    expect(error.message).toContain('the stack app-dev holds api.example.com as the domain name of a REST API; the template makes it the domain name of an HTTP API');
    expect(error.hint).toBe('run "tsappa update dev" once without "domain" (the stack deletes its domain name), then add "domain" back and run it again');
    expect(calls).toEqual(['CloudFormation.ListStackResources']);
  });

  it('does not take another error of API Gateway for a free domain', async () => {
    const { clients } = fakeAccount({ stackPages: [[fn]] });
    const denied = { ...clients, apiGatewayV2: async () => ({ send: async () => Promise.reject(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' })) }) } as unknown as AwsClients;
    await expect(checkDomainsFree(denied, httpStage(), templateOf(httpStage()), { name: 'app-dev', exists: true })).rejects.toThrow('not authorized');
  });

  describe('the alias record (with hostedZoneId)', () => {
    const zoned = httpStage({ hostedZoneId: 'Z0EXAMPLE' });
    const alias = { Name: `${DOMAIN}.`, Type: 'A', AliasTarget: { DNSName: 'd-abc.execute-api.us-east-1.amazonaws.com', HostedZoneId: 'Z1UJRXOUMOOFQ8', EvaluateTargetHealth: false } };

    it('refuses a record certify made with the domain, once the domain name is gone, giving the exact delete', async () => {
      const { clients } = fakeAccount({ stackPages: [[fn]], records: [alias, { Name: `www.${DOMAIN}.`, Type: 'A' }] });
      const error = await refusal(checkDomainsFree(clients, zoned, templateOf(zoned), { name: 'app-dev', exists: true }));
      expect(error.message).toMatch(/^domain in \/project\/tsappa\.json \(stage "dev"\): the A record api\.example\.com already exists in the hosted zone Z0EXAMPLE outside the stack app-dev/);
      const batch = JSON.stringify({ Changes: [{ Action: 'DELETE', ResourceRecordSet: alias }] });
      expect(error.hint).toContain(`aws route53 change-resource-record-sets --hosted-zone-id Z0EXAMPLE --change-batch '${batch}'`);
    });

    it('passes a record the stack holds, and another name or type in the zone', async () => {
      const owner = fakeAccount({ stackPages: [[fn, held('http'), { LogicalResourceId: 'DnsRecord', ResourceType: 'AWS::Route53::RecordSet', PhysicalResourceId: DOMAIN }]], records: [alias] });
      await expect(checkDomainsFree(owner.clients, zoned, templateOf(zoned), { name: 'app-dev', exists: true })).resolves.toBeUndefined();
      expect(owner.calls).not.toContain('Route53.ListResourceRecordSets');
      const others = fakeAccount({ stackPages: [[fn]], records: [{ Name: `${DOMAIN}.`, Type: 'TXT' }, { Name: `zzz.${DOMAIN}.`, Type: 'A' }] });
      await expect(checkDomainsFree(others.clients, zoned, templateOf(zoned), { name: 'app-dev', exists: true })).resolves.toBeUndefined();
      expect(others.calls).toContain('Route53.ListResourceRecordSets');
    });
  });
});

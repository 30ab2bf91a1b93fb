/**
 * apiType "http" against moto (moto_patches.py sections 70 and 71): `tsappa certify` refuses a
 * domain the stack does not hold yet and creates nothing (the next update creates it:
 * domain-preflight.ts); on the domain the stack holds it finds the regional v2 domain name and
 * the API mapping of the $default stage under basePath and aliases the regional target, changes
 * nothing when run again, and moves the mapping when basePath changes, leaving another API's
 * mapping alone. The read-back after deploy and in `status --verify` checks the routes'
 * authorization and the Function URL's AuthType: each opened out of band is reported.
 */
import { CreateApiCommand, CreateApiMappingCommand, ApiGatewayV2Client, GetApiMappingsCommand, GetApisCommand, GetDomainNameCommand, GetRoutesCommand, UpdateRouteCommand, type ApiMapping } from '@aws-sdk/client-apigatewayv2';
import { GetFunctionUrlConfigCommand, LambdaClient, UpdateFunctionUrlConfigCommand } from '@aws-sdk/client-lambda';
import { CreateHostedZoneCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithMoto, MOTO_REGION } from '../../../test/support/moto.js';
import { fastStackPolling, scratchProject, STACK, type ScratchProject } from './support/quote-api-scratch.js';

const CERTIFICATE = `arn:aws:acm:${MOTO_REGION}:123456789012:certificate/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f`;
/** the domain the stack makes (its settings have `domain` at deploy) */
const STACK_DOMAIN = 'www.example.com';
/** the domain the stack moves to, by an update after certify refused it */
const DOMAIN = 'api.example.com';
const CORS = { allowOrigins: ['https://app.example.com'] };
const HTTP = { apiType: 'http', iamAuthorization: true, cors: CORS, throttle: false, apiKeyRequired: false, usagePlan: null, certificateArn: CERTIFICATE };
/** what certify prints when it changes something in API Gateway */
const CHANGES = /Created the domain name|Updated the domain name|Mapped |Moved the mapping|Removed the mapping/;

interface CertifyJson {
  endpoint: string;
  domainCreated: boolean;
  basePath: string;
  targetName: string;
  targetHostedZoneId: string | null;
  dnsRecord: { hostedZoneId: string; name: string } | null;
}

describeWithMoto('certify and the read-back of an http stage, the read-back of a url stage (moto)', () => {
  let project: ScratchProject;
  let restorePolling = () => {};
  let zone = '';
  let apiId = '';
  const v2 = new ApiGatewayV2Client({ region: MOTO_REGION });
  const lambda = new LambdaClient({ region: MOTO_REGION });
  const route53 = new Route53Client({ region: MOTO_REGION });
  const mappings = async (domain: string) =>
    ((await v2.send(new GetApiMappingsCommand({ DomainName: domain }))).Items ?? []).map((m: ApiMapping) => ({ id: m.ApiMappingId, api: m.ApiId, stage: m.Stage, key: m.ApiMappingKey ?? '' }));
  const certify = async (settings: Record<string, unknown>) => {
    project.writeSettings({ ...HTTP, ...settings });
    const run = await project.cli('certify', 'dev', '--yes', '--json');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    return { run, result: JSON.parse(run.stdout) as CertifyJson };
  };
  /** The domain's configuration and the alias record Route 53 holds for it. */
  const served = async (domain: string) => {
    const [configuration] = (await v2.send(new GetDomainNameCommand({ DomainName: domain }))).DomainNameConfigurations ?? [];
    const records = (await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone }))).ResourceRecordSets ?? [];
    const alias = records.find((r) => r.Type === 'A' && r.Name === `${domain}.`)?.AliasTarget;
    // Route 53 may answer the alias's name with or without its final dot
    return { configuration, alias: alias && { ...alias, DNSName: alias.DNSName?.replace(/\.$/, '') } };
  };

  beforeAll(async () => {
    restorePolling = fastStackPolling();
    project = scratchProject('certify-http');
    zone = (await route53.send(new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: `tsappa-${Date.now()}` }))).HostedZone!.Id!.replace('/hostedzone/', '');
    project.writeSettings({ ...HTTP, domain: STACK_DOMAIN });
  }, 30_000);

  afterAll(() => {
    restorePolling();
    project?.remove();
  });

  it('deploy reads the HTTP API back: its $default route under AWS_IAM, the open preflight routes, the auto-deployed $default stage', async () => {
    const run = await project.cli('deploy', 'dev', '--json');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    apiId = ((await v2.send(new GetApisCommand({}))).Items ?? []).find((a) => a.Name === STACK)!.ApiId!;
    const verified = (JSON.parse(run.stdout) as { verified: { httpApi: { apiId: string; stage: unknown; routes: { routeKey: string; authorizationType: string }[] } } }).verified;
    expect(verified.httpApi.apiId).toBe(apiId);
    expect(verified.httpApi.stage).toEqual({ name: '$default', autoDeploy: true });
    expect(verified.httpApi.routes.map((r) => [r.routeKey, r.authorizationType])).toEqual([
      ['$default', 'AWS_IAM'],
      ['OPTIONS /', 'NONE'],
      ['OPTIONS /{proxy+}', 'NONE'],
    ]);
    expect(run.stderr).toContain('HTTP API routes $default AWS_IAM, OPTIONS / NONE, OPTIONS /{proxy+} NONE');
  }, 180_000);

  it('status --verify exits 1 naming the $default route when its authorization is opened out of band', async () => {
    const route = ((await v2.send(new GetRoutesCommand({ ApiId: apiId }))).Items ?? []).find((r) => r.RouteKey === '$default');
    await v2.send(new UpdateRouteCommand({ ApiId: apiId, RouteId: route!.RouteId, AuthorizationType: 'NONE' }));
    try {
      const run = await project.cli('status', 'dev', '--verify');
      expect(run.code, run.stdout).toBe(1);
      expect(run.stderr).toContain('route $default: authorization NONE instead of AWS_IAM');
    } finally {
      await v2.send(new UpdateRouteCommand({ ApiId: apiId, RouteId: route!.RouteId, AuthorizationType: 'AWS_IAM' }));
    }
    const again = await project.cli('status', 'dev', '--verify', '--json');
    expect((JSON.parse(again.stdout) as { differences: string[] }).differences).toEqual([]);
  }, 120_000);

  it('certify on the domain the stack made finds its domain name and mapping and changes nothing there', async () => {
    const before = await mappings(STACK_DOMAIN);
    expect(before).toEqual([{ id: expect.any(String), api: apiId, stage: '$default', key: '' }]);
    const { run, result } = await certify({ domain: STACK_DOMAIN });
    expect(run.stderr).not.toMatch(CHANGES);
    expect(result).toMatchObject({ endpoint: 'REGIONAL', domainCreated: false, basePath: '/', dnsRecord: { hostedZoneId: zone, name: STACK_DOMAIN } });
    expect(await mappings(STACK_DOMAIN)).toEqual(before);
    const { configuration, alias } = await served(STACK_DOMAIN);
    expect(alias).toMatchObject({ DNSName: configuration!.ApiGatewayDomainName, HostedZoneId: configuration!.HostedZoneId });
  }, 60_000);

  it('certify refuses a domain the stack does not hold yet, and creates nothing', async () => {
    project.writeSettings({ ...HTTP, domain: DOMAIN, basePath: 'v1' });
    const run = await project.cli('certify', 'dev', '--yes');
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain(`the stack ${STACK} of stage "dev" does not hold the custom domain name ${DOMAIN} yet`);
    expect(run.stderr).toContain('run "tsappa update dev" first');
    await expect(v2.send(new GetDomainNameCommand({ DomainName: DOMAIN }))).rejects.toMatchObject({ name: 'NotFoundException' });
  }, 60_000);

  it('after the update creates it, certify finds the REGIONAL domain and $default mapped under basePath, and aliases the regional target', async () => {
    const update = await project.cli('update', 'dev');
    expect(update.code, update.stderr + update.stdout).toBe(0);
    const { run, result } = await certify({ domain: DOMAIN, basePath: 'v1' });
    expect(run.stderr).not.toMatch(CHANGES);
    expect(result).toMatchObject({ endpoint: 'REGIONAL', domainCreated: false, basePath: 'v1', dnsRecord: { hostedZoneId: zone, name: DOMAIN } });
    const { configuration, alias } = await served(DOMAIN);
    expect(configuration).toMatchObject({ CertificateArn: CERTIFICATE, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' });
    expect(configuration!.ApiGatewayDomainName).toMatch(/^d-[a-z0-9]+\.execute-api\.us-east-1\.amazonaws\.com$/);
    expect(result).toMatchObject({ targetName: configuration!.ApiGatewayDomainName, targetHostedZoneId: configuration!.HostedZoneId });
    expect(alias).toMatchObject({ DNSName: configuration!.ApiGatewayDomainName, HostedZoneId: configuration!.HostedZoneId });
    expect(await mappings(DOMAIN)).toEqual([{ id: expect.any(String), api: apiId, stage: '$default', key: 'v1' }]);
  }, 180_000);

  it('certify again changes nothing: the same domain and the one mapping', async () => {
    const before = { mappings: await mappings(DOMAIN), served: await served(DOMAIN) };
    const { run, result } = await certify({ domain: DOMAIN, basePath: 'v1' });
    expect(run.stderr).not.toMatch(CHANGES);
    expect(result).toMatchObject({ domainCreated: false, basePath: 'v1' });
    expect({ mappings: await mappings(DOMAIN), served: await served(DOMAIN) }).toEqual(before);
  }, 60_000);

  it('a new certificateArn updates the domain name in place: the same regional target, the same mapping', async () => {
    const before = { mappings: await mappings(DOMAIN), served: await served(DOMAIN) };
    const renewed = CERTIFICATE.replace(/[0-9a-f]{12}$/, 'ffffffffffff');
    const { run } = await certify({ domain: DOMAIN, basePath: 'v1', certificateArn: renewed });
    expect(run.stderr).toContain(`Updated the domain name ${DOMAIN}: certificate ${CERTIFICATE} instead of ${renewed}`);
    const after = await served(DOMAIN);
    expect(after.configuration).toMatchObject({ CertificateArn: renewed, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2', ApiGatewayDomainName: before.served.configuration!.ApiGatewayDomainName });
    expect(after.alias).toEqual(before.served.alias);
    expect(await mappings(DOMAIN)).toEqual(before.mappings);
  }, 60_000);

  it("a new basePath moves the stage's mapping; another API's mapping on the domain stays", async () => {
    const other = (await v2.send(new CreateApiCommand({ Name: 'someone-else', ProtocolType: 'HTTP' }))).ApiId!;
    await v2.send(new CreateApiMappingCommand({ DomainName: DOMAIN, ApiId: other, Stage: 'prod', ApiMappingKey: 'admin' }));
    const [ours] = await mappings(DOMAIN);
    const { run, result } = await certify({ domain: DOMAIN, basePath: 'v2' });
    expect(result.basePath).toBe('v2');
    expect(run.stderr).toContain(`Moved the mapping of ${DOMAIN} from /v1 to /v2`);
    const after = await mappings(DOMAIN);
    expect(after.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { id: expect.any(String), api: other, stage: 'prod', key: 'admin' },
      { id: ours!.id, api: apiId, stage: '$default', key: 'v2' },
    ]);
  }, 60_000);

  it('an update to a JWT-protected stage with cors reads back $default under the stage JWT authorizer and the open preflight routes', async () => {
    const jwtAuthorizer = { issuer: 'https://issuer.example.com', audience: ['quote-api'] };
    // cors as before: moto replaces a modified HTTP API (patch 70), which AWS updates in place
    project.writeSettings({ ...HTTP, iamAuthorization: false, jwtAuthorizer, domain: STACK_DOMAIN });
    const run = await project.cli('update', 'dev', '--json');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const verified = (JSON.parse(run.stdout) as { verified: { httpApi: { routes: { routeKey: string; authorizationType: string; authorizer: string | null }[] } } }).verified;
    expect(verified.httpApi.routes.map((r) => [r.routeKey, r.authorizationType, r.authorizer])).toEqual([
      ['$default', 'JWT', `${STACK}-authorizer`],
      ['OPTIONS /', 'NONE', null],
      ['OPTIONS /{proxy+}', 'NONE', null],
    ]);
  }, 180_000);

  it('a url stage: update reads back the IAM Function URL; an AuthType opened to NONE out of band is reported; certify refuses it', async () => {
    project.writeSettings({ apiType: 'url', iamAuthorization: true, throttle: false, apiKeyRequired: false, usagePlan: null });
    const run = await project.cli('update', 'dev', '--json');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect((JSON.parse(run.stdout) as { verified: { functionUrl: unknown } }).verified.functionUrl).toMatchObject({ authType: 'AWS_IAM', invokeMode: 'BUFFERED' });
    expect(run.stderr).toContain('Function URL AWS_IAM BUFFERED');

    await lambda.send(new UpdateFunctionUrlConfigCommand({ FunctionName: STACK, Qualifier: 'live', AuthType: 'NONE' }));
    expect((await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: STACK, Qualifier: 'live' }))).AuthType).toBe('NONE');
    const status = await project.cli('status', 'dev', '--verify');
    expect(status.code, status.stdout).toBe(1);
    expect(status.stderr).toContain('Function URL of live: AuthType NONE instead of AWS_IAM (anyone may call it unsigned)');

    project.writeSettings({ apiType: 'url', iamAuthorization: true, throttle: false, apiKeyRequired: false, usagePlan: null, domain: DOMAIN, certificateArn: CERTIFICATE });
    const refused = await project.cli('certify', 'dev', '--yes');
    expect(refused.code).toBe(2);
    // the settings refuse a domain on a url stage before certify would (certify-api-types.test.ts)
    expect(refused.stderr).toContain('domain: expected apiType "rest" or "http" (the API types that support it), found apiType "url"');
  }, 180_000);
});

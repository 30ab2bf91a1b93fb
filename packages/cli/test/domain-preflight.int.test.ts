/**
 * Against moto: a custom domain name that exists outside the stage's stack (made by an earlier
 * `tsappa certify`, by hand, or by another stack) stops `deploy` and `update` before any change
 * set, naming the `domain` setting, the stage and the command that deletes it, and leaves the
 * stack as it was; once it is deleted the update creates the domain itself, and updates of a
 * stack that holds its domain pass; the alias record an earlier certify left (with `hostedZoneId`)
 * is refused the same way, with a delete command that works. `certify` refuses a domain the stack
 * does not hold yet and creates nothing. (HTTP API stages: moto's CloudFormation creates their v2 domain names through
 * moto_patches.py section 70; a REST stage is refused before its stack exists, which needs none.)
 */
import { APIGatewayClient, CreateDomainNameCommand as CreateRestDomainNameCommand, DeleteDomainNameCommand as DeleteRestDomainNameCommand } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, CreateDomainNameCommand, DeleteDomainNameCommand, GetApiMappingsCommand, GetApisCommand, GetDomainNameCommand } from '@aws-sdk/client-apigatewayv2';
import { CloudFormationClient, DescribeStacksCommand, ListChangeSetsCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithMoto, MOTO_REGION } from '../../../test/support/moto.js';
import { fastStackPolling, scratchProject, STACK, type ScratchProject } from './support/quote-api-scratch.js';

const CERTIFICATE = `arn:aws:acm:${MOTO_REGION}:123456789012:certificate/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f`;
const DOMAIN = 'api.example.com';
const HTTP = { apiType: 'http', iamAuthorization: true, throttle: false, apiKeyRequired: false, usagePlan: null, certificateArn: CERTIFICATE };
const DELETE_HTTP = `aws apigatewayv2 delete-domain-name --domain-name ${DOMAIN} --region ${MOTO_REGION}`;

describeWithMoto('a custom domain name outside the stack (moto)', () => {
  let project: ScratchProject;
  let restorePolling = () => {};
  const others: ScratchProject[] = [];
  const v2 = new ApiGatewayV2Client({ region: MOTO_REGION });
  const apigw = new APIGatewayClient({ region: MOTO_REGION });
  const cfn = new CloudFormationClient({ region: MOTO_REGION });
  const route53 = new Route53Client({ region: MOTO_REGION });

  const domainExists = async (domain: string) =>
    v2.send(new GetDomainNameCommand({ DomainName: domain })).then(
      () => true,
      (error: Error) => (error.name === 'NotFoundException' ? false : Promise.reject(error)),
    );
  /** What a refused update must leave as it was: the stack's status, last update, outputs and resources, and its change sets. */
  const stackState = async (stack: string) => {
    const [described] = (await cfn.send(new DescribeStacksCommand({ StackName: stack }))).Stacks ?? [];
    const resources = ((await cfn.send(new ListStackResourcesCommand({ StackName: stack }))).StackResourceSummaries ?? []).map((r) => `${r.LogicalResourceId} ${r.ResourceStatus}`).sort();
    const changeSets = (await cfn.send(new ListChangeSetsCommand({ StackName: stack }))).Summaries ?? [];
    return { status: described?.StackStatus, updated: described?.LastUpdatedTime?.toISOString() ?? null, outputs: described?.Outputs, resources, changeSets };
  };
  const stackExists = async (stack: string) =>
    cfn.send(new DescribeStacksCommand({ StackName: stack })).then(
      (r) => (r.Stacks ?? []).some((s) => s.StackStatus !== 'DELETE_COMPLETE'),
      (error: Error) => (/does not exist/.test(error.message) ? false : Promise.reject(error)),
    );

  beforeAll(async () => {
    restorePolling = fastStackPolling();
    project = scratchProject('domain-preflight');
    project.writeSettings(HTTP);
    const run = await project.cli('deploy', 'dev');
    expect(run.code, run.stderr + run.stdout).toBe(0);
  }, 180_000);

  afterAll(() => {
    restorePolling();
    project?.remove();
    for (const other of others) other.remove();
  });

  it('certify on a stage whose stack does not hold the domain yet refuses and creates nothing', async () => {
    project.writeSettings({ ...HTTP, domain: DOMAIN });
    const run = await project.cli('certify', 'dev', '--yes');
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain(`the stack ${STACK} of stage "dev" does not hold the custom domain name ${DOMAIN} yet`);
    expect(run.stderr).toContain('run "tsappa update dev" first');
    expect(await domainExists(DOMAIN)).toBe(false);
  }, 60_000);

  it('an update after the domain was made out of band refuses before any change set, naming the domain, and leaves the stack as it was, every time', async () => {
    // what an earlier certify (or someone by hand) made
    await v2.send(new CreateDomainNameCommand({ DomainName: DOMAIN, DomainNameConfigurations: [{ CertificateArn: CERTIFICATE, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }] }));
    project.writeSettings({ ...HTTP, domain: DOMAIN });
    const before = await stackState(STACK);
    expect(before.changeSets).toEqual([]);
    for (let attempt = 0; attempt < 2; attempt++) {
      const run = await project.cli('update', 'dev');
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(`domain in ${project.dir}/tsappa.json (stage "dev"): the custom domain name ${DOMAIN} (HTTP API) already exists outside the stack ${STACK}`);
      expect(run.stderr).toContain(DELETE_HTTP);
      expect(run.stderr).not.toMatch(/Updating the stack|UPDATE_IN_PROGRESS|ROLLBACK/);
      expect(await stackState(STACK)).toEqual(before);
    }
    // and certify still makes nothing of it
    const certify = await project.cli('certify', 'dev', '--yes');
    expect(certify.code).toBe(1);
    expect((await v2.send(new GetApiMappingsCommand({ DomainName: DOMAIN }))).Items ?? []).toEqual([]);
  }, 120_000);

  it('after the domain is deleted, the update creates it in the stack, and certify then finds it there', async () => {
    await v2.send(new DeleteDomainNameCommand({ DomainName: DOMAIN }));
    const run = await project.cli('update', 'dev');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const resources = (await cfn.send(new ListStackResourcesCommand({ StackName: STACK }))).StackResourceSummaries ?? [];
    expect(resources.find((r) => r.ResourceType === 'AWS::ApiGatewayV2::DomainName')).toMatchObject({ LogicalResourceId: 'HttpApiDomainName', PhysicalResourceId: DOMAIN });
    const apiId = ((await v2.send(new GetApisCommand({}))).Items ?? []).find((a) => a.Name === STACK)!.ApiId;
    expect(((await v2.send(new GetApiMappingsCommand({ DomainName: DOMAIN }))).Items ?? []).map((m) => [m.ApiId, m.Stage])).toEqual([[apiId, '$default']]);

    const certify = await project.cli('certify', 'dev', '--yes', '--json');
    expect(certify.code, certify.stderr + certify.stdout).toBe(0);
    expect(JSON.parse(certify.stdout)).toMatchObject({ domainCreated: false, endpoint: 'REGIONAL' });
  }, 180_000);

  it('an update of a stack that holds its domain passes the preflight', async () => {
    project.writeSettings({ ...HTTP, domain: DOMAIN, memorySize: 1024 });
    const run = await project.cli('update', 'dev');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(await stackState(STACK)).toMatchObject({ status: 'UPDATE_COMPLETE' });
  }, 180_000);

  it("a first deploy of another project on a domain another stack holds is refused before its stack exists", async () => {
    const rival = scratchProject('domain-preflight-rival');
    others.push(rival);
    rival.writeSettings({ ...HTTP, projectName: 'quote-rival', domain: DOMAIN });
    const run = await rival.cli('deploy', 'dev');
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`(stage "dev"): the custom domain name ${DOMAIN} (HTTP API) already exists outside the stack quote-rival-dev`);
    expect(run.stderr).toContain('choose another "domain"');
    expect(await stackExists('quote-rival-dev')).toBe(false);
    expect(await stackExists(STACK)).toBe(true);
  }, 120_000);

  it('a REST stage whose domain name was made outside is refused before its stack exists; once deleted, the stack creates it and updates pass', async () => {
    const restDomain = 'rest.example.com';
    const rest = scratchProject('domain-preflight-rest');
    others.push(rest);
    await apigw.send(new CreateRestDomainNameCommand({ domainName: restDomain, certificateArn: CERTIFICATE, endpointConfiguration: { types: ['EDGE'] } }));
    rest.writeSettings({ projectName: 'quote-rest', domain: restDomain, certificateArn: CERTIFICATE });
    const refused = await rest.cli('deploy', 'dev');
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain(`the custom domain name ${restDomain} (REST API) already exists outside the stack quote-rest-dev`);
    expect(refused.stderr).toContain(`aws apigateway delete-domain-name --domain-name ${restDomain} --region ${MOTO_REGION}`);
    expect(await stackExists('quote-rest-dev')).toBe(false);

    await apigw.send(new DeleteRestDomainNameCommand({ domainName: restDomain }));
    const deployed = await rest.cli('deploy', 'dev');
    expect(deployed.code, deployed.stderr + deployed.stdout).toBe(0);
    const resources = (await cfn.send(new ListStackResourcesCommand({ StackName: 'quote-rest-dev' }))).StackResourceSummaries ?? [];
    expect(resources.find((r) => r.ResourceType === 'AWS::ApiGateway::DomainName')).toMatchObject({ PhysicalResourceId: restDomain });
    rest.writeSettings({ projectName: 'quote-rest', domain: restDomain, certificateArn: CERTIFICATE, memorySize: 1024 });
    const updated = await rest.cli('update', 'dev');
    expect(updated.code, updated.stderr + updated.stdout).toBe(0);
  }, 180_000);

  it('with hostedZoneId: the alias record an earlier certify left is refused too once its domain name is deleted, with a delete command that works', async () => {
    const zoned = scratchProject('domain-preflight-zone');
    others.push(zoned);
    const domain = 'zoned.example.com';
    const stack = 'quote-zoned-dev';
    const zone = (await route53.send(new CreateHostedZoneCommand({ Name: 'zoned.example.com', CallerReference: `tsappa-${Date.now()}` }))).HostedZone!.Id!.replace('/hostedzone/', '');
    zoned.writeSettings({ ...HTTP, projectName: 'quote-zoned' });
    const deployed = await zoned.cli('deploy', 'dev');
    expect(deployed.code, deployed.stderr).toBe(0);
    // what certify did before the rule: the domain name and its alias record, outside the stack
    const made = await v2.send(new CreateDomainNameCommand({ DomainName: domain, DomainNameConfigurations: [{ CertificateArn: CERTIFICATE, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }] }));
    const target = made.DomainNameConfigurations![0]!;
    const aliasTarget = { DNSName: target.ApiGatewayDomainName!, HostedZoneId: target.HostedZoneId!, EvaluateTargetHealth: false };
    await route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zone, ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: domain, Type: 'A', AliasTarget: aliasTarget } }] } }));
    zoned.writeSettings({ ...HTTP, projectName: 'quote-zoned', domain, hostedZoneId: zone });
    const before = await stackState(stack);

    const first = await zoned.cli('update', 'dev');
    expect(first.code, first.stderr).toBe(2);
    expect(first.stderr).toContain(`aws apigatewayv2 delete-domain-name --domain-name ${domain} --region ${MOTO_REGION}`);
    await v2.send(new DeleteDomainNameCommand({ DomainName: domain }));
    const second = await zoned.cli('update', 'dev');
    expect(second.code, second.stderr).toBe(2);
    expect(second.stderr).toContain(`the A record ${domain} already exists in the hosted zone ${zone} outside the stack ${stack}`);
    expect(await stackState(stack)).toEqual(before);

    // the command the hint gives, as the AWS CLI would send it
    const batch = /--change-batch '([^']+)'/.exec(second.stderr)?.[1];
    expect(batch).toBeDefined();
    await route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zone, ChangeBatch: JSON.parse(batch!) as never }));
    const records = async () => ((await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone }))).ResourceRecordSets ?? []).filter((r) => r.Type === 'A');
    expect(await records()).toEqual([]);

    const third = await zoned.cli('update', 'dev');
    expect(third.code, third.stderr + third.stdout).toBe(0);
    const resources = (await cfn.send(new ListStackResourcesCommand({ StackName: stack }))).StackResourceSummaries ?? [];
    expect(resources.map((r) => r.ResourceType)).toEqual(expect.arrayContaining(['AWS::ApiGatewayV2::DomainName', 'AWS::Route53::RecordSet']));
    // Route 53 may answer the name with or without its final dot
    expect((await records()).map((r) => r.Name?.replace(/\.$/, ''))).toEqual([domain]);
  }, 180_000);
});

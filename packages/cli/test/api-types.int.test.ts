/**
 * apiType "http" and "url" against moto (with moto_patches.py section 70: moto's CloudFormation
 * creates AWS::ApiGatewayV2::* and AWS::Lambda::Url through its own apigatewayv2 and lambda
 * backends): deploy creates the HTTP API with its IAM-protected $default route, an AWS_PROXY
 * payload 2.0 integration on the live alias and the auto-deployed $default stage, and prints
 * its endpoint; an update to apiType "url" removes it and creates a Function URL on live with
 * AuthType NONE and the public permissions; an update back with `domain` maps the $default stage
 * on a regional v2 domain name. moto does not evaluate IAM or serve the endpoints,
 * so the refusal of unsigned requests is tested in serve-api-types.int.test.ts.
 */
import { GetFunctionUrlConfigCommand, GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithMoto, MOTO_REGION } from '../../../test/support/moto.js';
import { fastStackPolling, scratchProject, STACK, type ScratchProject } from './support/quote-api-scratch.js';

/** One page of the API Gateway v2 REST API (camelCase JSON; moto checks no signature, and the CLI has no v2 client). */
async function v2Items(endpoint: string, path: string): Promise<Record<string, unknown>[]> {
  const res = await fetch(`${endpoint}/v2/${path}`, { headers: { authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${MOTO_REGION}/apigateway/aws4_request` } });
  expect(res.status, path).toBe(200);
  return ((await res.json()) as { items?: Record<string, unknown>[] }).items ?? [];
}

describeWithMoto('apiType http and url of examples/quote-api (moto)', (moto) => {
  let project: ScratchProject;
  let restorePolling = () => {};
  const lambda = new LambdaClient({ region: MOTO_REGION });
  const httpApis = async () => (await v2Items(moto().endpoint, 'apis')).filter((a) => a.name === STACK);

  beforeAll(() => {
    restorePolling = fastStackPolling();
    project = scratchProject('api-types');
  });

  afterAll(() => {
    restorePolling();
    project.remove();
  });

  it('deploy creates the HTTP API: an IAM-protected $default route to the live alias in payload 2.0, its $default stage, and prints its URL', async () => {
    project.writeSettings({ apiType: 'http', iamAuthorization: true, throttle: { rateLimit: 20, burstLimit: 40 }, apiKeyRequired: false, usagePlan: null });
    const run = await project.cli('deploy', 'dev');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const [api, ...others] = await httpApis();
    expect(others).toEqual([]);
    expect(api).toMatchObject({ protocolType: 'HTTP' });
    const apiId = String(api!.apiId);
    expect(run.stdout + run.stderr).toContain(String(api!.apiEndpoint));

    const routes = await v2Items(moto().endpoint, `apis/${apiId}/routes`);
    expect(routes.map((r) => [r.routeKey, r.authorizationType])).toEqual([['$default', 'AWS_IAM']]);
    const integrations = await v2Items(moto().endpoint, `apis/${apiId}/integrations`);
    expect(integrations).toHaveLength(1);
    expect(integrations[0]).toMatchObject({ integrationType: 'AWS_PROXY', payloadFormatVersion: '2.0' });
    expect(String(integrations[0]!.integrationUri)).toMatch(new RegExp(`:function:${STACK}:live$`));
    expect(routes[0]!.target).toBe(`integrations/${String(integrations[0]!.integrationId)}`);
    const stages = await v2Items(moto().endpoint, `apis/${apiId}/stages`);
    expect(stages).toMatchObject([{ stageName: '$default', autoDeploy: true, defaultRouteSettings: { throttlingRateLimit: 20, throttlingBurstLimit: 40 } }]);
    expect(String((stages[0]!.accessLogSettings as { destinationArn: string }).destinationArn)).toContain(`/aws/apigateway/${apiId}/access`);
  });

  it('an update to apiType url removes the HTTP API and creates a public Function URL on live', async () => {
    project.writeSettings({ apiType: 'url', iamAuthorization: false, throttle: false, apiKeyRequired: false, usagePlan: null });
    const run = await project.cli('update', 'dev');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(await httpApis()).toEqual([]);
    const url = await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: STACK, Qualifier: 'live' }));
    expect(url.AuthType).toBe('NONE');
    expect(url.FunctionArn).toMatch(new RegExp(`:function:${STACK}:live$`));
    expect(run.stdout + run.stderr).toContain(String(url.FunctionUrl).replace(/\/$/, ''));
    const policy = JSON.parse((await lambda.send(new GetPolicyCommand({ FunctionName: STACK, Qualifier: 'live' }))).Policy ?? '{}') as { Statement: { Action: string; Principal: unknown }[] };
    expect(policy.Statement.filter((s) => s.Principal === '*' || (s.Principal as { AWS?: string })?.AWS === '*').map((s) => s.Action).sort()).toEqual([
      'lambda:InvokeFunction',
      'lambda:InvokeFunctionUrl',
    ]);
  });

  it('an update back to apiType http with a domain maps the $default stage on a regional v2 domain name', async () => {
    project.writeSettings({
      apiType: 'http',
      iamAuthorization: false,
      throttle: false,
      domain: 'api.example.com',
      certificateArn: `arn:aws:acm:${MOTO_REGION}:123456789012:certificate/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f`,
      basePath: 'v1',
      apiKeyRequired: false,
      usagePlan: null,
    });
    const run = await project.cli('update', 'dev');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const [api] = await httpApis();
    const domain = await fetch(`${moto().endpoint}/v2/domainnames/api.example.com`, { headers: { authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${MOTO_REGION}/apigateway/aws4_request` } });
    expect(domain.status).toBe(200);
    expect(await domain.json()).toMatchObject({ domainName: 'api.example.com', domainNameConfigurations: [{ endpointType: 'REGIONAL', securityPolicy: 'TLS_1_2' }] });
    const mappings = await v2Items(moto().endpoint, 'domainnames/api.example.com/apimappings');
    expect(mappings).toMatchObject([{ apiId: api!.apiId, stage: '$default', apiMappingKey: 'v1' }]);
  });
});

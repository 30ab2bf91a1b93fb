/**
 * Every stage of tsappa.json resolves (through the CLI, as `tsappa settings` prints it) and
 * renders a CloudFormation template with the app's table, topic and the stage's feature.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderTemplate, type ResolvedSettings } from '@tsappa/templates';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const project = join(here, '..');
const bin = join(dirname(createRequire(import.meta.url).resolve('tsappa/package.json')), 'bin', 'tsappa.js');

function settings(stage: string): ResolvedSettings {
  return JSON.parse(execFileSync(process.execPath, [bin, 'settings', stage, '--json'], { cwd: project, encoding: 'utf8' })) as ResolvedSettings;
}

function resources(s: ResolvedSettings): Record<string, { Type: string; Properties?: Record<string, unknown> }> {
  const template = renderTemplate({ settings: s, artifact: { bucket: 'quote-api-deployments', key: 'quote-api.zip', handler: 'tsappa-entry.handler' } });
  return template.Resources as Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

const types = (r: ReturnType<typeof resources>) => Object.values(r).map((x) => x.Type);

describe('the stages', () => {
  it('dev: keep-warm, two schedules, a custom domain, an API key with a usage plan, SNS tasks', () => {
    const dev = settings('dev');
    expect(dev).toMatchObject({ keepWarm: true, apiKeyRequired: true, domain: 'quote.example.com', asyncSource: 'sns', exceptionHandler: 'src/errors.ts:reportError' });
    expect(dev.events.map((e) => (e.kind === 'schedule' ? e.expression : null))).toEqual(['cron(0 12 * * ? *)', 'cron(0 2 * * ? *)']);
    const r = resources(dev);
    expect(r.QuoteTable?.Type).toBe('AWS::DynamoDB::Table');
    expect(r.ErrorTopic?.Type).toBe('AWS::SNS::Topic');
    expect(types(r)).toEqual(expect.arrayContaining(['AWS::ApiGateway::ApiKey', 'AWS::ApiGateway::UsagePlan', 'AWS::ApiGateway::DomainName', 'AWS::Events::Rule', 'AWS::SNS::Topic']));
  });

  it('dev_iam, dev_auth, dev_xray, dev_vpc: one security or operations feature each, no domain', () => {
    const iam = settings('dev_iam');
    expect(iam).toMatchObject({ iamAuthorization: true, apiKeyRequired: false, domain: null });
    expect(JSON.stringify(resources(iam))).toContain('AWS_IAM');

    const auth = settings('dev_auth');
    expect(auth.authorizer).toMatchObject({ function: 'src/authorizer.ts:authorize', type: 'TOKEN', resultTtl: 300 });
    expect(types(resources(auth))).toContain('AWS::ApiGateway::Authorizer');

    const xray = settings('dev_xray');
    expect(xray.xrayTracing).toBe(true);
    expect(JSON.stringify(resources(xray))).toContain('"Mode":"Active"');

    const vpc = settings('dev_vpc');
    expect(vpc.vpcConfig?.subnetIds).toHaveLength(2);
    expect(JSON.stringify(resources(vpc))).toContain('subnet-0123456789abcdef0');
  });

  it("dev_queue: the editors' SQS queue feeds src/editors.ts, with partial batch failures", () => {
    const queue = settings('dev_queue');
    expect(queue.events.filter((e) => e.kind === 'source')).toEqual([
      expect.objectContaining({ function: 'src/editors.ts:pickQuoteOfTheDay', service: 'sqs', eventSource: expect.objectContaining({ arn: 'arn:aws:sqs:ap-south-1:123456789012:quote-api-editors' }) }),
    ]);
    const mapping = Object.values(resources(queue)).find((r) => r.Type === 'AWS::Lambda::EventSourceMapping');
    expect(mapping?.Properties).toMatchObject({ EventSourceArn: 'arn:aws:sqs:ap-south-1:123456789012:quote-api-editors', FunctionResponseTypes: ['ReportBatchItemFailures'] });
  });

  it('dev_stream: every response streamed as written, no key', () => {
    const stream = settings('dev_stream');
    expect(stream).toMatchObject({ responseStreaming: true, apiKeyRequired: false, domain: null });
    const methods = Object.values(resources(stream)).filter((r) => r.Type === 'AWS::ApiGateway::Method' && (r.Properties?.Integration as { Type?: string } | undefined)?.Type === 'AWS_PROXY');
    expect(methods.length).toBeGreaterThan(0);
    for (const method of methods) expect(method.Properties?.Integration).toMatchObject({ ResponseTransferMode: 'STREAM' });
  });
});

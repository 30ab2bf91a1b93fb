import { describe, expect, it } from 'vitest';
import { maximalInput } from './__fixtures__/settings.js';
import { render } from './__fixtures__/template.js';
import { renderTemplate } from './render.js';

/** Resource types of the stack that take tags (per the CloudFormation schemas). */
const TAGGABLE = new Set([
  'AWS::IAM::Role',
  'AWS::Lambda::Function',
  'AWS::Logs::LogGroup',
  'AWS::ApiGateway::RestApi',
  'AWS::ApiGateway::Stage',
  'AWS::ApiGateway::ApiKey',
  'AWS::ApiGateway::UsagePlan',
  'AWS::ApiGateway::DomainName',
  'AWS::CertificateManager::Certificate',
  'AWS::Events::Rule',
  'AWS::Lambda::EventSourceMapping',
  'AWS::SNS::Topic',
  'AWS::SQS::Queue',
  'AWS::DynamoDB::Table',
]);

describe('tags', () => {
  it('go on every generated resource that takes them', () => {
    const t = renderTemplate(maximalInput());
    const generated = Object.entries(t.Resources).filter(([id]) => id !== 'QuotesTable');
    const taggable = generated.filter(([, r]) => TAGGABLE.has(r.Type));
    expect(taggable.length).toBeGreaterThan(15);
    for (const [id, r] of taggable) {
      expect({ id, tags: r.Properties?.Tags }).toEqual({ id, tags: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'quotes' }] });
    }
  });

  it('are left out when there are none', () => {
    expect(JSON.stringify(render().Resources)).not.toContain('"Tags"');
  });
});

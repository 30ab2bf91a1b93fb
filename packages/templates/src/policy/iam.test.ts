/** IAM rules: each catches a rendered template that breaks it (through extraPolicies or raw resources). */
import { describe, expect, it } from 'vitest';
import { render } from '../__fixtures__/template.js';
import type { CloudFormationTemplate } from '../model.js';
import { noWildcardAction, noWriteOnEveryResource } from './iam.js';
import type { PolicyRule } from './rule.js';

const scan = (rule: PolicyRule, template: CloudFormationTemplate) => rule.check({ template }).map((f) => `${f.resource}: ${f.message}`);

const userPolicy = (statement: Record<string, unknown>) => ({
  AdminPolicy: {
    Type: 'AWS::IAM::Policy',
    Properties: { PolicyName: 'admin', Roles: [{ Ref: 'ExecutionRole' }], PolicyDocument: { Version: '2012-10-17', Statement: [statement] } },
  },
});

describe('IAM rules', () => {
  it('the generated role passes, with tracing and a VPC (their "*" actions are the ones AWS grants only on "*")', () => {
    const t = render({ xrayTracing: true, vpcConfig: { subnetIds: ['subnet-0a1b'], securityGroupIds: ['sg-0a1b'] } });
    expect(scan(noWildcardAction, t)).toEqual([]);
    expect(scan(noWriteOnEveryResource, t)).toEqual([]);
  });

  it('iam-no-wildcard-action catches "Action": "*" and NotAction in a policy of the stack', () => {
    expect(scan(noWildcardAction, render({ resources: userPolicy({ Effect: 'Allow', Action: '*', Resource: '*' }) }))).toEqual(['AdminPolicy: allows "Action": "*"']);
    expect(scan(noWildcardAction, render({ resources: userPolicy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }) }))).toEqual(['AdminPolicy: allows every action but some ("NotAction")']);
    // a Deny of everything is not a grant
    expect(scan(noWildcardAction, render({ resources: userPolicy({ Effect: 'Deny', Action: '*', Resource: '*' }) }))).toEqual([]);
  });

  it('iam-no-write-on-every-resource catches a write action on "*" in the execution role', () => {
    const t = render({ extraPolicies: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' }] });
    expect(scan(noWriteOnEveryResource, t)).toEqual(['ExecutionRole: allows s3:PutObject on "Resource": "*"']);
  });

  it('iam-no-write-on-every-resource lets read-only actions and scoped writes through', () => {
    expect(scan(noWriteOnEveryResource, render({ extraPolicies: [{ Effect: 'Allow', Action: ['dynamodb:DescribeTable', 's3:ListAllMyBuckets'], Resource: '*' }] }))).toEqual([]);
    expect(scan(noWriteOnEveryResource, render({ extraPolicies: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::uploads/*' }] }))).toEqual([]);
  });

  it('looks into every kind of policy resource, "*" in a list included', () => {
    const t = render({
      resources: {
        Writer: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: ['arn:aws:sqs:us-east-1:123456789012:q', '*'] } } } },
      },
    });
    expect(scan(noWriteOnEveryResource, t)).toEqual(['Writer: allows sqs:SendMessage on "Resource": "*"']);
  });
});

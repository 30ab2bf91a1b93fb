import { describe, expect, it } from 'vitest';
import { IntrinsicError, resolveIntrinsics, type IntrinsicContext } from './cfn-intrinsics.js';

const ctx: IntrinsicContext = {
  stackName: 'quote-api-dev',
  region: 'ap-south-1',
  accountId: '000000000000',
  resources: {
    QuoteTable: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: { 'Fn::Sub': '${AWS::StackName}-data' } } },
    Unnamed: { Type: 'AWS::DynamoDB::Table', Properties: {} },
    ErrorTopic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { 'Fn::Sub': '${AWS::StackName}-errors' } } },
    Jobs: { Type: 'AWS::SQS::Queue' },
    Uploads: { Type: 'AWS::S3::Bucket' },
    Loop: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: { Ref: 'Loop' } } },
  },
};

describe('resolveIntrinsics', () => {
  it('names tables as the stack would: their TableName, else <stack>-<LogicalId>', () => {
    expect(resolveIntrinsics({ Ref: 'QuoteTable' }, ctx, 'x')).toBe('quote-api-dev-data');
    expect(resolveIntrinsics({ Ref: 'Unnamed' }, ctx, 'x')).toBe('quote-api-dev-Unnamed');
    expect(resolveIntrinsics({ 'Fn::GetAtt': ['QuoteTable', 'Arn'] }, ctx, 'x')).toBe('arn:aws:dynamodb:ap-south-1:000000000000:table/quote-api-dev-data');
    expect(resolveIntrinsics({ 'Fn::GetAtt': 'QuoteTable.Arn' }, ctx, 'x')).toBe('arn:aws:dynamodb:ap-south-1:000000000000:table/quote-api-dev-data');
  });

  it('gives topics, queues and buckets what Ref and GetAtt give in CloudFormation', () => {
    expect(resolveIntrinsics({ Ref: 'ErrorTopic' }, ctx, 'x')).toBe('arn:aws:sns:ap-south-1:000000000000:quote-api-dev-errors');
    expect(resolveIntrinsics({ Ref: 'Jobs' }, ctx, 'x')).toBe('https://sqs.ap-south-1.amazonaws.com/000000000000/quote-api-dev-Jobs');
    expect(resolveIntrinsics({ 'Fn::GetAtt': ['Jobs', 'Arn'] }, ctx, 'x')).toBe('arn:aws:sqs:ap-south-1:000000000000:quote-api-dev-Jobs');
    expect(resolveIntrinsics({ 'Fn::GetAtt': ['Uploads', 'Arn'] }, ctx, 'x')).toBe('arn:aws:s3:::quote-api-dev-uploads');
  });

  it('resolves Fn::Sub with pseudo parameters, attributes, its own variables and ${!literals}', () => {
    const sub = { 'Fn::Sub': ['${QuoteTable.Arn}/index/* in ${AWS::Region} for ${Who} ${!Keep}', { Who: { Ref: 'AWS::AccountId' } }] };
    expect(resolveIntrinsics(sub, ctx, 'x')).toBe('arn:aws:dynamodb:ap-south-1:000000000000:table/quote-api-dev-data/index/* in ap-south-1 for 000000000000 ${Keep}');
    expect(resolveIntrinsics({ 'Fn::Join': [':', ['a', { Ref: 'AWS::Partition' }]] }, ctx, 'x')).toBe('a:aws');
  });

  it('resolves inside policies and leaves plain values as they are', () => {
    const policy = { Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: [{ 'Fn::GetAtt': ['QuoteTable', 'Arn'] }, '*'] };
    expect(resolveIntrinsics(policy, ctx, 'extraPolicies[0]')).toEqual({
      Effect: 'Allow',
      Action: ['dynamodb:GetItem'],
      Resource: ['arn:aws:dynamodb:ap-south-1:000000000000:table/quote-api-dev-data', '*'],
    });
  });

  it('refuses what it cannot resolve, naming the place, the value and what was expected', () => {
    const attempt = (value: unknown) => () => resolveIntrinsics(value, ctx, 'extraPolicies[1].Resource');
    expect(attempt({ Ref: 'Missing' })).toThrow(/^extraPolicies\[1\]\.Resource: expected the logical id of a resource in the stage's "resources" \(QuoteTable, .*\), found "Missing"$/);
    expect(attempt({ 'Fn::GetAtt': ['QuoteTable', 'Nope'] })).toThrow(/expected an attribute tsappa serve knows for "QuoteTable" \(Arn, StreamArn\), found "Nope"/);
    expect(attempt({ 'Fn::ImportValue': 'x' })).toThrow(/found Fn::ImportValue/);
    expect(attempt({ Ref: 'Loop' })).toThrow(/"Loop" refers to itself/);
    expect(attempt({ 'Fn::GetAtt': 'QuoteTable' })).toThrow(IntrinsicError);
    expect(attempt({ Ref: 'hasOwnProperty' })).toThrow(/found "hasOwnProperty"/);
  });
});

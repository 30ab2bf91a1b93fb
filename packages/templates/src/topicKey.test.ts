import { describe, expect, it } from 'vitest';
import { ofType, render, resource, statement } from './__fixtures__/template.js';
import { SNS_MANAGED_KEY, topicKeyStatement } from './topicKey.js';

const VIA_SNS = { 'kms:ViaService': { 'Fn::Sub': 'sns.${AWS::Region}.amazonaws.com' } };
const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('the task topic encryption', () => {
  it('encrypts the created topic with the AWS managed SNS key by default, and lets the function publish through it', () => {
    const t = render({ asyncSource: 'sns' });
    expect(resource(t, 'AsyncTopic').Properties.KmsMasterKeyId).toBe(SNS_MANAGED_KEY);
    expect(statement(t, 'AsyncTopicKey')).toEqual({
      Sid: 'AsyncTopicKey',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*' },
      Condition: { StringEquals: VIA_SNS, 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/aws/sns' } },
    });
  });

  it('a customer key by ARN: the topic uses it, the role names exactly that key', () => {
    const t = render({ asyncSource: 'sns', asyncTopicKmsKey: KEY_ARN });
    expect(resource(t, 'AsyncTopic').Properties.KmsMasterKeyId).toBe(KEY_ARN);
    expect(statement(t, 'AsyncTopicKey')).toMatchObject({ Resource: KEY_ARN, Condition: { StringEquals: VIA_SNS } });
  });

  it('a key named by alias ARN, alias name or key id', () => {
    expect(topicKeyStatement('arn:aws:kms:us-east-1:123456789012:alias/tasks').Condition).toMatchObject({ 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/tasks' } });
    expect(topicKeyStatement('alias/tasks').Condition).toMatchObject({ 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/tasks' } });
    expect(topicKeyStatement('1234abcd-12ab-34cd-56ef-1234567890ab').Resource).toEqual({
      'Fn::Sub': 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    });
  });

  it('asyncSource lambda: no topic, no key permission', () => {
    const t = render();
    expect(ofType(t, 'AWS::SNS::Topic')).toEqual([]);
    expect(statement(t, 'AsyncTopicKey')).toBeUndefined();
  });
});

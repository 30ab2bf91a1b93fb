/**
 * The KMS key of the task topic (`asyncSource: sns`): SNS encrypts every message at rest with
 * it, and a publisher must be able to use the key. Amazon SNS key management
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html): publishers need
 * kms:GenerateDataKey* and kms:Decrypt on the topic's key; SNS decrypts before it delivers to a
 * Lambda subscriber, so the subscription needs nothing more. The role gets exactly those two
 * actions (GenerateDataKey is the only GenerateDataKey* call SNS makes), on that key, and only
 * when SNS asks for them (kms:ViaService).
 *
 * An alias names no key ARN: the statement then covers the keys of the account and region that
 * carry that alias (kms:ResourceAliases, https://docs.aws.amazon.com/kms/latest/developerguide/alias-authorization.html).
 */
import { sub } from './intrinsics.js';
import type { PolicyStatement } from './settings.js';

/** The AWS managed key of SNS: its key policy already lets the account's principals use it through SNS. */
export const SNS_MANAGED_KEY = 'alias/aws/sns';

export const TOPIC_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'];

const KEY_ARN = /^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/;
const ALIAS_ARN = /^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:(alias\/.+)$/;

/** The role statement that lets the function publish to a topic encrypted with `key`. */
export function topicKeyStatement(key: string): PolicyStatement {
  const viaSns = { 'kms:ViaService': sub('sns.${AWS::Region}.amazonaws.com') };
  const base = { Sid: 'AsyncTopicKey', Effect: 'Allow' as const, Action: [...TOPIC_KEY_ACTIONS] };
  if (KEY_ARN.test(key)) return { ...base, Resource: key, Condition: { StringEquals: viaSns } };
  const alias = ALIAS_ARN.exec(key)?.[1] ?? (key.startsWith('alias/') ? key : null);
  if (alias === null) {
    // a bare key id, in the stage's account and region
    return { ...base, Resource: sub(`arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:key/${key}`), Condition: { StringEquals: viaSns } };
  }
  return {
    ...base,
    Resource: sub('arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*'),
    Condition: { StringEquals: viaSns, 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': alias } },
  };
}

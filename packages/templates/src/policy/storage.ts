/** Rules for what the stage keeps: log groups expire their logs, SNS topics are encrypted. */
import { resourcesOfType, type PolicyRule } from './rule.js';

export const logGroupRetention: PolicyRule = {
  id: 'log-group-retention',
  title: 'every log group has a retention (RetentionInDays)',
  compare: 'checkov CKV_AWS_66 (CloudWatch log groups specify retention)',
  check: (input) =>
    resourcesOfType(input, 'AWS::Logs::LogGroup')
      .filter(([, p]) => p.RetentionInDays === undefined)
      .map(([resource]) => ({ rule: logGroupRetention.id, resource, message: 'keeps its logs forever (no RetentionInDays)' })),
};

export const topicEncrypted: PolicyRule = {
  id: 'sns-topic-encrypted',
  title: 'every SNS topic is encrypted with KMS (KmsMasterKeyId)',
  compare: 'checkov CKV_AWS_26 (SNS topic has encryption enabled)',
  check: (input) =>
    resourcesOfType(input, 'AWS::SNS::Topic')
      .filter(([, p]) => !p.KmsMasterKeyId)
      .map(([resource]) => ({ rule: topicEncrypted.id, resource, message: 'is not encrypted (no KmsMasterKeyId)' })),
};

/** Log retention and topic encryption: each rule catches a rendered template that breaks it. */
import { describe, expect, it } from 'vitest';
import { render } from '../__fixtures__/template.js';
import type { CloudFormationTemplate } from '../model.js';
import type { PolicyRule } from './rule.js';
import { logGroupRetention, topicEncrypted } from './storage.js';

const scan = (rule: PolicyRule, template: CloudFormationTemplate) => rule.check({ template }).map((f) => `${f.resource}: ${f.message}`);

describe('storage rules', () => {
  it('log-group-retention passes the function and API log groups, and catches a group without retention', () => {
    expect(scan(logGroupRetention, render())).toEqual([]);
    const t = render({ resources: { AuditLogs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'audit' } } } });
    expect(scan(logGroupRetention, t)).toEqual(['AuditLogs: keeps its logs forever (no RetentionInDays)']);
  });

  it('log-group-retention catches a generated group that lost its retention', () => {
    const t = render();
    delete (t.Resources.ApiAccessLogGroup!.Properties as Record<string, unknown>).RetentionInDays;
    expect(scan(logGroupRetention, t)).toEqual(['ApiAccessLogGroup: keeps its logs forever (no RetentionInDays)']);
  });

  it('sns-topic-encrypted passes the task topic, and catches a topic without KMS', () => {
    expect(scan(topicEncrypted, render({ asyncSource: 'sns' }))).toEqual([]);
    expect(scan(topicEncrypted, render({ resources: { Alerts: { Type: 'AWS::SNS::Topic' } } }))).toEqual(['Alerts: is not encrypted (no KmsMasterKeyId)']);
  });
});

import { ENV } from '@tsappa/runtime/contract';
import { describe, expect, it } from 'vitest';
import { env, ofType, render, resource, statement } from './__fixtures__/template.js';
import { OUTPUTS } from './ids.js';
import { TASK_TABLE_SCHEMA } from './tasks.js';

describe('asynchronous tasks', () => {
  it('creates the response table with TTL', () => {
    const t = render();
    const table = resource(t, 'TaskTable').Properties;
    expect(table).toMatchObject({
      TableName: 'quote-api-dev-tasks',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: TASK_TABLE_SCHEMA.partitionKey, KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: TASK_TABLE_SCHEMA.ttlAttribute, Enabled: true },
    });
    expect(env(t)[ENV.taskTable]).toEqual({ Ref: 'TaskTable' });
    expect(t.Outputs[OUTPUTS.taskTableName]).toBeDefined();
  });

  it('skips the table when no task captures its response', () => {
    const t = render({}, { tasks: { captureResponse: false } });
    expect(t.Resources.TaskTable).toBeUndefined();
    expect(env(t)[ENV.taskTable]).toBeUndefined();
    expect(statement(t, 'TaskTable')).toBeUndefined();
  });

  it('no table, no table permission, no table variable when the package defines no task', () => {
    const t = render({}, { tasks: { defined: false } });
    expect(ofType(t, 'AWS::DynamoDB::Table')).toEqual([]);
    expect(statement(t, 'TaskTable')).toBeUndefined();
    expect(env(t)[ENV.taskTable]).toBeUndefined();
    expect(t.Outputs[OUTPUTS.taskTableName]).toBeUndefined();
    // asyncSource sns: nothing would publish, so no topic, subscription or publish permission either
    const sns = render({ asyncSource: 'sns' }, { tasks: { defined: false } });
    expect(ofType(sns, 'AWS::SNS::Topic')).toEqual([]);
    expect(ofType(sns, 'AWS::SNS::Subscription')).toEqual([]);
    expect(statement(sns, 'AsyncTopicPublish')).toBeUndefined();
    expect(statement(sns, 'AsyncTopicKey')).toBeUndefined();
    const withTasks = render({}, { tasks: { defined: true } });
    expect(resource(withTasks, 'TaskTable').Type).toBe('AWS::DynamoDB::Table');
    expect(statement(withTasks, 'TaskTable')!.Action).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
  });

  it('with asyncSource sns: topic, subscription of the alias and permission', () => {
    const t = render({ asyncSource: 'sns' });
    expect(resource(t, 'AsyncTopic').Properties.TopicName).toBe('quote-api-dev-async');
    expect(resource(t, 'AsyncTopicSubscription').Properties).toEqual({
      TopicArn: { Ref: 'AsyncTopic' },
      Protocol: 'lambda',
      Endpoint: { 'Fn::Sub': '${Function.Arn}:live' },
    });
    expect(resource(t, 'AsyncTopicInvokePermission').Properties).toMatchObject({ Principal: 'sns.amazonaws.com', SourceArn: { Ref: 'AsyncTopic' } });
    expect(env(t)[ENV.asyncTopicArn]).toEqual({ Ref: 'AsyncTopic' });
    expect(t.Outputs[OUTPUTS.asyncTopicArn]!.Value).toEqual({ Ref: 'AsyncTopic' });
    expect(ofType(render(), 'AWS::SNS::Topic')).toEqual([]);
  });

  it('with asyncResources: false uses the named topic and table without creating them', () => {
    const t = render({ asyncSource: 'sns', asyncResources: false, asyncResponseTable: 'shared-tasks' });
    expect(ofType(t, 'AWS::SNS::Topic')).toEqual([]);
    expect(ofType(t, 'AWS::DynamoDB::Table')).toEqual([]);
    expect(env(t)[ENV.taskTable]).toBe('shared-tasks');
    expect(env(t)[ENV.asyncTopicArn]).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:quote-api-dev-async' });
    expect(resource(t, 'AsyncTopicSubscription')).toBeDefined();
  });
});

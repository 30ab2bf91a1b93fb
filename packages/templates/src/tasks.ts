/**
 * Asynchronous tasks: with `asyncSource: sns` the stage's topic, its subscription and the
 * permission that lets SNS invoke the function; the DynamoDB table that holds captured task
 * responses, with TTL.
 *
 * The table rule: the function gets the table (environment variable and IAM access) unless
 * the packager reports that the package defines no task (`tasks.defined === false`) or that no
 * task captures its response (`tasks.captureResponse === false`). The topic is encrypted with
 * `asyncTopicKmsKey` (the AWS managed `alias/aws/sns` by default). Without tasks there is no
 * topic either.
 * The table resource itself is created only with `asyncResources: true`; otherwise the table
 * named `asyncResponseTable` is the user's. Same for the topic.
 */
import { ENV, TASK_TABLE } from '@tsappa/runtime/contract';
import type { Context } from './context.js';
import { invokePermission } from './permission.js';
import { LOGICAL_IDS, OUTPUTS } from './ids.js';
import { literal, ref, stackArn, withTags } from './intrinsics.js';
import type { Fragment } from './model.js';
import { topicKeyStatement } from './topicKey.js';
import type { CloudFormationResource, PolicyStatement } from './settings.js';

/**
 * The captured-responses table's schema: the runtime's (`TASK_TABLE` in the contract): a string
 * partition key and a numeric TTL attribute (epoch seconds) enabled as the table's TTL.
 */
export const TASK_TABLE_SCHEMA = TASK_TABLE;

/** The table (and its permissions) only for a package that defines tasks some of which may capture responses. */
export function usesTaskTable(ctx: Context): boolean {
  return ctx.tasks.defined !== false && ctx.tasks.captureResponse !== false;
}

export function tasksFragment(ctx: Context): Fragment {
  const { settings, names } = ctx;
  const resources: Record<string, CloudFormationResource> = {};
  const statements: PolicyStatement[] = [];
  const environment: Record<string, unknown> = {};
  const outputs: Fragment['outputs'] = {};

  // a package that defines no task publishes nothing: no topic either
  if (settings.asyncSource === 'sns' && ctx.tasks.defined !== false) {
    const topicArn = settings.asyncResources ? ref(LOGICAL_IDS.asyncTopic) : stackArn('sns', literal(names.asyncTopic));
    if (settings.asyncResources) {
      resources[LOGICAL_IDS.asyncTopic] = {
        Type: 'AWS::SNS::Topic',
        Properties: withTags(
          { TopicName: names.asyncTopic, DisplayName: `tsappa tasks of ${names.stack}`, KmsMasterKeyId: settings.asyncTopicKmsKey },
          settings.tags,
        ),
      };
    }
    resources[LOGICAL_IDS.asyncPermission] = invokePermission(ctx, { principal: 'sns.amazonaws.com', sourceArn: topicArn });
    resources[LOGICAL_IDS.asyncSubscription] = {
      Type: 'AWS::SNS::Subscription',
      DependsOn: [ctx.aliasDependsOn, LOGICAL_IDS.asyncPermission],
      Properties: { TopicArn: topicArn, Protocol: 'lambda', Endpoint: ctx.aliasArn },
    };
    statements.push({ Sid: 'AsyncTopicPublish', Effect: 'Allow', Action: 'sns:Publish', Resource: topicArn });
    // the topic is encrypted at rest: publishing uses its key (topicKey.ts)
    statements.push(topicKeyStatement(settings.asyncTopicKmsKey));
    environment[ENV.asyncTopicArn] = topicArn;
    outputs[OUTPUTS.asyncTopicArn] = { Description: 'the SNS topic tasks are published to', Value: topicArn };
  }

  if (usesTaskTable(ctx)) {
    const tableName = names.taskTable;
    if (settings.asyncResources) {
      resources[LOGICAL_IDS.taskTable] = {
        Type: 'AWS::DynamoDB::Table',
        DeletionPolicy: 'Delete',
        UpdateReplacePolicy: 'Delete',
        Properties: withTags(
          {
            TableName: tableName,
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: [{ AttributeName: TASK_TABLE_SCHEMA.partitionKey, AttributeType: 'S' }],
            KeySchema: [{ AttributeName: TASK_TABLE_SCHEMA.partitionKey, KeyType: 'HASH' }],
            TimeToLiveSpecification: { AttributeName: TASK_TABLE_SCHEMA.ttlAttribute, Enabled: true },
          },
          settings.tags,
        ),
      };
    }
    const tableRef = settings.asyncResources ? ref(LOGICAL_IDS.taskTable) : tableName;
    statements.push({
      Sid: 'TaskTable',
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      Resource: stackArn('dynamodb', `table/${literal(tableName)}`),
    });
    environment[ENV.taskTable] = tableRef;
    outputs[OUTPUTS.taskTableName] = { Description: 'the table of captured task responses', Value: tableRef };
  }

  return { resources, statements, environment, outputs };
}

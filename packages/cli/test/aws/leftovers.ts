/**
 * What a stage leaves behind after `tsappa undeploy --remove-logs --purge-artifacts`: every
 * resource whose name carries the stack's name, looked up service by service. An empty list
 * means nothing is left (and nothing keeps costing money).
 */
import { APIGatewayClient, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient, paginateListTables } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { IAMClient, paginateListRoles } from '@aws-sdk/client-iam';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { paginateListTopics, SNSClient } from '@aws-sdk/client-sns';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';

const gone = (error: unknown, ...names: string[]) => names.includes((error as { name?: string }).name ?? '') || /does not exist|not found/i.test(String((error as Error).message));

/** The ids of the stack's REST APIs (read while it is deployed: their log groups are named by id). */
export async function restApiIds(stack: string): Promise<string[]> {
  const apis = (await new APIGatewayClient({}).send(new GetRestApisCommand({ limit: 500 }))).items ?? [];
  return apis.filter((a) => a.name?.startsWith(stack)).map((a) => a.id!);
}

export async function leftovers(stack: string, bucket: string, apiIds: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  try {
    const s = (await new CloudFormationClient({}).send(new DescribeStacksCommand({ StackName: stack }))).Stacks?.[0];
    if (s && s.StackStatus !== 'DELETE_COMPLETE') found.push(`stack ${stack} (${s.StackStatus})`);
  } catch (error) {
    if (!gone(error, 'ValidationError')) throw error;
  }
  try {
    await new LambdaClient({}).send(new GetFunctionCommand({ FunctionName: stack }));
    found.push(`function ${stack}`);
  } catch (error) {
    if (!gone(error, 'ResourceNotFoundException')) throw error;
  }
  const apis = (await new APIGatewayClient({}).send(new GetRestApisCommand({ limit: 500 }))).items ?? [];
  found.push(...apis.filter((a) => a.name?.startsWith(stack)).map((a) => `REST API ${a.name} (${a.id})`));
  // the function's group, the API's access and execution log groups (API-Gateway-Execution-Logs_<api id>/<stage> is named by the API's id)
  const groupPatterns = [stack, ...apiIds];
  for (const pattern of groupPatterns) {
    for await (const page of paginateDescribeLogGroups({ client: new CloudWatchLogsClient({}) }, { logGroupNamePattern: pattern })) {
      found.push(...(page.logGroups ?? []).map((g) => `log group ${g.logGroupName}`));
    }
  }
  const rules = (await new EventBridgeClient({}).send(new ListRulesCommand({ NamePrefix: stack }))).Rules ?? [];
  found.push(...rules.map((r) => `Events rule ${r.Name}`));
  for await (const page of paginateListTables({ client: new DynamoDBClient({}) }, {})) {
    found.push(...(page.TableNames ?? []).filter((t) => t.startsWith(stack)).map((t) => `DynamoDB table ${t}`));
  }
  for await (const page of paginateListTopics({ client: new SNSClient({}) }, {})) {
    found.push(...(page.Topics ?? []).filter((t) => t.TopicArn?.split(':').pop()?.startsWith(stack)).map((t) => `SNS topic ${t.TopicArn}`));
  }
  const queues = (await new SQSClient({}).send(new ListQueuesCommand({ QueueNamePrefix: stack }))).QueueUrls ?? [];
  found.push(...queues.map((q) => `SQS queue ${q}`));
  for await (const page of paginateListRoles({ client: new IAMClient({}) }, {})) {
    found.push(...(page.Roles ?? []).filter((r) => r.RoleName?.startsWith(stack)).map((r) => `IAM role ${r.RoleName}`));
  }
  try {
    const objects = (await new S3Client({ forcePathStyle: !!process.env.AWS_ENDPOINT_URL }).send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${stack}-` }))).Contents ?? [];
    found.push(...objects.map((o) => `artifact s3://${bucket}/${o.Key}`));
  } catch (error) {
    if (!gone(error, 'NoSuchBucket')) throw error;
  }
  return found;
}

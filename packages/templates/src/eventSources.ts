/**
 * Event sources: SQS, DynamoDB and Kinesis event source mappings; SNS subscriptions with their
 * permission; for S3 only the permission (an existing bucket's notification configuration is
 * not a CloudFormation resource of this stack: the deploy command sets it, see the README).
 *
 * Logical ids derive from the source's ARN, never from its position in `events`.
 */
import { canonicalJson, shortHash } from './canonical.js';
import type { Context } from './context.js';
import { invokePermission } from './permission.js';
import { parseArn } from './context.js';
import { LOGICAL_ID_PREFIXES, pascal } from './ids.js';
import { withTags } from './intrinsics.js';
import { TemplateError, type Fragment } from './model.js';
import type { CloudFormationResource, EventSourceService, PolicyStatement, SourceEvent } from './settings.js';
import { failureDestinationsFragment, failureMappingProperties } from './sourceFailures.js';

const SERVICE_LABEL: Record<EventSourceService, string> = {
  s3: 'S3',
  sns: 'Sns',
  sqs: 'Sqs',
  dynamodb: 'DynamoDb',
  kinesis: 'Kinesis',
};

const MAPPING_ACTIONS: Partial<Record<EventSourceService, string[]>> = {
  sqs: ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'],
  dynamodb: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
  kinesis: [
    'kinesis:DescribeStream',
    'kinesis:DescribeStreamSummary',
    'kinesis:GetRecords',
    'kinesis:GetShardIterator',
    'kinesis:ListShards',
    'kinesis:ListStreams',
    'kinesis:SubscribeToShard',
  ],
};

/** `EventSource<Service><hash of the ARN>`: the base of a source's logical ids. */
export function eventSourceLogicalId(source: Pick<SourceEvent, 'service' | 'eventSource'>): string {
  return `${LOGICAL_ID_PREFIXES.eventSource}${SERVICE_LABEL[source.service] ?? pascal(source.service)}${shortHash(source.eventSource.arn, 10)}`;
}

function filterPattern(pattern: unknown): string {
  return typeof pattern === 'string' ? pattern : canonicalJson(pattern);
}

export function eventSourcesFragment(ctx: Context): Fragment {
  const { settings } = ctx;
  const resources: Record<string, CloudFormationResource> = {};
  const statements: PolicyStatement[] = [];
  const seen = new Set<string>();
  for (const event of settings.events) {
    if (event.kind !== 'source') continue;
    const { arn } = event.eventSource;
    if (seen.has(arn)) throw new TemplateError(`events: the event source ${arn} is listed twice; one function per source`);
    seen.add(arn);
    const base = eventSourceLogicalId(event);
    const source = event.eventSource;
    switch (event.service) {
      case 'sqs':
      case 'dynamodb':
      case 'kinesis': {
        const properties: Record<string, unknown> = {
          EventSourceArn: arn,
          FunctionName: ctx.aliasArn,
          Enabled: true,
        };
        if (source.batchSize !== null) properties.BatchSize = source.batchSize;
        if (event.service !== 'sqs') properties.StartingPosition = source.startingPosition ?? 'TRIM_HORIZON';
        // the runtime passes the function's { batchItemFailures } back to Lambda (sourceFailures.ts)
        Object.assign(properties, failureMappingProperties(event));
        if (source.filterPatterns.length > 0) {
          properties.FilterCriteria = { Filters: source.filterPatterns.map((p) => ({ Pattern: filterPattern(p) })) };
        }
        resources[`${base}Mapping`] = {
          Type: 'AWS::Lambda::EventSourceMapping',
          DependsOn: [ctx.aliasDependsOn],
          Properties: withTags(properties, settings.tags),
        };
        statements.push({
          Sid: base,
          Effect: 'Allow',
          Action: [...MAPPING_ACTIONS[event.service]!],
          Resource: arn,
        });
        break;
      }
      case 'sns': {
        resources[`${base}Permission`] = invokePermission(ctx, { principal: 'sns.amazonaws.com', sourceArn: arn });
        const properties: Record<string, unknown> = { TopicArn: arn, Protocol: 'lambda', Endpoint: ctx.aliasArn };
        const region = parseArn(arn).region;
        if (region && region !== settings.awsRegion) properties.Region = region;
        if (source.filterPatterns.length > 1) {
          throw new TemplateError(`events: the SNS source ${arn} takes one filter policy, not ${source.filterPatterns.length}`);
        }
        if (source.filterPatterns.length === 1) {
          const policy = source.filterPatterns[0];
          try {
            properties.FilterPolicy = typeof policy === 'string' ? JSON.parse(policy) : policy;
          } catch {
            throw new TemplateError(`events: the filter policy of the SNS source ${arn} is not JSON`);
          }
        }
        resources[`${base}Subscription`] = {
          Type: 'AWS::SNS::Subscription',
          DependsOn: [ctx.aliasDependsOn, `${base}Permission`],
          Properties: properties,
        };
        break;
      }
      case 's3': {
        resources[`${base}Permission`] = invokePermission(ctx, {
          principal: 's3.amazonaws.com',
          sourceArn: arn,
          sourceAccount: { Ref: 'AWS::AccountId' },
        });
        break;
      }
      default: {
        const unknown: never = event.service;
        throw new TemplateError(`events: unsupported event source service "${String(unknown)}" (${arn})`);
      }
    }
  }
  const failures = failureDestinationsFragment(ctx);
  return { resources: { ...resources, ...failures.resources }, statements: [...statements, ...(failures.statements ?? [])] };
}

/**
 * Test support: what a deployed stage serves, read through the AWS APIs (never the template,
 * never $LATEST): the version `live` points at and its configuration, the API's methods and
 * stage, the schedule rules, the log group.
 */
import { APIGatewayClient, GetAuthorizersCommand, GetMethodCommand, GetResourcesCommand, GetRestApiCommand, GetRestApisCommand, GetStageCommand, type Method } from '@aws-sdk/client-api-gateway';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, ListTagsForResourceCommand as ListLogTagsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeRuleCommand, EventBridgeClient, ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { GetAliasCommand, GetFunctionConfigurationCommand, LambdaClient, ListTagsCommand, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import { MOTO_REGION } from '../../../../test/support/moto.js';

export interface ServedMethod {
  path: string;
  httpMethod: string;
  method: Method;
}

/** Readers of one stage's serving resources; clients are made per call (the endpoint is set in beforeAll). */
export function servedStage(name: string, stage: string) {
  const lambda = () => new LambdaClient({ region: MOTO_REGION });
  const apigw = () => new APIGatewayClient({ region: MOTO_REGION });
  const restApiId = async (): Promise<string | null> => (await apigw().send(new GetRestApisCommand({ limit: 500 }))).items?.find((a) => a.name === name)?.id ?? null;
  return {
    restApiId,
    async restApi() {
      const api = await restApiId();
      return api ? apigw().send(new GetRestApiCommand({ restApiId: api })) : null;
    },
    /** the configuration of the version `live` points at */
    async live(): Promise<FunctionConfiguration> {
      const alias = await lambda().send(new GetAliasCommand({ FunctionName: name, Name: 'live' }));
      return lambda().send(new GetFunctionConfigurationCommand({ FunctionName: name, Qualifier: alias.FunctionVersion }));
    },
    async functionTags(): Promise<Record<string, string>> {
      const config = await lambda().send(new GetFunctionConfigurationCommand({ FunctionName: name }));
      return (await lambda().send(new ListTagsCommand({ Resource: config.FunctionArn }))).Tags ?? {};
    },
    async methods(): Promise<ServedMethod[]> {
      const api = await restApiId();
      if (!api) return [];
      const out: ServedMethod[] = [];
      for (const resource of (await apigw().send(new GetResourcesCommand({ restApiId: api }))).items ?? []) {
        for (const httpMethod of Object.keys(resource.resourceMethods ?? {}).sort()) {
          out.push({ path: resource.path ?? '?', httpMethod, method: await apigw().send(new GetMethodCommand({ restApiId: api, resourceId: resource.id, httpMethod })) });
        }
      }
      return out.sort((a, b) => `${a.path} ${a.httpMethod}`.localeCompare(`${b.path} ${b.httpMethod}`));
    },
    async authorizerNames(): Promise<Record<string, string>> {
      const api = await restApiId();
      const items = api ? ((await apigw().send(new GetAuthorizersCommand({ restApiId: api }))).items ?? []) : [];
      return Object.fromEntries(items.map((a) => [a.id ?? '', a.name ?? '']));
    },
    async apiStage() {
      const api = await restApiId();
      return api ? apigw().send(new GetStageCommand({ restApiId: api, stageName: stage })) : null;
    },
    async rules(): Promise<{ name: string; state: string; expression: string | null }[]> {
      const events = new EventBridgeClient({ region: MOTO_REGION });
      const listed = (await events.send(new ListRulesCommand({ NamePrefix: `${name}-` }))).Rules ?? [];
      const out = [];
      for (const rule of listed) {
        const described = await events.send(new DescribeRuleCommand({ Name: rule.Name }));
        out.push({ name: rule.Name ?? '', state: described.State ?? '', expression: described.ScheduleExpression ?? null });
      }
      return out.sort((a, b) => a.name.localeCompare(b.name));
    },
    async logGroup() {
      const logs = new CloudWatchLogsClient({ region: MOTO_REGION });
      const group = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/aws/lambda/${name}` }))).logGroups?.find((g) => g.logGroupName === `/aws/lambda/${name}`);
      if (!group) return null;
      const arn = (group.arn ?? '').replace(/:\*$/, '');
      const tags = (await logs.send(new ListLogTagsCommand({ resourceArn: arn }))).tags ?? {};
      return { retentionInDays: group.retentionInDays ?? null, tags };
    },
  };
}

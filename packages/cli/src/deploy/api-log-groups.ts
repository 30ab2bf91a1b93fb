/**
 * The API stage's log groups (access and execution logs), kept by the stack when it goes (like
 * the function's) and removed by `undeploy --remove-logs`. Their names hold the REST API's id,
 * read from the stack's outputs before the stack is deleted.
 */
import { DeleteLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { Stack } from '@aws-sdk/client-cloudformation';
import { accessLogGroupName, API_TYPE_OUTPUTS, executionLogGroupName, httpApiAccessLogGroupName, OUTPUTS } from '@tsappa/templates';
import type { AwsClients } from '../aws/clients.js';
import { errorName } from './retry.js';

/** The stage's API log group names, when the stack has a REST API (or an HTTP API: its access log group). */
export function apiLogGroupNames(stack: Pick<Stack, 'Outputs'> | null | undefined, stage: string): string[] {
  const restApiId = stack?.Outputs?.find((o) => o.OutputKey === OUTPUTS.restApiId)?.OutputValue;
  const httpApiId = stack?.Outputs?.find((o) => o.OutputKey === API_TYPE_OUTPUTS.httpApiId)?.OutputValue;
  if (httpApiId) return [httpApiAccessLogGroupName(httpApiId)];
  return restApiId ? [accessLogGroupName(restApiId, stage), executionLogGroupName(restApiId, stage)] : [];
}

/** Deletes the groups that exist; returns the names deleted. */
export async function deleteLogGroups(clients: AwsClients, names: string[]): Promise<string[]> {
  const deleted: string[] = [];
  for (const logGroupName of names) {
    try {
      await (await clients.logs()).send(new DeleteLogGroupCommand({ logGroupName }));
      deleted.push(logGroupName);
    } catch (error) {
      if (errorName(error) !== 'ResourceNotFoundException') throw error;
    }
  }
  return deleted;
}

/**
 * Things worth telling the user about a stage that still renders: the CLI prints them before
 * `template`, `deploy` and `update`.
 */
import { apiWaitSeconds } from './http-api-support.js';
import type { TemplateInput } from './model.js';

/** API Gateway REST's default integration timeout (seconds). */
export const API_INTEGRATION_TIMEOUT_SECONDS = 29;

/** Lambda runtimes AWS no longer lets new functions use (deprecation schedule, late 2026). */
const RETIRED_RUNTIMES: Record<string, string> = {
  'nodejs20.x': 'Lambda disabled creating nodejs20.x functions on 2026-06-01 and updating them on 2026-07-01; use nodejs22.x or nodejs24.x',
};

export function templateWarnings(input: TemplateInput): string[] {
  const { settings } = input;
  const warnings: string[] = [];
  const wait = apiWaitSeconds(settings);
  if (settings.apiGateway && wait !== null && settings.timeoutSeconds > wait) {
    warnings.push(
      settings.apiType === 'http'
        ? `timeoutSeconds is ${settings.timeoutSeconds}, but an HTTP API stops waiting after ${wait} s: requests through the API time out first (apiType "url" waits as long as the function)`
        : `timeoutSeconds is ${settings.timeoutSeconds}, but API Gateway stops waiting after ${API_INTEGRATION_TIMEOUT_SECONDS} s by default: requests through the API time out first (responseStreaming allows up to 15 minutes)`,
    );
  }
  const retired = RETIRED_RUNTIMES[settings.runtime];
  if (retired) warnings.push(`runtime: ${retired}`);
  if (settings.apiGateway && settings.endpointConfiguration === 'PRIVATE' && settings.vpcEndpointIds.length === 0) {
    warnings.push('endpointConfiguration is PRIVATE with no vpcEndpointIds: the API accepts calls from any VPC endpoint that can reach it');
  }
  const s3Sources = settings.events.filter((event) => event.kind === 'source' && event.service === 's3');
  if (s3Sources.length > 0) {
    warnings.push(
      `S3 event sources (${s3Sources.length}): the stack grants S3 the right to invoke the function; the bucket notification itself is set on the bucket by the deploy (see @tsappa/templates README)`,
    );
  }
  return warnings;
}

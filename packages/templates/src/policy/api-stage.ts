/**
 * Rules for API Gateway stages: access logs, execution logs, a stage-wide throttle, no data
 * trace. Access logs and the throttle apply to REST stages (AWS::ApiGateway::Stage) and HTTP API
 * stages (AWS::ApiGatewayV2::Stage) alike; execution logs and data trace exist for REST only.
 */
import { asList, resourcesOfType, type PolicyFinding, type PolicyInput, type PolicyRule, type Properties } from './rule.js';

const STAGE = 'AWS::ApiGateway::Stage';
const HTTP_STAGE = 'AWS::ApiGatewayV2::Stage';

/** The method setting that covers every method (`/*` and `*`, the console's "/*\/*"). */
function stageWideSetting(properties: Properties): Properties | undefined {
  return asList(properties.MethodSettings as Properties[] | undefined).find((s) => s.ResourcePath === '/*' && s.HttpMethod === '*');
}

function stages(input: PolicyInput, id: string, broken: (properties: Properties) => string | null, type = STAGE): PolicyFinding[] {
  return resourcesOfType(input, type).flatMap(([resource, properties]) => {
    const message = broken(properties);
    return message ? [{ rule: id, resource, message }] : [];
  });
}

const isThrottle = (rate: unknown, burst: unknown) => typeof rate === 'number' && rate > 0 && typeof burst === 'number' && burst >= 0;

export const stageAccessLogs: PolicyRule = {
  id: 'api-stage-access-logs',
  title: 'every API stage writes access logs to a log group',
  compare: 'checkov CKV_AWS_76 (API Gateway has access logging enabled)',
  check: (input) => [
    ...stages(input, stageAccessLogs.id, (p) => {
      const setting = p.AccessLogSetting as Properties | undefined;
      return setting?.DestinationArn && setting.Format ? null : 'has no AccessLogSetting with a DestinationArn and a Format';
    }),
    ...stages(
      input,
      stageAccessLogs.id,
      (p) => {
        const settings = p.AccessLogSettings as Properties | undefined;
        return settings?.DestinationArn && settings.Format ? null : 'has no AccessLogSettings with a DestinationArn and a Format';
      },
      HTTP_STAGE,
    ),
  ],
};

export const stageExecutionLogs: PolicyRule = {
  id: 'api-stage-execution-logs',
  title: 'every API stage logs errors (LoggingLevel ERROR or INFO on every method)',
  compare: 'cfn-lint serverless rules: API Gateway stage logging; Security Hub APIGateway.1',
  check: (input) =>
    stages(input, stageExecutionLogs.id, (p) => {
      const level = stageWideSetting(p)?.LoggingLevel;
      return level === 'ERROR' || level === 'INFO' ? null : `has no execution logging on /*/* (LoggingLevel ${String(level ?? 'unset')})`;
    }),
};

export const stageThrottle: PolicyRule = {
  id: 'api-stage-throttle',
  title: 'every API stage has a stage-wide throttle (rate and burst on /*/*, or an HTTP API\'s default route settings)',
  compare: 'cfn-lint serverless rules: API Gateway default throttling',
  check: (input) => [
    ...stages(input, stageThrottle.id, (p) => {
      const setting = stageWideSetting(p);
      return isThrottle(setting?.ThrottlingRateLimit, setting?.ThrottlingBurstLimit) ? null : 'has no ThrottlingRateLimit and ThrottlingBurstLimit on /*/*';
    }),
    ...stages(
      input,
      stageThrottle.id,
      (p) => {
        const route = p.DefaultRouteSettings as Properties | undefined;
        return isThrottle(route?.ThrottlingRateLimit, route?.ThrottlingBurstLimit) ? null : 'has no ThrottlingRateLimit and ThrottlingBurstLimit in DefaultRouteSettings';
      },
      HTTP_STAGE,
    ),
  ],
};

export const stageNoDataTrace: PolicyRule = {
  id: 'api-stage-no-data-trace',
  title: 'no API stage logs full request and response bodies (DataTraceEnabled)',
  compare: 'AWS guidance: data trace logs can hold credentials and personal data',
  check: (input) =>
    stages(input, stageNoDataTrace.id, (p) =>
      asList(p.MethodSettings as Properties[] | undefined).some((s) => s.DataTraceEnabled === true || s.DataTraceEnabled === 'true') ? 'has DataTraceEnabled on a method setting' : null,
    ),
};

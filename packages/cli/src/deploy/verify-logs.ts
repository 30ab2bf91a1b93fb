/**
 * Reads back where the function served by `live` logs: the log group its configuration names
 * (Lambda's default `/aws/lambda/<function>` without a LoggingConfig) is the stage's, it exists,
 * and it keeps logs for `logRetentionDays`. When the template sets the function's LoggingConfig
 * (log format, application and system levels), the served version carries the same.
 */
import { DescribeLogGroupsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';

export interface ExpectedLogging {
  logGroup: string;
  retentionDays: number;
  /** the template's LoggingConfig, when it sets one (Text/JSON, levels) */
  format: string | null;
  applicationLogLevel: string | null;
  systemLogLevel: string | null;
}

export interface LoggingReadBack {
  logGroup: string;
  retentionDays: number | null;
  format: string;
  differences: string[];
}

interface TemplateLoggingConfig {
  LogFormat?: unknown;
  ApplicationLogLevel?: unknown;
  SystemLogLevel?: unknown;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** What the settings and the template's function ask of the function's logging. */
export function expectedLogging(logGroup: string, retentionDays: number, loggingConfig: TemplateLoggingConfig | undefined): ExpectedLogging {
  return {
    logGroup,
    retentionDays,
    format: text(loggingConfig?.LogFormat),
    applicationLogLevel: text(loggingConfig?.ApplicationLogLevel),
    systemLogLevel: text(loggingConfig?.SystemLogLevel),
  };
}

/** What differs in the served version's own logging configuration (no AWS call). */
export function loggingConfigDifferences(config: FunctionConfiguration, expected: ExpectedLogging, functionName: string): string[] {
  const found: string[] = [];
  const group = config.LoggingConfig?.LogGroup ?? `/aws/lambda/${functionName}`;
  if (group !== expected.logGroup) found.push(`log group: ${group} instead of ${expected.logGroup}`);
  const compare = (what: string, actual: string | undefined, wanted: string | null, lambdaDefault: string | null) => {
    if (wanted !== null && (actual ?? lambdaDefault) !== wanted) found.push(`${what}: ${actual ?? lambdaDefault ?? '(none)'} instead of ${wanted}`);
  };
  compare('log format', config.LoggingConfig?.LogFormat, expected.format, 'Text');
  compare('application log level', config.LoggingConfig?.ApplicationLogLevel, expected.applicationLogLevel, null);
  compare('system log level', config.LoggingConfig?.SystemLogLevel, expected.systemLogLevel, null);
  return found;
}

/** Reads the log group: it exists and keeps logs as long as the settings ask. */
export async function verifyLogging(logs: CloudWatchLogsClient, config: FunctionConfiguration, expected: ExpectedLogging, functionName: string): Promise<LoggingReadBack> {
  const found = loggingConfigDifferences(config, expected, functionName);
  const page = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: expected.logGroup }));
  const group = (page.logGroups ?? []).find((g) => g.logGroupName === expected.logGroup);
  const retentionDays = group?.retentionInDays ?? null;
  if (!group) found.push(`log group ${expected.logGroup}: missing`);
  else if (retentionDays !== expected.retentionDays) found.push(`log retention (days): ${retentionDays ?? 'never expire'} instead of ${expected.retentionDays}`);
  return { logGroup: expected.logGroup, retentionDays, format: config.LoggingConfig?.LogFormat ?? expected.format ?? 'Text', differences: found };
}

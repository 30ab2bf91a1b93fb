/**
 * The function's LoggingConfig (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-lambda-function-loggingconfig.html).
 * With the default `logFormat: "Text"` there is none, so existing stacks stay as they were. With
 * JSON: the format, the levels the stage sets (Lambda's own default is INFO for both), and the
 * stage's log group by name, so the function keeps writing where `tail` and the retention point.
 */
import type { Context } from './context.js';

export interface LoggingConfig {
  LogFormat: 'JSON';
  LogGroup: string;
  ApplicationLogLevel?: string;
  SystemLogLevel?: string;
}

export function functionLoggingConfig(ctx: Context): LoggingConfig | null {
  const { settings, names } = ctx;
  if (settings.logFormat !== 'JSON') return null;
  return {
    LogFormat: 'JSON',
    LogGroup: names.logGroup,
    ...(settings.applicationLogLevel ? { ApplicationLogLevel: settings.applicationLogLevel } : {}),
    ...(settings.systemLogLevel ? { SystemLogLevel: settings.systemLogLevel } : {}),
  };
}

/** The choices of the structured-log settings: Lambda's LoggingConfig values, as AWS spells them. */
import type { ApplicationLogLevel, LogFormat, SystemLogLevel } from '@tsappa/templates';

export const LOG_FORMATS = ['Text', 'JSON'] as const satisfies readonly LogFormat[];
export const APPLICATION_LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const satisfies readonly ApplicationLogLevel[];
export const SYSTEM_LOG_LEVELS = ['DEBUG', 'INFO', 'WARN'] as const satisfies readonly SystemLogLevel[];

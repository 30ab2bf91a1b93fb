import { runtimeLog } from '../log-line.js';

/** Where the adapter reports problems. Every call names the Lambda request id when there is one. */
export interface Logger {
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

/**
 * The default logger: one line per problem, in the function's log format (../log-line.ts):
 * `tsappa: ...` through the console with Text, one JSON object with JSON.
 */
export const consoleLogger: Logger = {
  warn: (message, details) => runtimeLog('WARN', message, details),
  error: (message, details) => runtimeLog('ERROR', message, details),
};

/** Where the adapter reports problems. Every call names the Lambda request id when there is one. */
export interface Logger {
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

const describe = (details: Record<string, unknown> | undefined): unknown[] => {
  if (!details) return [];
  const { error, ...rest } = details;
  const out: unknown[] = [];
  if (Object.keys(rest).length > 0) out.push(JSON.stringify(rest));
  if (error !== undefined) out.push(error);
  return out;
};

/** The default logger: one line on stderr per problem, prefixed `tsappa:`. */
export const consoleLogger: Logger = {
  warn: (message, details) => console.warn(`tsappa: ${message}`, ...describe(details)),
  error: (message, details) => console.error(`tsappa: ${message}`, ...describe(details)),
};

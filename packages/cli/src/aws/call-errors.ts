/**
 * Errors from AWS calls that say which call failed.
 *
 * - Every error a call ends with names the service, the operation and, when the input names
 *   one, the resource: `CloudFormation ExecuteChangeSet (stack app-dev): ...`.
 * - A response body the SDK cannot parse (an HTML error page, a truncated XML document) becomes
 *   an AwsUnreadableResponseError with the HTTP status and the body's first 300 characters,
 *   instead of the SDK's "XML parse error" that names nothing.
 *
 * Two middlewares do it: one in the deserialize step, under the SDK's deserializer, keeps the
 * body of every non-2xx response (buffered, so the deserializer still reads it); one at the end
 * of finalizeRequest, inside the retry loop, rewrites the error. The error keeps its name and
 * `$metadata`, so the SDK's retry decisions are unchanged.
 */

/** The most of an unreadable body an error shows. */
export const BODY_PREVIEW_CHARS = 300;

/** Input fields that name the resource a call is about, with the word shown before the value. */
const RESOURCE_FIELDS: [string, string][] = [
  ['StackName', 'stack'],
  ['FunctionName', 'function'],
  ['TableName', 'table'],
  ['logGroupName', 'log group'],
  ['restApiId', 'REST API'],
  ['apiKey', 'API key'],
  ['domainName', 'domain'],
  ['CertificateArn', 'certificate'],
  ['HostedZoneId', 'hosted zone'],
  ['Name', 'name'],
  ['Bucket', 'bucket'],
];

/** What a call was about: `stack app-dev`, `s3://bucket/key`, or null. */
export function resourceOf(input: unknown): string | null {
  if (!input || typeof input !== 'object') return null;
  const fields = input as Record<string, unknown>;
  if (typeof fields.Bucket === 'string' && typeof fields.Key === 'string') return `s3://${fields.Bucket}/${fields.Key}`;
  for (const [field, word] of RESOURCE_FIELDS) {
    const value = fields[field];
    if (typeof value === 'string' && value) return `${word} ${value}`;
  }
  return null;
}

/** `CloudFormation ExecuteChangeSet (stack app-dev)` */
export function describeCall(service: string, operation: string, input: unknown): string {
  const resource = resourceOf(input);
  return `${service} ${operation}${resource ? ` (${resource})` : ''}`;
}

/** A response whose body the SDK could not read. Keeps the status in `$metadata`. */
export class AwsUnreadableResponseError extends Error {
  override name = 'AwsUnreadableResponseError';
  constructor(
    message: string,
    readonly $metadata: { httpStatusCode?: number; requestId?: string },
    readonly bodyPreview: string,
  ) {
    super(message);
  }
}

interface RawResponse {
  statusCode?: number;
  body?: unknown;
}

interface CallContext {
  commandName?: string;
  tsappaErrorBody?: string;
}

const PREFIXED = Symbol('tsappa.callNamed');

async function readBody(body: unknown): Promise<Uint8Array | null> {
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body && typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
    return new Uint8Array(Buffer.concat(chunks));
  }
  return null;
}

/** Deserialize step: keeps an error response's body where the error namer can read it. */
export function errorBodyKeeper() {
  return (next: (args: unknown) => Promise<{ response: RawResponse }>, context: CallContext) =>
    async (args: unknown) => {
      const result = await next(args);
      const response = result.response;
      if (response && typeof response.statusCode === 'number' && response.statusCode >= 300) {
        const bytes = await readBody(response.body);
        if (bytes) {
          response.body = bytes;
          context.tsappaErrorBody = Buffer.from(bytes).toString('utf8');
        }
      }
      return result;
    };
}

function isUnparsedResponse(error: Record<string, unknown>): boolean {
  // a service exception carries $fault; a deserialization failure carries only $response
  return '$response' in error && !('$fault' in error);
}

/** The error a failed call ends with, naming the call; unreadable bodies shown as they came. */
export function namedCallError(error: unknown, call: string, body: string | undefined): unknown {
  if (!(error instanceof Error)) return error;
  const fields = error as unknown as Record<string | symbol, unknown>;
  if (fields[PREFIXED]) return error;
  if (isUnparsedResponse(fields)) {
    const metadata = (fields.$metadata ?? {}) as { httpStatusCode?: number; requestId?: string };
    const response = fields.$response as RawResponse | undefined;
    const status = metadata.httpStatusCode ?? response?.statusCode;
    const text = body ?? (typeof fields.$responseBodyText === 'string' ? fields.$responseBodyText : '');
    const preview = text.slice(0, BODY_PREVIEW_CHARS);
    const shown = preview ? `: ${JSON.stringify(preview)}${text.length > BODY_PREVIEW_CHARS ? ` (first ${BODY_PREVIEW_CHARS} of ${text.length} characters)` : ''}` : ' and an empty body';
    const named = new AwsUnreadableResponseError(`${call} failed: HTTP ${status ?? '?'} with a body the AWS SDK could not read${shown}`, { ...metadata, ...(status ? { httpStatusCode: status } : {}) }, preview);
    Object.defineProperty(named, PREFIXED, { value: true });
    return named;
  }
  try {
    error.message = `${call}: ${error.message}`;
    Object.defineProperty(error, PREFIXED, { value: true });
  } catch {
    // a frozen error keeps its message
  }
  return error;
}

/** finalizeRequest step, inside the retry loop: names the call in the error it failed with. */
export function callErrorNamer(service: string) {
  return (next: (args: { input?: unknown }) => Promise<unknown>, context: CallContext) =>
    async (args: { input?: unknown }) => {
      context.tsappaErrorBody = undefined;
      try {
        return await next(args);
      } catch (error) {
        const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
        throw namedCallError(error, describeCall(service, operation, args.input), context.tsappaErrorBody);
      }
    };
}

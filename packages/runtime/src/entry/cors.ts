/**
 * CORS, answered by the function as API Gateway would with its own CORS support: a preflight
 * (OPTIONS with Access-Control-Request-Method) never reaches the app; every other response
 * gets Access-Control-Allow-Origin (and -Credentials) unless the app set them itself.
 *
 * The preflight's response goes through the web adapter like any app response (a built-in
 * `(req, res)` listener), so its shape fits the event source: REST v1, HTTP API, Function URL
 * or ALB.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CorsConfig } from '../contract.js';

type Headers = Record<string, string | undefined>;
type MultiHeaders = Record<string, string[] | undefined>;

interface HttpEventShape {
  httpMethod?: string;
  requestContext?: { http?: { method?: string } };
  headers?: Headers | null;
  multiValueHeaders?: MultiHeaders | null;
}

/** A request header from any HTTP event shape, case-insensitively. */
function header(event: HttpEventShape, name: string): string | undefined {
  for (const [key, value] of Object.entries(event.headers ?? {})) if (key.toLowerCase() === name && value !== undefined) return value;
  for (const [key, values] of Object.entries(event.multiValueHeaders ?? {})) if (key.toLowerCase() === name && values?.[0] !== undefined) return values[0];
  return undefined;
}

/** The request's Origin header, from any HTTP event shape. */
export function requestOrigin(event: unknown): string | undefined {
  return header(event as HttpEventShape, 'origin');
}

export function isPreflight(event: unknown): boolean {
  const shape = event as HttpEventShape;
  const method = shape.httpMethod ?? shape.requestContext?.http?.method;
  return method?.toUpperCase() === 'OPTIONS' && header(shape, 'access-control-request-method') !== undefined;
}

/** The Access-Control-Allow-Origin value for a request's Origin, or null when it is not allowed. */
export function allowedOrigin(cors: CorsConfig, origin: string | undefined): string | null {
  const any = cors.allowOrigins.includes('*');
  if (any && !cors.allowCredentials) return '*';
  if (!origin) return null;
  // with credentials a wildcard cannot be sent back: echo the origin instead
  return any || cors.allowOrigins.includes(origin) ? origin : null;
}

/** The headers of a response to a request from `origin`. */
export function responseCorsHeaders(cors: CorsConfig, origin: string | undefined): Record<string, string> {
  const allow = allowedOrigin(cors, origin);
  if (allow === null) return {};
  return {
    'access-control-allow-origin': allow,
    ...(cors.allowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
    ...(allow === '*' ? {} : { vary: 'Origin' }),
  };
}

/** A `(req, res)` listener that answers preflights: 204 with the allowed methods and headers. */
export function preflightListener(cors: CorsConfig) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const origin = req.headers.origin;
    const base = responseCorsHeaders(cors, typeof origin === 'string' ? origin : undefined);
    const headers: Record<string, string> = { ...base };
    if (base['access-control-allow-origin']) {
      headers['access-control-allow-methods'] = cors.allowMethods.join(',');
      headers['access-control-allow-headers'] = cors.allowHeaders.join(',');
      if (cors.maxAge !== null) headers['access-control-max-age'] = String(cors.maxAge);
    }
    res.writeHead(204, headers);
    res.end();
  };
}

interface ResultShape {
  headers?: Record<string, unknown>;
  multiValueHeaders?: Record<string, unknown[]>;
}

function hasHeader(result: ResultShape, name: string): boolean {
  const inSingle = Object.keys(result.headers ?? {}).some((key) => key.toLowerCase() === name);
  const inMulti = Object.keys(result.multiValueHeaders ?? {}).some((key) => key.toLowerCase() === name);
  return inSingle || inMulti;
}

/** Adds the CORS headers to a buffered HTTP result, keeping any the app set itself. */
export function withCorsHeaders<T>(result: T, event: unknown, cors: CorsConfig): T {
  if (!result || typeof result !== 'object') return result;
  const shape = result as ResultShape;
  const headers = responseCorsHeaders(cors, header(event as HttpEventShape, 'origin'));
  for (const [name, value] of Object.entries(headers)) {
    if (hasHeader(shape, name)) continue;
    if (shape.multiValueHeaders) shape.multiValueHeaders[name] = [value];
    else shape.headers = { ...(shape.headers ?? {}), [name]: value };
  }
  return result;
}

/**
 * Web-standard apps (`fetch(Request) → Response`, as in Hono): the request becomes a `Request`,
 * the app's `Response` becomes a head and a body. `env` carries the event and Lambda context
 * the way Hono's own Lambda adapter does (`c.env.event`, `c.env.lambdaContext`), and
 * `executionCtx.waitUntil` work is awaited before the invocation returns.
 */
import { STATUS_CODES } from 'node:http';
import type { Invocation } from './invocation.js';
import { attachInvocation, invocationStore } from './invocation.js';
import type { RequestParts } from './request.js';
import type { OutgoingHeaders, ResponseHead } from './response-head.js';

export interface FetchEnv {
  event: unknown;
  requestContext: unknown;
  lambdaContext: unknown;
}

export interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
  props: Record<string, unknown>;
}

export type FetchFunction = (request: Request, env: FetchEnv, ctx: ExecutionContext) => Response | Promise<Response>;

export function toFetchRequest(parts: RequestParts): Request {
  const headers = new Headers();
  const raw = parts.headers.raw;
  for (let i = 0; i < raw.length; i += 2) {
    try {
      headers.append(raw[i] as string, raw[i + 1] as string);
    } catch {
      // a header value the fetch standard refuses; Node apps still see it in rawHeaders
    }
  }
  const host = parts.headers.headers.host;
  const url = 'https://' + (typeof host === 'string' && host !== '' ? host : 'localhost') + parts.url;
  const init: RequestInit & { duplex?: 'half' } = { method: parts.method, headers };
  if (parts.body !== undefined && parts.method !== 'GET' && parts.method !== 'HEAD') {
    init.body = parts.body;
    init.duplex = 'half';
  }
  return new Request(url, init);
}

/** Calls the app inside the invocation's context; `waits` collects `waitUntil` promises. */
export function callFetchApp(
  fetch: FetchFunction,
  parts: RequestParts,
  invocation: Invocation,
  waits: Promise<unknown>[],
): Promise<Response> {
  const request = toFetchRequest(parts);
  attachInvocation(request, invocation);
  const event = invocation.event as { requestContext?: unknown };
  const env: FetchEnv = { event, requestContext: event.requestContext, lambdaContext: invocation.context };
  const ctx: ExecutionContext = {
    waitUntil: (promise) => void waits.push(Promise.resolve(promise)),
    passThroughOnException: () => undefined,
    props: {},
  };
  return invocationStore.run(invocation, async () => {
    const response = await fetch(request, env, ctx);
    if (!(response instanceof Response)) throw new TypeError('tsappa: the fetch app did not return a Response');
    return response;
  });
}

export function headFromResponse(response: Response): ResponseHead {
  const headers: OutgoingHeaders = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  return {
    statusCode: response.status,
    statusMessage: response.statusText || STATUS_CODES[response.status] || '',
    headers,
  };
}

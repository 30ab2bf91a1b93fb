import type { HttpEventSource } from './events.js';

type Loose = Record<string, unknown>;

const isObject = (value: unknown): value is Loose => typeof value === 'object' && value !== null;

/**
 * Names the integration that sent `event`, or returns `undefined` when it is not an HTTP request
 * (Lambda authorizer events look like requests but carry `methodArn` / `routeArn`, and are not).
 */
export function detectSource(event: unknown): HttpEventSource | undefined {
  if (!isObject(event)) return undefined;
  if (typeof event.methodArn === 'string' || typeof event.routeArn === 'string') return undefined;
  const rc = event.requestContext;

  if (event.version === '2.0') {
    if (!isObject(rc)) return undefined;
    const http = rc.http;
    if (!isObject(http) || typeof http.method !== 'string' || typeof event.rawPath !== 'string') return undefined;
    const domain = rc.domainName;
    return typeof domain === 'string' && domain.includes('.lambda-url.') ? 'function-url' : 'http-api-v2';
  }
  if (typeof event.httpMethod !== 'string' || typeof event.path !== 'string') return undefined;
  if (isObject(rc) && isObject(rc.elb)) return isObject(event.multiValueHeaders) ? 'alb-multi' : 'alb';
  // REST v1 (and HTTP API 1.0); a hand-written event may leave requestContext out
  return rc === undefined || isObject(rc) ? 'rest-v1' : undefined;
}

/** True when the event is an HTTP request from API Gateway (REST or HTTP API), a Function URL or an ALB. */
export function isHttpEvent(event: unknown): boolean {
  return detectSource(event) !== undefined;
}

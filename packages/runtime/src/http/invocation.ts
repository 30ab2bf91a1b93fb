import { AsyncLocalStorage } from 'node:async_hooks';
import type { LambdaContext } from './events.js';

/** The Lambda event and context of the invocation a request belongs to. */
export interface Invocation<E = unknown> {
  readonly event: E;
  readonly context: LambdaContext;
}

/** Property under which the invocation hangs on the Node request (and on a fetch `Request`). */
export const INVOCATION_PROPERTY = 'lambda';

interface Holder {
  lambda?: Invocation;
  raw?: Holder;
  req?: Holder;
}

/** Internal: the store itself, for callers that pass arguments through `run` without a closure. */
export const invocationStore = new AsyncLocalStorage<Invocation>();
const storage = invocationStore;

/** Runs `fn` with `invocation` as the current one for everything it calls, sync or async. */
export function runWithInvocation<T>(invocation: Invocation, fn: () => T): T {
  return storage.run(invocation, fn);
}

/** Runs `fn` outside any invocation (app initialisation must not capture the first request's). */
export function runOutsideInvocation<T>(fn: () => T): T {
  return storage.exit(fn);
}

/**
 * The current invocation's `{ event, context }`.
 * - With no argument: read from AsyncLocalStorage, correct even when invocations overlap.
 * - With a request: read from it. Accepts a Node `IncomingMessage`, a fetch `Request`, a Koa
 *   context (`ctx.req`) or a Fastify request (`request.raw`).
 */
export function getInvocation<E = unknown>(request?: object): Invocation<E> | undefined {
  if (request === undefined) return storage.getStore() as Invocation<E> | undefined;
  const r = request as Holder;
  return (r.lambda ?? r.raw?.lambda ?? r.req?.lambda) as Invocation<E> | undefined;
}

/** Hangs the invocation on a request object (Node request or fetch `Request`). */
export function attachInvocation(request: object, invocation: Invocation): void {
  (request as Record<string, unknown>)[INVOCATION_PROPERTY] = invocation;
  // the name serverless-http and aws-serverless-express use, for apps moving over
  (request as Record<string, unknown>).apiGateway = invocation;
}

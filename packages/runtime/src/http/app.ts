/**
 * Every kind of app, reduced to one of two calling conventions:
 * - `node`: a `(req, res)` listener (Express 4/5, Connect, Polka's handler, Koa's callback,
 *   Fastify's router, an `http.Server`'s 'request' listeners);
 * - `fetch`: `fetch(Request) → Response` (Hono and any Web-standard app).
 * An async factory (a function of fewer than two parameters, or a promise) is awaited once; when
 * it fails, the next request tries again.
 */
import type { NodeListener } from './node-exchange.js';
import type { FetchFunction } from './fetch-app.js';
import { runOutsideInvocation } from './invocation.js';

export type AppTarget = { readonly kind: 'node'; readonly listener: NodeListener } | { readonly kind: 'fetch'; readonly fetch: FetchFunction };

type Loose = Record<string, unknown> & object;

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';

const describe = (app: unknown): string =>
  app === null ? 'null' : typeof app === 'function' ? `function ${(app as { name?: string }).name || '(anonymous)'}` : typeof app;

/** Normalises `app`, awaiting factories and promises (up to a few levels deep). */
export async function resolveApp(app: unknown, depth = 0): Promise<AppTarget> {
  if (depth > 4) throw new TypeError('tsappa: the app factory kept returning factories');
  if (typeof app === 'object' && app !== null) {
    const a = app as Loose;
    // Fastify (checked first: an instance is also thenable): ready() runs its plugins;
    // routing is its (req, res) entry point.
    if (typeof a.routing === 'function' && typeof a.ready === 'function' && typeof a.inject === 'function') {
      await (a.ready as () => Promise<unknown>).call(a);
      const routing = a.routing as NodeListener;
      return { kind: 'node', listener: (req, res) => routing.call(a, req, res) };
    }
  }
  if (isThenable(app)) return resolveApp(await app, depth + 1);

  if (typeof app === 'function') {
    // (req, res) and (req, res, next): a listener. Anything shorter: a factory.
    if (app.length >= 2) return { kind: 'node', listener: app as NodeListener };
    return resolveApp(await (app as () => unknown)(), depth + 1);
  }

  if (typeof app === 'object' && app !== null) {
    const a = app as Loose;
    // Koa: callback() builds the listener.
    if (typeof a.callback === 'function' && typeof a.use === 'function' && Array.isArray(a.middleware)) {
      return { kind: 'node', listener: (a.callback as () => NodeListener).call(a) };
    }
    // Web-standard: Hono, or any `{ fetch }`.
    if (typeof a.fetch === 'function') {
      const fetch = a.fetch as FetchFunction;
      return { kind: 'fetch', fetch: (request, env, ctx) => fetch.call(a, request, env, ctx) };
    }
    // http.Server (or anything that emits 'request'): whatever listens to it gets the request.
    if (typeof a.emit === 'function' && typeof a.listen === 'function' && typeof a.listenerCount === 'function') {
      const server = a as unknown as { emit(name: string, ...args: unknown[]): boolean; listenerCount(name: string): number };
      if (server.listenerCount('request') === 0) throw new TypeError('tsappa: the http.Server given as app has no "request" listener');
      return { kind: 'node', listener: (req, res) => server.emit('request', req, res) };
    }
    // Polka and friends: an object with a (req, res) handler.
    if (typeof a.handler === 'function' && (a.handler as () => unknown).length >= 2) {
      const handler = a.handler as NodeListener;
      return { kind: 'node', listener: (req, res) => handler.call(a, req, res) };
    }
    // A module namespace: its default export.
    if ('default' in a && a.default !== undefined && a.default !== app) return resolveApp(a.default, depth + 1);
  }
  throw new TypeError(
    `tsappa: cannot serve ${describe(app)}: expected a (req, res) listener, an http.Server, a Koa or Fastify app, ` +
      'an object with fetch(request), or an async factory returning one',
  );
}

/** Resolves the app on first use, shares one attempt between concurrent requests, retries after a failure. */
export class AppLoader {
  target: AppTarget | undefined = undefined;
  private pending: Promise<AppTarget> | undefined = undefined;

  constructor(private readonly app: unknown) {}

  load(): Promise<AppTarget> {
    if (this.target !== undefined) return Promise.resolve(this.target);
    this.pending ??= runOutsideInvocation(() => resolveApp(this.app)).then(
      (target) => {
        this.target = target;
        this.pending = undefined;
        return target;
      },
      (error: unknown) => {
        this.pending = undefined;
        throw error;
      },
    );
    return this.pending;
  }
}

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

/** The kinds of value resolveApp accepts, recognised without calling anything. */
export type AppShape = 'fastify' | 'promise' | 'listener' | 'factory' | 'koa' | 'fetch' | 'server' | 'handler' | 'namespace';

type Loose = Record<string, unknown> & object;

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';

/** What a value is, in words an error message can show: `an object with keys "get", "post"`. */
export function describeValue(app: unknown): string {
  if (app === null) return 'null';
  if (app === undefined) return 'undefined';
  if (typeof app === 'function') return `function ${(app as { name?: string }).name || '(anonymous)'}`;
  if (typeof app === 'string') return `the string ${JSON.stringify(app.length > 40 ? app.slice(0, 40) + '…' : app)}`;
  if (typeof app !== 'object') return `the ${typeof app} ${String(app)}`;
  if (Array.isArray(app)) return `an array of ${app.length}`;
  const keys = Object.keys(app);
  const ctor = (Object.getPrototypeOf(app) as { constructor?: { name?: string } } | null)?.constructor?.name;
  const kind = ctor && ctor !== 'Object' ? `a ${ctor} object` : 'an object';
  if (keys.length === 0) return `${kind} with no keys`;
  const shown = keys.slice(0, 6).map((k) => JSON.stringify(k)).join(', ');
  return `${kind} with keys ${shown}${keys.length > 6 ? ', …' : ''}`;
}

const EXPECTED_APP =
  'expected a (req, res) listener, an http.Server, a Koa or Fastify app, an object with fetch(request), or an async factory returning one';

/** Throws at once when `app` cannot be an app at all (what it is inside a factory or promise is known later). */
export function assertServable(app: unknown): void {
  if (appShape(app) === null) throw new TypeError(`tsappa: createHandler cannot serve ${describeValue(app)}: ${EXPECTED_APP}`);
}

function objectShape(a: Loose, depth: number): AppShape | null {
  // Fastify (checked first: an instance is also thenable): ready() runs its plugins; routing is its (req, res) entry point.
  if (typeof a.routing === 'function' && typeof a.ready === 'function' && typeof a.inject === 'function') return 'fastify';
  if (isThenable(a)) return 'promise';
  // Koa: callback() builds the listener.
  if (typeof a.callback === 'function' && typeof a.use === 'function' && Array.isArray(a.middleware)) return 'koa';
  // Web-standard: Hono, or any `{ fetch }`.
  if (typeof a.fetch === 'function') return 'fetch';
  // http.Server (or anything that emits 'request'): whatever listens to it gets the request.
  if (typeof a.emit === 'function' && typeof a.listen === 'function' && typeof a.listenerCount === 'function') return 'server';
  // Polka and friends: an object with a (req, res) handler.
  if (typeof a.handler === 'function' && (a.handler as () => unknown).length >= 2) return 'handler';
  // A module namespace: its default export.
  if ('default' in a && a.default !== undefined && a.default !== a && appShape(a.default, depth + 1) !== null) return 'namespace';
  return null;
}

/** What kind of app `value` is, or null when resolveApp cannot serve it. Calls nothing. */
export function appShape(value: unknown, depth = 0): AppShape | null {
  if (depth > 4) return null;
  if (typeof value === 'function') {
    if (isThenable(value)) return 'promise';
    // (req, res) and (req, res, next): a listener. Anything shorter: a factory.
    return value.length >= 2 ? 'listener' : 'factory';
  }
  if (typeof value === 'object' && value !== null) return objectShape(value as Loose, depth);
  return null;
}

/** Normalises `app`, awaiting factories and promises (up to a few levels deep). */
export async function resolveApp(app: unknown, depth = 0): Promise<AppTarget> {
  if (depth > 4) throw new TypeError('tsappa: the app factory kept returning factories');
  const a = app as Loose;
  switch (appShape(app)) {
    case 'fastify': {
      await (a.ready as () => Promise<unknown>).call(a);
      const routing = a.routing as NodeListener;
      return { kind: 'node', listener: (req, res) => routing.call(a, req, res) };
    }
    case 'promise':
      return resolveApp(await (app as PromiseLike<unknown>), depth + 1);
    case 'listener':
      return { kind: 'node', listener: app as NodeListener };
    case 'factory':
      return resolveApp(await (app as () => unknown)(), depth + 1);
    case 'koa':
      return { kind: 'node', listener: (a.callback as () => NodeListener).call(a) };
    case 'fetch': {
      const fetch = a.fetch as FetchFunction;
      return { kind: 'fetch', fetch: (request, env, ctx) => fetch.call(a, request, env, ctx) };
    }
    case 'server': {
      const server = a as unknown as { emit(name: string, ...args: unknown[]): boolean; listenerCount(name: string): number };
      if (server.listenerCount('request') === 0) throw new TypeError('tsappa: the http.Server given as app has no "request" listener');
      return { kind: 'node', listener: (req, res) => server.emit('request', req, res) };
    }
    case 'handler': {
      const handler = a.handler as NodeListener;
      return { kind: 'node', listener: (req, res) => handler.call(a, req, res) };
    }
    case 'namespace':
      return resolveApp(a.default, depth + 1);
    case null:
      throw new TypeError(`tsappa: cannot serve ${describeValue(app)}: ${EXPECTED_APP}`);
  }
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

/**
 * Listening, intercepted: apps whose module only starts a server (`app.listen(3000)`,
 * `server.listen()`, Nest's `await app.listen()`, `fastify.listen()`, `serve()` of
 * @hono/node-server, hapi's `server.start()`) are served without opening a port.
 *
 * `captureListen()` replaces `net.Server.prototype.listen` (http, https and http2 servers all
 * inherit it) for the rest of the process. The replacement never binds: it records the server,
 * makes `address()` answer `{ address, family, port }` with the port asked for (Nest resolves
 * `listen()` only when `address()` is truthy; @hono/node-server hands it to its callback; hapi
 * and fastify read it on 'listening'), makes `listening` true and emits 'listening' on the next
 * tick, which runs the listen callback (Node's listen registers it as a once('listening')).
 * `close()` on such a server emits 'close' and calls its callback without an error.
 *
 * The state lives on globalThis so that two copies of the runtime in one process (a slim
 * package) share one interception.
 */
import { isIP, Server, type AddressInfo } from 'node:net';

type Listen = (this: Server, ...args: unknown[]) => Server;

export interface ListenCapture {
  /** every server whose listen() was intercepted and that was not closed since, oldest first */
  servers(): Server[];
  /**
   * The first intercepted server with a 'request' listener (an HTTP server), waiting up to
   * `timeoutMs` for one to start; undefined when none did.
   */
  httpServer(timeoutMs: number): Promise<Server | undefined>;
}

interface CaptureState {
  original: Listen;
  servers: Server[];
  /** called whenever a server may have become the HTTP server */
  waiters: Set<() => void>;
}

const STATE = Symbol.for('tsappa.listenCapture');
type WithState = { [STATE]?: CaptureState };

interface ListenRequest {
  port: number;
  host: string | null;
  path: string | null;
  callback: (() => void) | null;
}

const asPort = (value: unknown): number | null =>
  typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value)) ? Number(value) : null;

/** Reads listen()'s overloads: (port, host?, backlog?, cb?), (path, cb?), (options, cb?), (cb). */
export function readListenArgs(args: readonly unknown[]): ListenRequest {
  const last = args[args.length - 1];
  const callback = typeof last === 'function' ? (last as () => void) : null;
  const [first, second] = args;
  if (typeof first === 'object' && first !== null) {
    const options = first as { port?: unknown; host?: unknown; path?: unknown };
    const path = typeof options.path === 'string' ? options.path : null;
    const host = typeof options.host === 'string' ? options.host : null;
    return { port: asPort(options.port) ?? 0, host, path, callback };
  }
  const port = asPort(first);
  if (port === null && typeof first === 'string') return { port: 0, host: null, path: first, callback };
  return { port: port ?? 0, host: typeof second === 'string' ? second : null, path: null, callback };
}

/** What address() answers for a server that was asked to listen: the port asked for, a plausible host. */
export function fakeAddress(request: ListenRequest): AddressInfo | string {
  if (request.path !== null) return request.path;
  const host = request.host ?? '::';
  const family = isIP(host);
  if (family === 0) return { address: '127.0.0.1', family: 'IPv4', port: request.port }; // a name such as "localhost"
  return { address: host, family: family === 6 ? 'IPv6' : 'IPv4', port: request.port };
}

const own = (server: Server, name: string, value: unknown) =>
  Object.defineProperty(server, name, { value, configurable: true, writable: true, enumerable: false });

function pretendToListen(state: CaptureState, server: Server, args: unknown[]): Server {
  const request = readListenArgs(args);
  const address = fakeAddress(request);
  own(server, 'address', () => address);
  own(server, 'listening', true);
  own(server, 'close', function close(this: Server, callback?: (error?: Error) => void): Server {
    own(this, 'listening', false);
    own(this, 'address', () => null);
    state.servers = state.servers.filter((s) => s !== this);
    if (typeof callback === 'function') this.once('close', () => callback());
    process.nextTick(() => this.emit('close'));
    return this;
  });
  if (request.callback) server.once('listening', request.callback);
  state.servers.push(server);
  // a 'request' listener added after listen() still makes it the HTTP server
  server.on('newListener', (name: string | symbol) => {
    if (name === 'request') process.nextTick(() => notify(state));
  });
  process.nextTick(() => {
    server.emit('listening');
    notify(state);
  });
  return server;
}

function notify(state: CaptureState): void {
  for (const waiter of [...state.waiters]) waiter();
}

const isHttpServer = (server: Server): boolean => server.listenerCount('request') > 0;

function captureOf(state: CaptureState): ListenCapture {
  return {
    servers: () => [...state.servers],
    httpServer(timeoutMs) {
      const found = () => state.servers.find(isHttpServer);
      const now = found();
      if (now) return Promise.resolve(now);
      return new Promise((resolve) => {
        const done = (server: Server | undefined) => {
          clearTimeout(timer);
          state.waiters.delete(check);
          resolve(server);
        };
        const check = () => {
          const server = found();
          if (server) done(server);
        };
        const timer = setTimeout(() => done(undefined), timeoutMs);
        state.waiters.add(check);
      });
    },
  };
}

/** Intercepts listen() from now on (idempotent) and returns what was captured. */
export function captureListen(): ListenCapture {
  const holder = globalThis as WithState;
  let state = holder[STATE];
  if (!state) {
    const original = Server.prototype.listen as unknown as Listen;
    const created: CaptureState = { original, servers: [], waiters: new Set() };
    state = created;
    holder[STATE] = created;
    Server.prototype.listen = function listen(this: Server, ...args: unknown[]) {
      return pretendToListen(created, this, args);
    } as typeof Server.prototype.listen;
  }
  return captureOf(state);
}

/** Puts the real listen() back (tests, or a host that must open ports again). */
export function releaseListen(): void {
  const holder = globalThis as WithState;
  const state = holder[STATE];
  if (!state) return;
  Server.prototype.listen = state.original as unknown as typeof Server.prototype.listen;
  state.servers = [];
  delete holder[STATE];
}

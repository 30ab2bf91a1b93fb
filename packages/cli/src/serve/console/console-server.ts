/**
 * The local console's HTTP side, at `/_tsappa/` on serve's port: outside every stage path (a stage
 * name starts with a letter or a digit, and the app's routes are under `/<stage>/`), so it hides
 * nothing of the app.
 *
 *   GET  /_tsappa/                                the page (./console.html)
 *   GET  /_tsappa/api/state                       the history (ConsoleState, JSON)
 *   GET  /_tsappa/api/events                      Server-Sent Events: `snapshot` (with the action token), then one `update` per change
 *   POST /_tsappa/api/dead-letters/<id>/resend    queues a held dead letter's event again, as Lambda's Event invoke
 *   POST /_tsappa/api/schedules/<name>/fire       fires a schedule now, as EventBridge would
 *
 * The POSTs take nothing from their body: a resend sends only an event the console holds, named by
 * its id. Who may call what is in ./console-guard.ts.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConsoleBus, ConsoleUpdate, DeadLetterEntry } from '../console-events.js';
import { checkAction, checkHost } from './console-guard.js';
import { consolePage } from './console-page.js';

export const CONSOLE_PATH = '/_tsappa';
const KEEP_ALIVE_MS = 15_000;

/** Whether a request URL is the console's (its path is `/_tsappa` or under `/_tsappa/`). */
export function isConsolePath(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return path === CONSOLE_PATH || path.startsWith(`${CONSOLE_PATH}/`);
}

export interface ConsoleActions {
  /** queues the dead letter's event again, through the same queue a dispatched task takes */
  resend(entry: DeadLetterEntry): void;
  /** fires the schedule now; false when there is no such schedule */
  fire(name: string): boolean;
}

export interface ConsoleServerOptions {
  bus: ConsoleBus;
  actions: ConsoleActions;
  /** serve's port (known once it listens) */
  port: () => number;
  /** the page's action token (default: random) */
  token?: string;
}

export interface ConsoleServer {
  readonly token: string;
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** ends the open event streams */
  close(): void;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' }).end(JSON.stringify(body));
}

function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function createConsoleServer(options: ConsoleServerOptions): ConsoleServer {
  const token = options.token ?? randomBytes(24).toString('hex');
  const streams = new Set<ServerResponse>();
  const { bus, actions } = options;

  function stream(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    // the token rides with the snapshot too: a page reconnecting to a restarted serve acts with the new one
    res.write(`retry: 1000\n\n${sse('snapshot', { ...bus.snapshot(), token })}`);
    const send = (update: ConsoleUpdate) => res.write(sse('update', update));
    const unsubscribe = bus.subscribe(send);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    keepAlive.unref();
    streams.add(res);
    res.on('close', () => {
      unsubscribe();
      clearInterval(keepAlive);
      streams.delete(res);
    });
  }

  function act(path: string, res: ServerResponse): void {
    const resend = /^\/api\/dead-letters\/([^/]+)\/resend$/.exec(path);
    if (resend) {
      const entry = bus.deadLetter(decodeURIComponent(resend[1] as string));
      if (!entry) return json(res, 404, { error: 'the console holds no dead letter with that id' });
      actions.resend(entry);
      bus.resent(entry.id);
      return json(res, 202, { resent: entry.id });
    }
    const fire = /^\/api\/schedules\/([^/]+)\/fire$/.exec(path);
    if (fire) {
      const name = decodeURIComponent(fire[1] as string);
      if (!actions.fire(name)) return json(res, 404, { error: 'no schedule with that name' });
      return json(res, 202, { fired: name });
    }
    json(res, 404, { error: 'no such console action' });
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0]?.slice(CONSOLE_PATH.length) ?? '';
    const method = (req.method ?? 'GET').toUpperCase();
    // a POST's body is never read: drain it so the connection stays usable
    req.resume();
    if (method === 'POST') {
      const verdict = checkAction(req.headers, options.port(), token);
      if (!verdict.ok) return json(res, verdict.status, { error: verdict.reason });
      return act(path, res);
    }
    const verdict = checkHost(req.headers, options.port());
    if (!verdict.ok) return json(res, verdict.status, { error: verdict.reason });
    if (method !== 'GET' && method !== 'HEAD') return json(res, 405, { error: 'the console answers GET and POST' });
    if (path === '') {
      res.writeHead(308, { location: `${CONSOLE_PATH}/` }).end();
      return;
    }
    if (path === '/') {
      const page = consolePage(token);
      res.writeHead(200, page.headers).end(method === 'HEAD' ? undefined : page.html);
      return;
    }
    if (path === '/api/state') return json(res, 200, bus.snapshot());
    if (path === '/api/events') return stream(res);
    json(res, 404, { error: 'not part of the console' });
  }

  return {
    token,
    handle,
    close() {
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}

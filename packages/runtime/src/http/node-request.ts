/** The Node `IncomingMessage` an app's `(req, res)` listener receives, filled from the event. */
import { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import type { RequestParts } from './request.js';
import type { LambdaSocket } from './socket.js';

export function createIncomingMessage(socket: LambdaSocket, parts: RequestParts): IncomingMessage {
  const req = new IncomingMessage(socket as unknown as Socket);
  req.method = parts.method;
  req.url = parts.url;
  req.headers = parts.headers.headers as IncomingMessage['headers'];
  req.rawHeaders = parts.headers.raw;
  req.httpVersion = '1.1';
  req.httpVersionMajor = 1;
  req.httpVersionMinor = 1;
  req.complete = true;
  // The whole body is known: queue it and the end of the stream. `end` is emitted once, when
  // the stream is read to its end (by the app, or by the adapter draining it afterwards).
  if (parts.body !== undefined) req.push(parts.body);
  else {
    // Nothing to read: someone waiting for 'end' without reading would wait forever.
    const r = req as unknown as { on: typeof onBodyless; addListener: typeof onBodyless };
    r.on = onBodyless;
    r.addListener = onBodyless;
  }
  req.push(null);
  return req;
}

const FLOW_SCHEDULED = Symbol('tsappa.flowScheduled');

type Listener = (...args: unknown[]) => void;

function onBodyless(this: IncomingMessage & { [FLOW_SCHEDULED]?: true }, event: string | symbol, listener: Listener): IncomingMessage {
  Readable.prototype.on.call(this, event, listener);
  if (event === 'end' && this[FLOW_SCHEDULED] === undefined) {
    this[FLOW_SCHEDULED] = true;
    setImmediate(flowIfAwaited, this);
  }
  return this;
}

// After a turn, if still nobody reads, let the empty stream flow: 'end' is emitted once, by
// the stream itself (a late reader still sees a finished stream, never a second 'end').
function flowIfAwaited(req: IncomingMessage): void {
  if (req.readableFlowing === null && !req.readableEnded) req.resume();
}

/**
 * The Node `ServerResponse` an app writes to. Node's own write/end logic is kept (HEAD and
 * 204/304 bodies dropped, write-after-end errors, callbacks, 'finish'); only the step that
 * would serialise the status line and headers into text is replaced: the head is handed to the
 * owner as data, and body bytes reach the owner through the socket, never chunk-encoded.
 * Everything is set on the instance, so frameworks that swap the prototype (Express) keep it.
 */
import type { IncomingMessage } from 'node:http';
import { OutgoingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { OutgoingHeaders, ResponseHead } from './response-head.js';
import { headersFromArgument } from './response-head.js';
import type { LambdaSocket } from './socket.js';

export interface HeadOwner {
  head(head: ResponseHead): void;
}

const OWNER = Symbol('tsappa.headOwner');

/** The internals of OutgoingMessage touched here (stable since Node 0.x, through Node 24). */
interface InternalResponse extends ServerResponse {
  [OWNER]: HeadOwner;
  _header: string | null;
  _headerSent: boolean;
  _storeHeader: (firstLine: string, headers: unknown) => void;
  chunkedEncoding: boolean;
  useChunkedEncodingByDefault: boolean;
}

const isEmpty = (headers: object): boolean => {
  for (const _ in headers) return false;
  return true;
};

// Node's header store (null until the first setHeader). Found once; without it, fall back to
// asking getHeaders() whether anything was set.
const outgoingSymbols = Object.getOwnPropertySymbols(new OutgoingMessage());
const kOutHeaders = outgoingSymbols.find((s) => s.description === 'kOutHeaders');
const kNeedDrain = outgoingSymbols.find((s) => s.description === 'kNeedDrain');

/** What Node's server does when the socket drains: clear the response's need-drain flag, emit 'drain'. */
export function emitDrain(res: ServerResponse): void {
  if (kNeedDrain !== undefined) (res as unknown as Record<symbol, unknown>)[kNeedDrain] = false;
  res.emit('drain');
}

/**
 * Replaces OutgoingMessage#_storeHeader. `writeHead` calls it with Node's header store (the
 * same entries `getHeaders()` returns) or, when nothing was `setHeader`'d, the raw argument.
 */
function storeHeader(this: InternalResponse, firstLine: string, headers: unknown): void {
  let out: OutgoingHeaders;
  if (headers === undefined || headers === null) out = this.getHeaders() as OutgoingHeaders;
  else if (kOutHeaders !== undefined) {
    const store = (this as unknown as Record<symbol, unknown>)[kOutHeaders];
    out = store === null || store === undefined ? headersFromArgument(headers) : (this.getHeaders() as OutgoingHeaders);
  } else {
    out = this.getHeaders() as OutgoingHeaders;
    if (isEmpty(out)) out = headersFromArgument(headers);
  }
  this._header = firstLine; // non-empty: headersSent is true from here on
  this._headerSent = true; // nothing to prepend to the first body chunk
  this.chunkedEncoding = false;
  this[OWNER].head({ statusCode: this.statusCode, statusMessage: this.statusMessage, headers: out });
}

export function createServerResponse(req: IncomingMessage, socket: LambdaSocket, owner: HeadOwner): ServerResponse {
  const res = new ServerResponse(req) as InternalResponse;
  res[OWNER] = owner;
  res._storeHeader = storeHeader;
  res.useChunkedEncodingByDefault = false;
  socket._httpMessage = res;
  (res as { socket: Socket | null }).socket = socket as unknown as Socket;
  return res;
}

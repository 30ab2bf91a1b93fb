/**
 * One request/response exchange with a Node `(req, res)` listener: builds the pair on a fake
 * socket, runs the listener inside the invocation's AsyncLocalStorage context, and settles
 * when the response finishes, the app throws (sync or async), the response is destroyed, or
 * the deadline passes. Body bytes and the head go to the sink as they are written.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Invocation } from './invocation.js';
import type { Logger } from './log.js';
import { attachInvocation, invocationStore } from './invocation.js';
import { createIncomingMessage } from './node-request.js';
import type { HeadOwner } from './node-response.js';
import { createServerResponse, emitDrain } from './node-response.js';
import type { RequestParts } from './request.js';
import type { ResponseHead } from './response-head.js';
import type { Outcome, ResponseSink } from './sink.js';
import { OK } from './sink.js';
import type { DeadlineEntry } from './deadline.js';
import { watchdog } from './deadline.js';
import type { SocketOwner } from './socket.js';
import { LambdaSocket } from './socket.js';

export type NodeListener = (req: IncomingMessage, res: ServerResponse) => unknown;

/** Where problems that cannot change the response any more are reported. */
export interface LateErrorContext {
  logger: Logger;
  requestId: string | undefined;
}

const EXCHANGE = Symbol('tsappa.exchange');

interface OwnedResponse extends ServerResponse {
  [EXCHANGE]: NodeExchange;
}

function emitClose(res: ServerResponse): void {
  res.emit('close');
}

// Shared listeners (no closure per request): the exchange hangs on the response.
// Only a response that really ended is complete: a 'finish' emitted before end() (by the app or
// a library) would otherwise cut the body short.
function onFinish(this: OwnedResponse): void {
  if (this.writableEnded) this[EXCHANGE].settle(OK);
}

function onResponseError(this: OwnedResponse, error: unknown): void {
  this[EXCHANGE].reportLate('the response emitted an error', error);
}

export class NodeExchange implements SocketOwner, HeadOwner, DeadlineEntry {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  private done = false;
  private headSent = false;
  private resolve: ((outcome: Outcome) => void) | undefined = undefined;
  private watched = false;
  due = 0;

  constructor(
    parts: RequestParts,
    invocation: Invocation,
    private readonly sink: ResponseSink,
    private readonly late: LateErrorContext,
  ) {
    const socket = new LambdaSocket(parts.remoteAddress, this);
    const req = createIncomingMessage(socket, parts);
    attachInvocation(req, invocation);
    const res = createServerResponse(req, socket, this);
    (res as OwnedResponse)[EXCHANGE] = this;
    this.req = req;
    this.res = res;
    sink.attach?.(() => emitDrain(res));
  }

  /** Runs the listener; resolves (never rejects) with how the exchange ended. */
  run(listener: NodeListener, invocation: Invocation, timeoutMs: number | undefined): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      this.resolve = resolve;
      const res = this.res;
      res.on('finish', onFinish);
      res.on('error', onResponseError);
      if (timeoutMs !== undefined) {
        this.watched = true;
        watchdog.watch(this, timeoutMs);
      }
      try {
        const returned = invocationStore.run(invocation, listener, this.req, res);
        if (returned !== null && typeof returned === 'object' && typeof (returned as PromiseLike<unknown>).then === 'function') {
          (returned as PromiseLike<unknown>).then(undefined, (error: unknown) => {
            if (this.done) this.reportLate('the app rejected after its response was complete', error);
            else this.settle({ ok: false, reason: 'error', error });
          });
        }
      } catch (error) {
        this.settle({ ok: false, reason: 'error', error });
      }
    });
  }

  settle(outcome: Outcome): void {
    if (this.done) return;
    this.done = true;
    if (this.watched) watchdog.unwatch(this);
    const req = this.req;
    // As Node's server does once a response is done: drain an unread body, so whoever waits
    // for the request's 'end' or 'close' gets it.
    if (!req.readableEnded && req.readableFlowing === null && (req.listenerCount('end') > 0 || req.listenerCount('close') > 0)) {
      req.resume();
    }
    if (this.res.listenerCount('close') > 0) process.nextTick(emitClose, this.res);
    this.resolve?.(outcome);
  }

  reportLate(message: string, error: unknown): void {
    const { logger, requestId } = this.late;
    logger.error(`request ${requestId ?? '-'}: ${message}`, { requestId, error });
  }

  // DeadlineEntry: the Lambda deadline is near and the response is not complete.
  expire(): void {
    this.settle({ ok: false, reason: 'timeout', error: new Error('the app did not finish its response before the deadline') });
  }

  // HeadOwner: called from writeHead (explicit or implicit).
  head(head: ResponseHead): void {
    if (this.done) return;
    this.headSent = true;
    this.sink.head(head);
  }

  // SocketOwner: body bytes from OutgoingMessage.
  write(chunk: string | Uint8Array, encoding: BufferEncoding | undefined): boolean {
    if (this.done || !this.headSent) return true; // after a timeout, or an informational (1xx) line
    return this.sink.write(chunk, encoding);
  }

  destroy(error: Error | undefined): void {
    // Destroying a response that has already ended changes nothing the client receives.
    if (error === undefined && this.res.writableEnded) return this.settle(OK);
    this.settle({ ok: false, reason: 'destroyed', error: error ?? new Error('the response was destroyed before it ended') });
  }
}

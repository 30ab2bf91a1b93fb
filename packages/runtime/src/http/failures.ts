/**
 * What the client and the logs get when something goes wrong: a 500 with a JSON message, and
 * one log line naming the Lambda request id.
 */
import { STATUS_CODES } from 'node:http';
import type { HttpEventSource, HttpResult } from './events.js';
import { MAX_BUFFERED_RESPONSE_BYTES, tooLargeMessage } from './limits.js';
import type { RequestParts } from './request.js';
import type { ResultContext } from './response.js';
import { formatResult } from './response.js';
import type { ResponseHead } from './response-head.js';
import type { Failure } from './sink.js';

export const INTERNAL_ERROR = 'Internal Server Error';

export const errorHead = (statusCode: number): ResponseHead => ({
  statusCode,
  statusMessage: STATUS_CODES[statusCode] ?? '',
  headers: { 'content-type': 'application/json' },
});

export const errorBody = (message: string): string => JSON.stringify({ message });

export function errorResult(source: HttpEventSource, message: string, ctx: ResultContext): HttpResult {
  return formatResult(source, errorHead(500), { body: errorBody(message), isBase64Encoded: false }, ctx);
}

const who = (ctx: ResultContext): string => `request ${ctx.requestId ?? '-'}`;

/** Logs a failed outcome, naming the request. */
export function logFailure(outcome: Failure, parts: RequestParts, ctx: ResultContext): void {
  const what = `${parts.method} ${parts.url}`;
  const requestId = ctx.requestId;
  if (outcome.reason === 'timeout') {
    ctx.logger.error(`${who(ctx)}: the app did not finish its response to ${what} before the Lambda deadline; answered 500`, { requestId });
  } else if (outcome.reason === 'destroyed') {
    ctx.logger.error(`${who(ctx)}: the app destroyed its response to ${what} before ending it; answered 500`, {
      requestId,
      error: outcome.error,
    });
  } else {
    ctx.logger.error(`${who(ctx)}: the app threw while handling ${what}; answered 500`, { requestId, error: outcome.error });
  }
}

export function logInitFailure(error: unknown, ctx: ResultContext): void {
  ctx.logger.error(`${who(ctx)}: the app failed to initialise; answered 500, the next request tries again`, {
    requestId: ctx.requestId,
    error,
  });
}

export function logBadEvent(error: unknown, ctx: ResultContext): void {
  ctx.logger.error(`${who(ctx)}: could not read the HTTP request from the event; answered 500`, { requestId: ctx.requestId, error });
}

/** The error response for a buffered response over Lambda's 6 MB, and the log line naming the limit. */
export function tooLarge(source: HttpEventSource, bytes: number, ctx: ResultContext): HttpResult {
  const message = tooLargeMessage(bytes);
  ctx.logger.error(`${who(ctx)}: ${message}`, { requestId: ctx.requestId, bytes, limit: MAX_BUFFERED_RESPONSE_BYTES });
  return errorResult(source, message, ctx);
}

export const notHttpEvent = (): TypeError =>
  new TypeError(
    'tsappa: the HTTP handler received an event that is not an HTTP request ' +
      '(API Gateway REST or HTTP API, Function URL, or ALB); route other events elsewhere (see isHttpEvent)',
  );

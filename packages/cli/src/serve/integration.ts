/**
 * The integration part every local gateway shares (REST, HTTP API, Function URL): invoking the
 * function, buffered under the integration timeout or streamed as it is written, and sending
 * what came back with one log line.
 *
 * Streamed (REST with responseStreaming, a Function URL with InvokeMode RESPONSE_STREAM): the
 * head and each chunk go to the client as the function sends them (./streamed-answer.ts). A
 * function that never starts the HTTP prelude answers a buffered proxy result through the
 * stream, which `parse` turns into the answer as the API type would.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResolvedSettings } from '@tsappa/templates';
import type { InvokeOutcome, StreamSink } from './function-host.js';
import type { GatewayOptions } from './gateway.js';
import { requestLine } from './log.js';
import { GATEWAY, type HttpAnswer } from './proxy-event.js';
import { HOP_BY_HOP, StreamedAnswer } from './streamed-answer.js';

/** What a gateway sends: an answer, or null when it was streamed to the client already (with the status it had). */
export type Handled = { answer: HttpAnswer; note?: string } | { answer: null; status: number; note?: string };

export interface Integration {
  settings: ResolvedSettings;
  requestId: string;
  event: unknown;
  invoke: (event: unknown, options: { requestId: string; stream?: StreamSink }) => Promise<InvokeOutcome>;
  /** an answer API Gateway or the URL makes itself (CORS headers added) */
  gatewayError: (answer: HttpAnswer, note: string) => { answer: HttpAnswer; note?: string };
  /** a buffered proxy result as the API type answers it */
  parse: (result: unknown) => { answer: HttpAnswer; note?: string };
}

/** Why an invocation failed, as the log line says it. */
function failure(settings: ResolvedSettings, outcome: Exclude<InvokeOutcome, { ok: true }>): string {
  return outcome.timedOut ? `function timed out after ${settings.timeoutSeconds}s` : `${outcome.error.errorType}: ${outcome.error.errorMessage}`;
}

/** A buffered invocation: a 504 past the integration timeout, a 500 when the function fails. */
export async function invokeBuffered(options: Integration & { timeoutMs: number }): Promise<Handled> {
  const { gatewayError, timeoutMs } = options;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const outcome = await Promise.race([options.invoke(options.event, { requestId: options.requestId }), timeout]);
  clearTimeout(timer);
  if (outcome === 'timeout') return gatewayError(GATEWAY.timeout(), `integration timeout after ${timeoutMs / 1000}s`);
  if (!outcome.ok) return gatewayError(GATEWAY.internal(), failure(options.settings, outcome));
  return options.parse(outcome.value);
}

export async function invokeStreamed(options: Integration & { res: ServerResponse; requestIdHeader: string }): Promise<Handled> {
  const { settings, res, requestId, gatewayError } = options;
  const streamed = new StreamedAnswer(res, [options.requestIdHeader, requestId]);
  const outcome = await options.invoke(options.event, { requestId, stream: streamed });
  if (streamed.headSent) {
    const status = streamed.status as number;
    if (outcome.ok) {
      streamed.end();
      return { answer: null, status, note: `streamed ${streamed.bodyBytes} bytes${bandwidthNote(streamed.bodyBytes)}` };
    }
    streamed.abort();
    return { answer: null, status, note: `stream cut after ${streamed.bodyBytes} bytes: ${failure(settings, outcome)}` };
  }
  if (!outcome.ok) return gatewayError(GATEWAY.internal(), failure(settings, outcome));
  if (streamed.isHttpIntegration) return gatewayError(GATEWAY.internal(), 'Malformed Lambda proxy response: the stream ended inside its HTTP prelude');
  return options.parse(parseStreamedResult(streamed.collectedText()));
}

/**
 * A gateway's request listener: the other routes first (the console), then `handle`; its answer
 * (unless it was streamed already) is sent with the request id under `requestIdHeader`, logged in
 * one line and reported to `onAnswered`.
 */
export function gatewayListener(
  options: Pick<GatewayOptions, 'log' | 'otherRoute' | 'onAnswered'>,
  requestIdHeader: string,
  handle: (req: IncomingMessage, res: ServerResponse, requestId: string) => Promise<Handled>,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (options.otherRoute?.(req, res)) return;
    const started = Date.now();
    const requestId = randomUUID();
    handle(req, res, requestId)
      .catch((err: unknown): Handled => ({ answer: GATEWAY.internal(), note: `serve error: ${err instanceof Error ? err.message : String(err)}` }))
      .then((handled) => {
        const { answer, note } = handled;
        // a streamed answer is out already
        const status = answer === null ? handled.status : answer.statusCode;
        if (answer !== null) {
          const headers: string[] = [];
          for (let i = 0; i + 1 < answer.headers.length; i += 2) {
            const name = answer.headers[i]!;
            if (!HOP_BY_HOP.has(name.toLowerCase())) headers.push(name, answer.headers[i + 1]!);
          }
          headers.push(requestIdHeader, requestId, 'Content-Length', String(answer.body.length));
          res.writeHead(answer.statusCode, headers);
          res.end(req.method === 'HEAD' ? undefined : answer.body);
        }
        const duration = Date.now() - started;
        options.log(requestLine(req.method ?? 'GET', req.url ?? '/', status, duration, note));
        options.onAnswered?.({ requestId, method: req.method ?? 'GET', url: req.url ?? '/', status, durationMs: duration, note: note ?? null });
      });
  };
}

/**
 * Locally a stream goes as fast as the machine allows; deployed, Lambda sends the first 6 MB
 * uncapped and the rest at most 2 MB/s
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-response-streaming.html).
 */
export function bandwidthNote(bytes: number): string {
  const uncapped = 6 * 1024 * 1024;
  if (bytes <= uncapped) return '';
  const seconds = (bytes - uncapped) / (2 * 1024 * 1024);
  return `; deployed, Lambda sends the part past 6 MB at 2 MB/s: ${seconds.toFixed(1)}s more at least`;
}

/** A stream with no HTTP prelude carries a buffered proxy result as JSON. */
function parseStreamedResult(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * A streaming function's invocation, answered as it is written (REST with responseStreaming,
 * and a Function URL with InvokeMode RESPONSE_STREAM): the head and each chunk go to the client
 * as the function sends them (./streamed-answer.ts). A function that never starts the HTTP
 * prelude answers a buffered proxy result through the stream, which `parse` turns into the
 * answer as the API type would.
 */
import type { ServerResponse } from 'node:http';
import type { ResolvedSettings } from '@tsappa/templates';
import type { InvokeOutcome, StreamSink } from './function-host.js';
import { GATEWAY, type HttpAnswer } from './proxy-event.js';
import { StreamedAnswer } from './streamed-answer.js';

/** What a gateway sends: an answer, or null when it was streamed to the client already (with the status it had). */
export type Handled = { answer: HttpAnswer; note?: string } | { answer: null; status: number; note?: string };

export interface StreamedInvoke {
  settings: ResolvedSettings;
  res: ServerResponse;
  requestId: string;
  /** the header naming the request id (`x-amzn-RequestId`) */
  requestIdHeader: string;
  event: unknown;
  invoke: (event: unknown, options: { requestId: string; stream?: StreamSink }) => Promise<InvokeOutcome>;
  /** an answer API Gateway or the URL makes itself (CORS headers added) */
  gatewayError: (answer: HttpAnswer, note: string) => { answer: HttpAnswer; note?: string };
  /** a buffered proxy result as the API type answers it */
  parse: (result: unknown) => { answer: HttpAnswer; note?: string };
}

export async function invokeStreamed(options: StreamedInvoke): Promise<Handled> {
  const { settings, res, requestId, gatewayError } = options;
  const streamed = new StreamedAnswer(res, [options.requestIdHeader, requestId]);
  const outcome = await options.invoke(options.event, { requestId, stream: streamed });
  const failure = (o: Exclude<InvokeOutcome, { ok: true }>) => (o.timedOut ? `function timed out after ${settings.timeoutSeconds}s` : `${o.error.errorType}: ${o.error.errorMessage}`);
  if (streamed.headSent) {
    const status = streamed.status as number;
    if (outcome.ok) {
      streamed.end();
      return { answer: null, status, note: `streamed ${streamed.bodyBytes} bytes${bandwidthNote(streamed.bodyBytes)}` };
    }
    streamed.abort();
    return { answer: null, status, note: `stream cut after ${streamed.bodyBytes} bytes: ${failure(outcome)}` };
  }
  if (!outcome.ok) return gatewayError(GATEWAY.internal(), failure(outcome));
  if (streamed.isHttpIntegration) return gatewayError(GATEWAY.internal(), 'Malformed Lambda proxy response: the stream ended inside its HTTP prelude');
  return options.parse(parseStreamedResult(streamed.collectedText()));
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

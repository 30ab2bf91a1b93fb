/**
 * Test support: a stand-in AWS endpoint on 127.0.0.1 for a packaged function's task calls
 * (point the SDK at it with AWS_ENDPOINT_URL). It records every request and answers the two
 * calls a task makes as AWS does: a Lambda Event invoke (`POST
 * /2015-03-31/functions/<name>/invocations`, `X-Amz-Invocation-Type: Event`) with 202 and no body,
 * and a DynamoDB PutItem (captureResponse) with 200 and `{}`. Anything else is answered 400, and
 * stays in `requests` for the test to see.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** path and query, as sent */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RecordedInvoke {
  functionName: string;
  qualifier: string | null;
  invocationType: string | undefined;
  /** the payload as sent, parsed as JSON (the text itself when it is not JSON) */
  payload: unknown;
}

export interface RecordedPutItem {
  table: string;
  /** DynamoDB's attribute-value map, as sent */
  item: Record<string, Record<string, string>>;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

function invokeOf(request: RecordedRequest): RecordedInvoke | null {
  const url = new URL(request.url, 'http://aws.invalid');
  const match = request.method === 'POST' ? INVOKE_PATH.exec(url.pathname) : null;
  if (!match) return null;
  const type = request.headers['x-amz-invocation-type'];
  return {
    functionName: decodeURIComponent(match[1]!),
    qualifier: url.searchParams.get('Qualifier'),
    invocationType: Array.isArray(type) ? type.join(',') : type,
    payload: parsed(request.body),
  };
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isPutItem(request: RecordedRequest): boolean {
  return request.method === 'POST' && request.headers['x-amz-target'] === 'DynamoDB_20120810.PutItem';
}

export class AwsRecorder {
  readonly requests: RecordedRequest[] = [];
  private server: Server | undefined;

  /** Starts listening; resolves to the endpoint URL. */
  async start(): Promise<string> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        this.requests.push(request);
        const requestId = `recorded-${this.requests.length}`;
        if (invokeOf(request)?.invocationType === 'Event') {
          res.writeHead(202, { 'x-amzn-requestid': requestId, 'content-length': '0' }).end();
        } else if (isPutItem(request)) {
          res.writeHead(200, { 'x-amzn-requestid': requestId, 'content-type': 'application/x-amz-json-1.0' }).end('{}');
        } else {
          const body = JSON.stringify({ __type: 'UnrecognizedClientException', message: `not recorded: ${request.method} ${request.url}` });
          res.writeHead(400, { 'x-amzn-requestid': requestId, 'x-amzn-errortype': 'UnrecognizedClientException', 'content-type': 'application/json' }).end(body);
        }
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** The Lambda invokes received, in order. */
  invokes(): RecordedInvoke[] {
    return this.requests.map(invokeOf).filter((invoke): invoke is RecordedInvoke => invoke !== null);
  }

  /** The DynamoDB PutItem calls received, in order. */
  putItems(): RecordedPutItem[] {
    return this.requests.filter(isPutItem).map((request) => {
      const body = JSON.parse(request.body) as { TableName: string; Item: RecordedPutItem['item'] };
      return { table: body.TableName, item: body.Item };
    });
  }

  /** Requests that were neither an Event invoke nor a PutItem. */
  unexpected(): RecordedRequest[] {
    return this.requests.filter((request) => invokeOf(request)?.invocationType !== 'Event' && !isPutItem(request));
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

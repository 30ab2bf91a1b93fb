/**
 * A neutral echo listener: plain Node `(req, res)`, no framework. It answers with what it
 * received (method, url, headers, rawHeaders, body as base64, socket address, how often the
 * request emitted 'end'), or, when the request carries `x-respond` (JSON), with that response.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getInvocation } from '../../src/http/invocation.js';

export interface EchoReply {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  rawHeaders: string[];
  body: string; // base64
  remoteAddress: string | undefined;
  encrypted: boolean;
  endCount: number;
  requestId: string | undefined;
}

export interface Respond {
  status?: number;
  headers?: [string, string | string[]][];
  /** written as-is, or base64-decoded when `base64` */
  body?: string;
  base64?: boolean;
  /** use writeHead(status, headers) instead of setHeader */
  writeHead?: boolean;
  /** write the body in pieces */
  chunks?: string[];
}

export function echo(req: IncomingMessage, res: ServerResponse): void {
  let endCount = 0;
  const parts: Buffer[] = [];
  req.on('data', (c: Buffer) => parts.push(c));
  req.on('end', () => {
    endCount++;
    const instruction = req.headers['x-respond'];
    if (typeof instruction === 'string') {
      const r = JSON.parse(instruction) as Respond;
      const status = r.status ?? 200;
      if (r.writeHead) {
        res.writeHead(status, Object.fromEntries(r.headers ?? []));
      } else {
        res.statusCode = status;
        for (const [k, v] of r.headers ?? []) res.appendHeader(k, v);
      }
      if (r.chunks) {
        for (const c of r.chunks) res.write(c);
        res.end();
      } else {
        res.end(r.body === undefined ? undefined : r.base64 ? Buffer.from(r.body, 'base64') : r.body);
      }
      return;
    }
    // Reply after a turn, so a second 'end' would be counted.
    setImmediate(() => {
      const reply: EchoReply = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(parts).toString('base64'),
        remoteAddress: req.socket.remoteAddress,
        encrypted: (req.socket as { encrypted?: boolean }).encrypted === true,
        endCount,
        requestId: getInvocation(req)?.context.awsRequestId,
      };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(reply));
    });
  });
}

/** Reads the echo from a result of any shape. */
export function readEcho(result: unknown): EchoReply {
  const r = result as { body: string; isBase64Encoded: boolean };
  const text = r.isBase64Encoded ? Buffer.from(r.body, 'base64').toString('utf8') : r.body;
  return JSON.parse(text) as EchoReply;
}

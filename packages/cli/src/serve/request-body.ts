/**
 * Reads a request body up to a limit without ever holding more than the limit: a body announced
 * bigger (Content-Length) is refused before a byte is read, and one that grows past it (chunked)
 * stops being kept. The rest of a refused body is read and dropped, so the client still gets the
 * answer instead of a reset connection, and memory stays bounded however many uploads arrive.
 */
import type { IncomingMessage } from 'node:http';

/**
 * Lambda's synchronous invocation payload: 6 MB for the event (and the response)
 * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). A body bigger than
 * that can never fit in the event, so serve reads no further (API Gateway's own limit is 10 MB,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html).
 */
export const MAX_EVENT_BYTES = 6 * 1024 * 1024;

export type BodyRead = { ok: true; body: Buffer } | { ok: false; reason: string };

export function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  const announced = Number(req.headers['content-length']);
  if (Number.isFinite(announced) && announced > limit) {
    req.resume(); // drop it as it comes
    return Promise.resolve({ ok: false, reason: `request body of ${announced} bytes is over ${limit}` });
  }
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] | null = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (chunks && size > limit) chunks = null; // over the limit: keep nothing more, drop what was kept
      chunks?.push(chunk);
    });
    req.on('end', () => resolve(chunks ? { ok: true, body: Buffer.concat(chunks, size) } : { ok: false, reason: `request body over ${limit} bytes` }));
    req.on('error', reject);
  });
}

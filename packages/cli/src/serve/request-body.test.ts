import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readBody, type BodyRead } from './request-body.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** Posts `body` to a server that reads it with `readBody(limit)`; resolves with what it read and the status the client got. */
async function post(limit: number, body: Buffer, chunked: boolean): Promise<{ read: BodyRead; status: number }> {
  let read: BodyRead | undefined;
  server = createServer((req, res) => {
    void readBody(req, limit).then((result) => {
      read = result;
      res.writeHead(result.ok ? 200 : 413).end();
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const status = await new Promise<number>((resolve, reject) => {
    const headers = chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(body.length) };
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
  return { read: read as BodyRead, status };
}

describe('readBody', () => {
  it('reads a body up to the limit whole', async () => {
    const body = Buffer.from('x'.repeat(1000));
    for (const chunked of [false, true]) {
      const { read, status } = await post(1000, body, chunked);
      expect(status).toBe(200);
      expect(read.ok && read.body.equals(body)).toBe(true);
    }
  });

  it('refuses a body announced over the limit without reading it, and the client still gets the answer', async () => {
    const { read, status } = await post(1000, Buffer.alloc(5000), false);
    expect(read).toEqual({ ok: false, reason: 'request body of 5000 bytes is over 1000' });
    expect(status).toBe(413);
  });

  it('refuses a chunked body that grows over the limit', async () => {
    const { read, status } = await post(1000, Buffer.alloc(1001), true);
    expect(read).toEqual({ ok: false, reason: 'request body over 1000 bytes' });
    expect(status).toBe(413);
  });
});

/**
 * `tsappa serve` of a stage with `responseStreaming` (test/fixtures/serve-streaming), over HTTP:
 * the response is streamed as the app writes it (chunked, each write reaching the client before
 * the app goes on), byte for byte, past the 6 MB a buffered response may carry, with the stage's
 * CORS headers, and cut at Lambda's 200 MB streamed cap.
 */
import { createHash } from 'node:crypto';
import { createServer, get, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryBytes } from './fixtures/serve-streaming/src/app.js';
import { serveFixture, type ServedFixture } from './support/serve-fixture.js';

const STREAMED_CAP = 200 * 1024 * 1024;

interface Received {
  status: number;
  headers: IncomingHttpHeaders;
  bytes: number;
  sha256: string;
  /** the body ended as HTTP says (the last chunk came), not cut short */
  complete: boolean;
}

/** GETs `url`, hashing the body as it comes; `onData` sees each piece with the text so far. */
function receive(url: string, options: { onData?: (text: string) => void; keepText?: boolean; headers?: Record<string, string> } = {}): Promise<Received & { text: string }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: options.headers ?? {} }, (res) => {
      const hash = createHash('sha256');
      let bytes = 0;
      let text = '';
      let ended = false;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        hash.update(chunk);
        if (options.keepText !== false) text += chunk.toString('latin1');
        options.onData?.(text);
      });
      res.on('end', () => {
        ended = true;
      });
      res.on('error', () => undefined); // a cut stream: 'close' says how it ended
      res.on('close', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes, sha256: hash.digest('hex'), complete: ended && res.complete, text }));
    }).on('error', reject);
  });
}

describe('tsappa serve with responseStreaming', () => {
  let served: ServedFixture;
  beforeAll(async () => {
    served = await serveFixture('serve-streaming').started();
  }, 90_000);
  afterAll(async () => {
    await served?.stop();
  });

  it('sends the head and the first write to the client before the app writes the second', async () => {
    // the app writes its first chunk, then waits for this server, which answers only once the
    // client has that chunk: a buffered answer never gets there (the release then says "timeout")
    let clientHasFirst!: () => void;
    const firstArrived = new Promise<void>((resolve) => (clientHasFirst = resolve));
    const order: string[] = [];
    const release: Server = createServer((_req, res) => {
      order.push('app waits for release');
      const timer = setTimeout(() => res.end('timeout'), 5000);
      void firstArrived.then(() => {
        clearTimeout(timer);
        order.push('released');
        res.end('released');
      });
    });
    await new Promise<void>((resolve) => release.listen(0, '127.0.0.1', resolve));
    try {
      const releaseUrl = `http://127.0.0.1:${(release.address() as AddressInfo).port}/`;
      const got = await receive(`${served.url}/handshake?release=${encodeURIComponent(releaseUrl)}`, {
        onData: (text) => {
          if (text.includes('first chunk|') && !order.includes('client has the first chunk')) {
            order.push('client has the first chunk');
            clientHasFirst();
          }
        },
      });
      expect(got).toMatchObject({ status: 200, complete: true, text: 'first chunk|second chunk after released' });
      expect(got.headers['transfer-encoding']).toBe('chunked');
      expect(got.headers['content-type']).toBe('text/plain');
      expect(got.headers['content-length']).toBeUndefined();
      // the app was waiting, and the client had the first chunk before the app went on
      expect(order).toContain('app waits for release');
      expect(order.filter((step) => step !== 'app waits for release')).toEqual(['client has the first chunk', 'released']);
    } finally {
      release.close();
    }
  }, 30_000);

  it('streams a binary body byte for byte, past the 6 MB a buffered response may carry', async () => {
    const size = 8_000_000;
    const got = await receive(`${served.url}/binary?bytes=${size}`, { keepText: false });
    expect(got).toMatchObject({ status: 200, complete: true, bytes: size });
    expect(got.headers['x-total']).toBe(String(size));
    expect(got.sha256).toBe(createHash('sha256').update(binaryBytes(size)).digest('hex'));
    // deployed, the 1.6 MB past the first 6 MB go at 2 MB/s: the log says so
    await served.waitFor(/GET \/dev\/binary\?bytes=8000000 200 \d+ms \(streamed 8000000 bytes; deployed, Lambda sends the part past 6 MB at 2 MB\/s: 0\.8s more at least\)/, 5000);
  }, 60_000);

  it('gives streamed responses the CORS headers, as buffered ones get them, for allowed origins only', async () => {
    const allowed = await receive(`${served.url}/binary?bytes=10`, { headers: { origin: 'https://app.example' } });
    expect(allowed).toMatchObject({ status: 200, complete: true, bytes: 10 });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(allowed.headers.vary).toBe('Origin');
    const other = await receive(`${served.url}/binary?bytes=10`, { headers: { origin: 'https://elsewhere.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();

    const preflight = await fetch(`${served.url}/binary`, { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
  });

  it("cuts a response past Lambda's 200 MB streamed cap, says why, and serves the next request", async () => {
    const got = await receive(`${served.url}/binary?bytes=${STREAMED_CAP + 1}`, { keepText: false });
    expect(got.status).toBe(200); // the head was out long before
    expect(got.complete).toBe(false);
    expect(got.bytes).toBeLessThanOrEqual(STREAMED_CAP);
    expect(got.bytes).toBeGreaterThan(STREAMED_CAP - 1024 * 1024);
    await served.waitFor(/GET \/dev\/binary\?bytes=209715201 200 \d+ms \(stream cut after \d+ bytes: Function\.ResponseSizeTooLarge: Response payload size exceeded maximum allowed payload size \(209715200 bytes\)\.\)/);

    const next = await receive(`${served.url}/binary?bytes=1000`);
    expect(next).toMatchObject({ status: 200, complete: true, bytes: 1000 });
  }, 120_000);
});

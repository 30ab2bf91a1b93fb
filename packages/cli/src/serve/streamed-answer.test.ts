import { createServer, get, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MalformedPreludeError, StreamedAnswer, parsePrelude } from './streamed-answer.js';
import { HTTP_INTEGRATION_CONTENT_TYPE } from './worker-script.js';

describe('parsePrelude', () => {
  it("reads REST's multiValueHeaders, each value once, Set-Cookie included", () => {
    expect(parsePrelude(JSON.stringify({ statusCode: 201, multiValueHeaders: { 'content-type': ['text/plain'], 'set-cookie': ['a=1', 'b=2'] } }))).toEqual({
      statusCode: 201,
      headers: ['content-type', 'text/plain', 'set-cookie', 'a=1', 'set-cookie', 'b=2'],
    });
  });

  it("reads a Function URL's headers and cookies", () => {
    expect(parsePrelude(JSON.stringify({ statusCode: 200, headers: { 'x-a': '1' }, cookies: ['c=3'] }))).toEqual({ statusCode: 200, headers: ['x-a', '1', 'Set-Cookie', 'c=3'] });
  });

  it('drops the headers the gateway sets itself (the body is chunked)', () => {
    expect(parsePrelude(JSON.stringify({ statusCode: 200, multiValueHeaders: { 'Content-Length': ['10'], 'transfer-encoding': ['gzip'], 'x-kept': ['y'] } })).headers).toEqual(['x-kept', 'y']);
  });

  it('refuses a prelude that is not JSON or has no HTTP status', () => {
    expect(() => parsePrelude('{not json')).toThrow(MalformedPreludeError);
    expect(() => parsePrelude(JSON.stringify({ statusCode: 99 }))).toThrow(/statusCode 99 is not an HTTP status/);
  });
});

describe('StreamedAnswer', () => {
  let server: Server | null = null;
  afterEach(() => {
    server?.close();
    server = null;
  });

  /** Feeds `pieces` to a StreamedAnswer serving one request; returns what the client got. */
  async function serve(contentType: string, pieces: Buffer[]): Promise<{ status: number; headers: IncomingHttpHeaders; body: string; answer: StreamedAnswer }> {
    let answer!: StreamedAnswer;
    server = createServer((_req, res) => {
      answer = new StreamedAnswer(res, ['x-amzn-RequestId', 'req-1']);
      answer.begin(contentType);
      void (async () => {
        for (const piece of pieces) await answer.write(piece);
        if (answer.headSent) answer.end();
        else res.end('no head');
      })();
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    return new Promise((resolve, reject) => {
      get(`http://127.0.0.1:${port}/`, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), answer }));
      }).on('error', reject);
    });
  }

  it('finds the prelude and its eight NUL bytes across pieces, then streams the body', async () => {
    const prelude = JSON.stringify({ statusCode: 202, multiValueHeaders: { 'x-kind': ['stream'] } });
    const bytes = Buffer.concat([Buffer.from(prelude), Buffer.alloc(8), Buffer.from('hello, world')]);
    // cut inside the JSON, inside the NUL run, and in the body
    const cuts = [5, prelude.length + 3, prelude.length + 10];
    const pieces = [0, ...cuts].map((start, i) => bytes.subarray(start, cuts[i] ?? bytes.length));
    const got = await serve(HTTP_INTEGRATION_CONTENT_TYPE, pieces);
    expect(got.status).toBe(202);
    expect(got.headers['x-kind']).toBe('stream');
    expect(got.headers['x-amzn-requestid']).toBe('req-1');
    expect(got.headers['transfer-encoding']).toBe('chunked');
    expect(got.body).toBe('hello, world');
    expect(got.answer.bodyBytes).toBe('hello, world'.length);
  });

  it('lets the function write on when the client goes away mid-stream (its bytes go nowhere)', async () => {
    let answer!: StreamedAnswer;
    let clientGone!: () => void;
    const gone = new Promise<void>((resolve) => (clientGone = resolve));
    server = createServer((_req, res) => {
      answer = new StreamedAnswer(res, []);
      answer.begin(HTTP_INTEGRATION_CONTENT_TYPE);
      void answer.write(Buffer.concat([Buffer.from('{"statusCode":200}'), Buffer.alloc(8), Buffer.from('first')]));
      res.on('close', clientGone);
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const request = get(`http://127.0.0.1:${port}/`, (res) => res.once('data', () => request.destroy()));
    request.on('error', () => undefined);
    await gone;
    // far more than any socket buffer: without the check the writes would wait for a drain that never comes
    for (let i = 0; i < 64; i += 1) await answer.write(Buffer.alloc(1024 * 1024));
    expect(answer.bodyBytes).toBeLessThan(64 * 1024 * 1024);
  });

  it('holds a stream without the HTTP prelude content type as a buffered result', async () => {
    const got = await serve('application/octet-stream', [Buffer.from('{"statusCode":'), Buffer.from('200}')]);
    expect(got.answer.headSent).toBe(false);
    expect(got.answer.isHttpIntegration).toBe(false);
    expect(got.answer.collectedText()).toBe('{"statusCode":200}');
    expect(got.body).toBe('no head');
  });
});

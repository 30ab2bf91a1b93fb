/** Response streaming through a stand-in for the `awslambda` global. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeResponseStream, STREAMING, installAwsLambda } from '../../test/http/awslambda.js';
import { functionUrlEvent, httpApiEvent, lambdaContext, restEvent } from '../../test/http/events.js';
import { captureLogger, sleep } from '../../test/http/support.js';
import type { StreamingHttpHandler } from './index.js';
import { createHandler, createStreamingHandler, getInvocation } from './index.js';

type Listener = (req: IncomingMessage, res: ServerResponse) => unknown;

const streaming = (app: unknown, options = {}) => {
  const handler = createHandler(app, { responseStreaming: true, logger: captureLogger().logger, ...options });
  expect(handler.streaming).toBe(true);
  return handler as StreamingHttpHandler;
};

describe('response streaming', () => {
  let uninstall: () => void;
  beforeEach(() => {
    uninstall = installAwsLambda();
  });
  afterEach(() => uninstall());

  it('wraps the handler with awslambda.streamifyResponse', () => {
    const handler = streaming((_req: IncomingMessage, res: ServerResponse) => res.end());
    expect((handler as unknown as Record<symbol, unknown>)[STREAMING]).toBe('response');
  });

  for (const [name, make] of [
    ['Function URL', functionUrlEvent],
    ['REST API (STREAM mode)', restEvent],
  ] as const) {
    it(`${name}: pipes the body as it is written, after the prelude`, async () => {
      const stream = new FakeResponseStream();
      const seen: string[] = [];
      stream.on('chunk', (c: Buffer) => seen.push(c.toString()));
      const listener: Listener = async (req, res) => {
        res.setHeader('content-type', 'text/plain');
        res.setHeader('set-cookie', ['a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT', 'b=2']);
        res.setHeader('x-request', getInvocation()?.context.awsRequestId ?? '');
        res.write('first ');
        await sleep(20);
        // the first chunk has reached Lambda's stream before the app writes the second
        expect(seen).toContain('first ');
        res.write('second ');
        await sleep(5);
        res.end('last');
      };
      await streaming(listener)(make(), stream, lambdaContext('req-stream'));
      const { prelude, body } = stream.parse();
      expect(stream.contentType).toBe('application/vnd.awslambda.http-integration-response');
      if (make === restEvent) {
        // REST APIs read multiValueHeaders (Set-Cookie included) from the prelude
        expect(prelude).toEqual({
          statusCode: 200,
          multiValueHeaders: {
            'content-type': ['text/plain'],
            'set-cookie': ['a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT', 'b=2'],
            'x-request': ['req-stream'],
          },
        });
      } else {
        expect(prelude).toEqual({
          statusCode: 200,
          headers: { 'content-type': 'text/plain', 'x-request': 'req-stream' },
          cookies: ['a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT', 'b=2'],
        });
      }
      expect(body.toString()).toBe('first second last');
      expect(stream.writableFinished).toBe(true);
    });
  }

  it('binary bodies stream as raw bytes (no base64)', async () => {
    const bytes = Buffer.from([0, 255, 1, 254, 13, 10]);
    const stream = new FakeResponseStream();
    await streaming((_req: IncomingMessage, res: ServerResponse) => {
      res.setHeader('content-type', 'image/png');
      res.end(bytes);
    })(functionUrlEvent(), stream, lambdaContext());
    expect(stream.parse().body.equals(bytes)).toBe(true);
  });

  it('honours backpressure: a slow stream gets every byte, in order', async () => {
    const stream = new FakeResponseStream({ highWaterMark: 64, delayMs: 1 });
    let waitedForDrain = 0;
    const listener: Listener = async (_req, res) => {
      res.setHeader('content-type', 'text/plain');
      for (let i = 0; i < 40; i++) {
        if (!res.write(`${String(i).padStart(3, '0')}:${'x'.repeat(60)}\n`)) {
          waitedForDrain++;
          await new Promise((resolve) => res.once('drain', resolve));
        }
      }
      res.end();
    };
    await streaming(listener)(functionUrlEvent(), stream, lambdaContext());
    const lines = stream.parse().body.toString().trim().split('\n');
    expect(lines).toHaveLength(40);
    expect(lines.map((l) => Number(l.slice(0, 3)))).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(waitedForDrain).toBeGreaterThan(0);
  });

  it('HEAD and 204 still flush the prelude, with no body', async () => {
    for (const [method, status] of [
      ['HEAD', 200],
      ['GET', 204],
    ] as const) {
      const stream = new FakeResponseStream();
      await streaming((_req: IncomingMessage, res: ServerResponse) => {
        res.statusCode = status;
        res.setHeader('content-type', 'text/plain');
        res.end('dropped');
      })(functionUrlEvent({ method }), stream, lambdaContext());
      const { prelude, body } = stream.parse();
      expect(prelude?.statusCode).toBe(status);
      expect(body.length).toBe(0);
    }
  });

  it('an app that throws before sending anything streams a 500', async () => {
    const stream = new FakeResponseStream();
    await streaming((_req: IncomingMessage, _res: ServerResponse) => {
      throw new Error('boom');
    })(functionUrlEvent(), stream, lambdaContext());
    const { prelude, body } = stream.parse();
    expect(prelude?.statusCode).toBe(500);
    expect(JSON.parse(body.toString())).toHaveProperty('message');
    expect(stream.writableFinished).toBe(true);
  });

  it('an app that fails mid-stream ends the stream (the status is already out)', async () => {
    const stream = new FakeResponseStream();
    const { logger, lines } = captureLogger();
    await createStreamingHandler(
      async (_req: IncomingMessage, res: ServerResponse) => {
        res.setHeader('content-type', 'text/plain');
        res.write('partial');
        await sleep(1);
        throw new Error('mid-stream');
      },
      { logger },
    )(functionUrlEvent(), stream, lambdaContext('req-mid'));
    const { prelude, body } = stream.parse();
    expect(prelude?.statusCode).toBe(200);
    expect(body.toString()).toBe('partial');
    expect(stream.writableFinished).toBe(true);
    expect(lines[0]?.details?.requestId).toBe('req-mid');
  });

  it('a response never ended is cut at the deadline', async () => {
    const stream = new FakeResponseStream();
    await streaming(
      (_req: IncomingMessage, res: ServerResponse) => {
        res.setHeader('content-type', 'text/plain');
        res.write('waiting');
      },
      { deadlineMarginMs: 20 },
    )(functionUrlEvent(), stream, lambdaContext('x', 80));
    expect(stream.parse().body.toString()).toBe('waiting');
    expect(stream.writableFinished).toBe(true);
  });

  it('fetch-style apps (Hono) stream their ReadableStream body', async () => {
    const app = new Hono();
    app.get('/sse', (c) => {
      const encoder = new TextEncoder();
      let n = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          await sleep(2);
          if (n === 3) return controller.close();
          controller.enqueue(encoder.encode(`data: ${n++}\n\n`));
        },
      });
      c.header('set-cookie', 'sid=1', { append: true });
      return c.body(body, 200, { 'content-type': 'text/event-stream' });
    });
    const stream = new FakeResponseStream();
    await streaming(app)(functionUrlEvent({ path: '/sse' }), stream, lambdaContext());
    const { prelude, body } = stream.parse();
    expect(prelude).toEqual({ statusCode: 200, headers: { 'content-type': 'text/event-stream' }, cookies: ['sid=1'] });
    expect(body.toString()).toBe('data: 0\n\ndata: 1\n\ndata: 2\n\n');
    expect(stream.chunks.length).toBeGreaterThanOrEqual(5); // prelude, NULs, then one per event
  });

  it('integrations that cannot stream (HTTP API, ALB) get the buffered result as the payload', async () => {
    const stream = new FakeResponseStream();
    await streaming((_req: IncomingMessage, res: ServerResponse) => {
      res.setHeader('content-type', 'text/plain');
      res.end('buffered');
    })(httpApiEvent(), stream, lambdaContext());
    expect(JSON.parse(stream.bytes.toString())).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'text/plain' },
      body: 'buffered',
      isBase64Encoded: false,
    });
  });
});

describe('response streaming without the awslambda global', () => {
  it('createHandler falls back to a buffered handler', async () => {
    const handler = createHandler((_req: IncomingMessage, res: ServerResponse) => res.end('ok'), { responseStreaming: true });
    expect(handler.streaming).toBe(false);
    const result = await (handler as (e: unknown, c: unknown) => Promise<{ body: string }>)(functionUrlEvent(), lambdaContext());
    expect(Buffer.from(result.body, 'base64').toString()).toBe('ok');
  });

  it('createStreamingHandler writes the same prelude bytes itself', async () => {
    const stream = new FakeResponseStream();
    await createStreamingHandler((_req: IncomingMessage, res: ServerResponse) => {
      res.statusCode = 201;
      res.setHeader('content-type', 'text/plain');
      res.end('made');
    })(functionUrlEvent(), stream, lambdaContext());
    const { prelude, body } = stream.parse();
    expect(prelude).toEqual({ statusCode: 201, headers: { 'content-type': 'text/plain' } });
    expect(body.toString()).toBe('made');
  });
});

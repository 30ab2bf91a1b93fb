/** Failures become 500 responses (never rejections) and log lines naming the request. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { SOURCES, httpApiEvent, lambdaContext, restEvent } from '../../test/http/events.js';
import { bodyOf, captureLogger, sleep } from '../../test/http/support.js';
import { MAX_BUFFERED_RESPONSE_BYTES, createHandler } from './index.js';

type Listener = (req: IncomingMessage, res: ServerResponse) => unknown;

const expect500 = (result: { statusCode: number; body: string }) => {
  expect(result.statusCode).toBe(500);
  expect(JSON.parse(bodyOf(result).toString())).toHaveProperty('message');
};

describe('errors', () => {
  for (const { name, make } of SOURCES) {
    it(`${name}: a listener that throws synchronously gets a 500, logged with the request id`, async () => {
      const { logger, lines } = captureLogger();
      const boom: Listener = () => {
        throw new Error('sync boom');
      };
      const result = await createHandler(boom, { logger })(make(), lambdaContext('req-sync'));
      expect500(result);
      expect(lines).toHaveLength(1);
      expect(lines[0]!.message).toContain('req-sync');
      expect(lines[0]!.details?.requestId).toBe('req-sync');
      expect((lines[0]!.details?.error as Error).message).toBe('sync boom');
    });
  }

  it('an async listener that rejects gets a 500', async () => {
    const { logger, lines } = captureLogger();
    const boom: Listener = async () => {
      await sleep(1);
      throw new Error('async boom');
    };
    expect500(await createHandler(boom, { logger })(httpApiEvent(), lambdaContext('req-async')));
    expect((lines[0]!.details?.error as Error).message).toBe('async boom');
    expect(lines[0]!.details?.requestId).toBe('req-async');
  });

  it('a rejection after the headers were sent still gets a 500 (nothing has left yet)', async () => {
    const boom: Listener = async (req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial');
      await sleep(1);
      throw new Error('mid-body');
    };
    expect500(await createHandler(boom, { logger: captureLogger().logger })(restEvent(), lambdaContext()));
  });

  it('a rejection after the response is complete changes nothing, and is logged', async () => {
    const { logger, lines } = captureLogger();
    const late: Listener = async (req, res) => {
      res.end('done');
      await sleep(5);
      throw new Error('too late');
    };
    const result = await createHandler(late, { logger })(httpApiEvent(), lambdaContext('req-late'));
    expect(result.statusCode).toBe(200);
    await sleep(20);
    expect(lines.some((l) => (l.details?.error as Error | undefined)?.message === 'too late')).toBe(true);
  });

  it('a response never ended gets a 500 before the Lambda deadline, and a log line', async () => {
    const { logger, lines } = captureLogger();
    const hang: Listener = (req, res) => {
      res.setHeader('content-type', 'text/plain');
      res.write('never ends');
    };
    const started = Date.now();
    const result = await createHandler(hang, { logger, deadlineMarginMs: 100 })(httpApiEvent(), lambdaContext('req-hang', 400));
    const took = Date.now() - started;
    expect500(result);
    expect(took).toBeGreaterThanOrEqual(250); // 400 ms left, 100 ms kept back
    expect(took).toBeLessThan(1500); // (generous: a loaded machine may fire timers late)
    expect(lines[0]!.message).toMatch(/deadline/);
    expect(lines[0]!.message).toContain('req-hang');
  });

  it('a listener that never responds at all also gets a 500 in time', async () => {
    const silent: Listener = (_req, _res) => undefined;
    const started = Date.now();
    const result = await createHandler(silent, { logger: captureLogger().logger, deadlineMarginMs: 50 })(
      restEvent(),
      lambdaContext('x', 150),
    );
    expect500(result);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('overlapping hung invocations each time out on their own deadline', async () => {
    const silent: Listener = (_req, _res) => undefined;
    const h = createHandler(silent, { logger: captureLogger().logger, deadlineMarginMs: 10 });
    const t0 = Date.now();
    const order: string[] = [];
    let last = 0;
    await Promise.all(
      [300, 100, 200].map(async (ms) => {
        const r = await h(httpApiEvent(), lambdaContext(String(ms), ms));
        expect(r.statusCode).toBe(500);
        order.push(String(ms));
        last = Date.now() - t0;
      }),
    );
    expect(order).toEqual(['100', '200', '300']);
    expect(last).toBeGreaterThanOrEqual(250);
  });

  it('a destroyed response gets a 500', async () => {
    const destroy: Listener = (req, res) => {
      res.write('x');
      res.destroy(new Error('gone'));
    };
    expect500(await createHandler(destroy, { logger: captureLogger().logger })(httpApiEvent(), lambdaContext()));
  });

  it('a buffered response over 6 MB gets a clear error response and a log line naming the limit', async () => {
    const big = Buffer.alloc(MAX_BUFFERED_RESPONSE_BYTES + 1, 'a');
    for (const [type, size] of [
      ['text/plain', MAX_BUFFERED_RESPONSE_BYTES + 1],
      ['application/octet-stream', 5 * 1024 * 1024], // under 6 MB raw, over it in base64
    ] as const) {
      const { logger, lines } = captureLogger();
      const listener: Listener = (req, res) => {
        res.setHeader('content-type', type);
        res.write(big.subarray(0, 1024));
        res.end(big.subarray(1024, size));
      };
      const result = await createHandler(listener, { logger })(httpApiEvent(), lambdaContext('req-big'));
      expect(result.statusCode).toBe(500);
      expect(JSON.parse(result.body).message).toMatch(/6 MB/);
      expect(lines[0]!.message).toContain('6291456');
      expect(lines[0]!.message).toContain('req-big');
      expect(lines[0]!.details?.limit).toBe(MAX_BUFFERED_RESPONSE_BYTES);
    }
  });

  it('a response just under the limit goes through', async () => {
    const listener: Listener = (req, res) => {
      res.setHeader('content-type', 'text/plain');
      res.end(Buffer.alloc(6_000_000, 'b'));
    };
    const result = await createHandler(listener)(restEvent(), lambdaContext());
    expect(result.statusCode).toBe(200);
    expect(result.body.length).toBe(6_000_000);
  });

  it('the handler rejects for events that are not HTTP requests (the dispatcher routes those)', async () => {
    await expect(createHandler((_req: IncomingMessage, res: ServerResponse) => res.end())({ Records: [] }, lambdaContext())).rejects.toThrow(/not an HTTP request/);
  });
});

describe('app initialisation', () => {
  it('awaits an async factory once, for concurrent first requests too', async () => {
    let calls = 0;
    const factory = async () => {
      calls++;
      await sleep(10);
      return (req: IncomingMessage, res: ServerResponse) => res.end('ready');
    };
    const h = createHandler(factory);
    const results = await Promise.all([1, 2, 3].map(() => h(httpApiEvent(), lambdaContext())));
    for (const r of results) expect(bodyOf(r).toString()).toBe('ready');
    await h(httpApiEvent(), lambdaContext());
    expect(calls).toBe(1);
  });

  it('a failed init answers 500, logs the error, and the next invocation retries', async () => {
    const { logger, lines } = captureLogger();
    let calls = 0;
    const factory = async () => {
      calls++;
      if (calls === 1) throw new Error('database unreachable');
      return (req: IncomingMessage, res: ServerResponse) => res.end('second time lucky');
    };
    const h = createHandler(factory, { logger });
    expect500(await h(httpApiEvent(), lambdaContext('req-init-1')));
    expect(lines[0]!.message).toMatch(/initialise/);
    expect(lines[0]!.details?.requestId).toBe('req-init-1');
    expect((lines[0]!.details?.error as Error).message).toBe('database unreachable');
    const ok = await h(httpApiEvent(), lambdaContext('req-init-2'));
    expect(bodyOf(ok).toString()).toBe('second time lucky');
    expect(calls).toBe(2);
  });

  it('a factory resolving to an app of an unknown kind answers 500 with a clear log line', async () => {
    const { logger, lines } = captureLogger();
    expect500(await createHandler(async () => ({ nothing: true }), { logger })(httpApiEvent(), lambdaContext()));
    expect(String((lines[0]!.details?.error as Error).message)).toMatch(/cannot serve/);
  });
});

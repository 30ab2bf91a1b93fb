import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FIXTURES } from '../../test/fixtures/serve-handler/support.js';
import { FunctionHost, MAX_RESPONSE_BYTES, type StreamSink } from './function-host.js';
import { HTTP_INTEGRATION_CONTENT_TYPE } from './worker-script.js';

const hosts: FunctionHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()));
});

const quiet = () => new Writable({ write: (_c, _e, cb) => cb() });

function streamingHost(): FunctionHost {
  const host = new FunctionHost({
    handlerFile: `${FIXTURES}streaming.mjs`,
    functionName: 'fake-api-dev',
    region: 'eu-west-1',
    memorySize: 256,
    timeoutSeconds: 10,
    env: { ...(process.env as Record<string, string>) },
    stdout: quiet(),
    stderr: quiet(),
  });
  hosts.push(host);
  return host;
}

/** A sink that records what arrives, in order. */
function recordingSink(): StreamSink & { contentType: string | null; pieces: Buffer[]; text(): string } {
  const sink = {
    contentType: null as string | null,
    pieces: [] as Buffer[],
    begin(contentType: string) {
      sink.contentType = contentType;
    },
    write(bytes: Buffer) {
      sink.pieces.push(Buffer.from(bytes));
    },
    text: () => Buffer.concat(sink.pieces).toString('utf8'),
  };
  return sink;
}

describe('a streaming function (awslambda.streamifyResponse) in the function host', () => {
  it('hands each write to the sink, after the HTTP prelude HttpResponseStream.from writes', async () => {
    const host = streamingHost();
    const sink = recordingSink();
    const outcome = await host.invoke({ chunks: ['one|', 'two|', 'three'] }, { stream: sink });
    expect(outcome).toMatchObject({ ok: true, value: undefined });
    expect(sink.contentType).toBe(HTTP_INTEGRATION_CONTENT_TYPE);
    const prelude = JSON.stringify({ statusCode: 201, multiValueHeaders: { 'x-kind': ['stream'] } });
    expect(sink.text()).toBe(`${prelude}${'\0'.repeat(8)}one|two|three`);
    expect(outcome.ok && outcome.streamedBytes).toBe(Buffer.byteLength(sink.text()));
    // one piece per write: the prelude goes with the first
    expect(sink.pieces.map((p) => p.toString('utf8').split('\0').pop())).toEqual(['one|', 'two|', 'three']);
  });

  it('waits for the sink before the function writes on (backpressure)', async () => {
    const host = streamingHost();
    const arrivals: number[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const sink: StreamSink = {
      begin: () => undefined,
      write: () => {
        arrivals.push(Date.now());
        return arrivals.length === 1 ? held : undefined;
      },
    };
    const running = host.invoke({ chunks: ['a', 'b'] }, { stream: sink });
    await vi.waitFor(() => expect(arrivals).toHaveLength(1), { timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 300));
    expect(arrivals).toHaveLength(1); // the second write waits for the first to be taken
    release();
    expect(await running).toMatchObject({ ok: true });
    expect(arrivals).toHaveLength(2);
  });

  it('returns the stream whole to a synchronous caller (as Lambda Invoke does): JSON parsed', async () => {
    const host = streamingHost();
    expect(await host.invoke({ json: { a: 1 } })).toMatchObject({ ok: true, value: { kind: 'json', echo: { a: 1 } } });
  });

  it('refuses a synchronous result over 6 MB even from a streaming function', async () => {
    const host = streamingHost();
    const outcome = await host.invoke({ fill: MAX_RESPONSE_BYTES + 1 });
    expect(outcome).toMatchObject({ ok: false, error: { errorType: 'Function.ResponseSizeTooLarge', errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).` } });
    // the container, cut off mid-stream, is not reused: the next invocation works
    expect(await host.invoke({ json: { again: true } })).toMatchObject({ ok: true, value: { echo: { again: true } } });
  });

  it('reports an error thrown after the stream started, with what was streamed', async () => {
    const host = streamingHost();
    const sink = recordingSink();
    const outcome = await host.invoke({ throwAfter: 'partial' }, { stream: sink });
    expect(outcome).toMatchObject({ ok: false, error: { errorType: 'Error', errorMessage: 'failed mid-stream' } });
    expect(sink.text().endsWith('partial')).toBe(true);
  });
});

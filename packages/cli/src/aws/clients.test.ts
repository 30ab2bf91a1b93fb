/**
 * AWS calls never hang: an endpoint that accepts connections and never answers (a black hole)
 * fails the call within the timeouts, once (no retries), naming the service and the endpoint.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AWS_TIMEOUTS, AwsClients, AwsEndpointTimeoutError } from './clients.js';

const holes: { server: Server; sockets: Socket[] }[] = [];
afterEach(async () => {
  for (const { server, sockets } of holes.splice(0)) {
    sockets.forEach((s) => s.destroy());
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A TCP server that accepts every connection, reads everything and never answers. */
async function blackHole(): Promise<{ url: string; connections: () => number }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('data', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  holes.push({ server, sockets });
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, connections: () => sockets.length };
}

const env = (url: string) => {
  const saved = { ...process.env };
  Object.assign(process.env, { AWS_ENDPOINT_URL: url, AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret' });
  return () => {
    for (const key of ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  };
};

describe('AWS client timeouts', () => {
  it('the defaults fail a call that gets no answer within a minute', () => {
    expect(AWS_TIMEOUTS.connectMs).toBeLessThanOrEqual(AWS_TIMEOUTS.requestMs);
    expect(Math.max(AWS_TIMEOUTS.idleMs, AWS_TIMEOUTS.requestMs) + AWS_TIMEOUTS.connectMs).toBeLessThan(60_000);
  });

  for (const [service, call] of [
    ['CloudFormation', async (c: AwsClients) => (await c.cloudFormation()).send(new (await import('@aws-sdk/client-cloudformation')).DescribeStacksCommand({}))],
    ['S3', async (c: AwsClients) => (await c.s3()).send(new (await import('@aws-sdk/client-s3')).HeadBucketCommand({ Bucket: 'b' }))],
  ] as const) {
    it(`${service}: an endpoint that never answers fails the call once, naming the service and the endpoint`, async () => {
      const hole = await blackHole();
      const restore = env(hole.url);
      try {
        const clients = new AwsClients({ region: 'eu-west-1', profile: null }, { connectMs: 500, idleMs: 400, requestMs: 400 });
        const started = Date.now();
        const error = await call(clients).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(AwsEndpointTimeoutError);
        expect((error as Error).message).toContain(`${service} at ${hole.url}`);
        expect(Date.now() - started).toBeLessThan(3_000);
        // not retried: one connection, not maxAttempts of them
        expect(hole.connections()).toBe(1);
      } finally {
        restore();
      }
    });
  }
});

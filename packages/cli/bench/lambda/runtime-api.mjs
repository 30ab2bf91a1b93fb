/**
 * A Lambda Runtime API on 127.0.0.1, for one container: what Lambda's control plane offers the
 * runtime client inside the execution environment (2018-06-01):
 *   GET  /2018-06-01/runtime/invocation/next            the next event (held until there is one)
 *   POST /2018-06-01/runtime/invocation/{id}/response   the handler's result
 *   POST /2018-06-01/runtime/invocation/{id}/error      the handler's error
 *   POST /2018-06-01/runtime/init/error                 the init failed
 * It records when the runtime first asked for an event (the end of the init phase) and, for each
 * invocation, when the event was handed over and when its answer arrived.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

const PREFIX = '/2018-06-01/runtime';
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:bench:live';

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Starts the API. `invoke(event)` queues an event and resolves with
 * `{ ok, body, sentAt, answeredAt }` (performance.now() times); `firstNext` resolves with the
 * time of the runtime's first GET /next; `initError` resolves if the runtime reports one.
 */
export async function startRuntimeApi({ timeoutMs = 30_000 } = {}) {
  const queue = []; // events waiting for a /next
  const waiting = []; // /next responses waiting for an event
  const pending = new Map(); // request id -> { resolve, sentAt }
  let onFirstNext;
  const firstNext = new Promise((resolve) => (onFirstNext = resolve));
  let onInitError;
  const initError = new Promise((resolve) => (onInitError = resolve));

  const deliver = (res, item) => {
    const id = randomUUID();
    item.sentAt = performance.now();
    pending.set(id, item);
    res.writeHead(200, {
      'content-type': 'application/json',
      'lambda-runtime-aws-request-id': id,
      'lambda-runtime-deadline-ms': String(Date.now() + timeoutMs),
      'lambda-runtime-invoked-function-arn': FUNCTION_ARN,
      'lambda-runtime-trace-id': `Root=1-${Date.now().toString(16)}-${id.replace(/-/g, '').slice(0, 24)};Parent=0;Sampled=0`,
    });
    res.end(item.payload);
  };

  const server = createServer(async (req, res) => {
    const url = req.url ?? '';
    if (req.method === 'GET' && url === `${PREFIX}/invocation/next`) {
      onFirstNext(performance.now());
      const item = queue.shift();
      if (item) deliver(res, item);
      else waiting.push(res);
      return;
    }
    const body = await readBody(req);
    const answeredAt = performance.now();
    const match = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(url);
    if (req.method === 'POST' && match) {
      const item = pending.get(match[1]);
      pending.delete(match[1]);
      res.writeHead(202).end('{"status":"OK"}');
      item?.resolve({ ok: match[2] === 'response', body, sentAt: item.sentAt, answeredAt });
      return;
    }
    if (req.method === 'POST' && url === `${PREFIX}/init/error`) {
      res.writeHead(202).end('{"status":"OK"}');
      onInitError(body);
      return;
    }
    res.writeHead(404).end();
  });
  server.keepAliveTimeout = 0;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    address: `127.0.0.1:${server.address().port}`,
    firstNext,
    initError,
    invoke(event) {
      return new Promise((resolve) => {
        const item = { payload: JSON.stringify(event), resolve, sentAt: 0 };
        const res = waiting.shift();
        if (res) deliver(res, item);
        else queue.push(item);
      });
    },
    close() {
      for (const res of waiting.splice(0)) res.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

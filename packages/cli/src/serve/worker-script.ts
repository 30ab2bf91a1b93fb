/**
 * The source of the worker the function host forks: one "container" of the local function.
 *
 * It is kept as a string (written to a temporary `.mjs` file by the host) so that it runs the
 * same way from the compiled CLI and from the TypeScript sources under vitest, with no loader.
 *
 * Protocol (over the IPC channel, with Node's `advanced` serialization, so bytes travel as bytes):
 * - worker -> host `{ type: 'tsappa:serve:ready' }` once the handler module is imported, or
 *   `{ type: 'tsappa:serve:init-error', error }` (and the worker exits);
 * - host -> worker `{ type: 'tsappa:serve:invoke', id, event, context: { awsRequestId,
 *   functionName, functionVersion, invokedFunctionArn, memoryLimitInMB, logGroupName,
 *   logStreamName }, deadline }`;
 * - worker -> host `{ type: 'tsappa:serve:result', id, ok: true, payload }` (payload: the
 *   result as Lambda would serialise it, a JSON string) or `{ ..., ok: false, error }`;
 * - worker -> host `{ type: 'tsappa:serve:crash', error }` on an uncaught exception or an
 *   unhandled rejection (the worker then exits, as the Lambda runtime does).
 * Messages whose `type` starts with `tsappa:task:` belong to the local tasks hook (see
 * ./tasks.ts); the worker ignores them and the host handles them.
 *
 * Response streaming: the worker defines the `awslambda` global the Node.js managed runtime
 * provides (`streamifyResponse`, `HttpResponseStream.from`), so a package built with
 * `responseStreaming` runs its streaming handler `(event, responseStream, context)`. What it writes
 * goes to the host as it is written:
 * - worker -> host `{ type: 'tsappa:serve:stream-chunk', id, data, contentType? }` (data: the
 *   bytes, at most STREAM_PIECE_BYTES each; contentType on the first, as `setContentType` left it);
 * - host -> worker `{ type: 'tsappa:serve:stream-ack', id }` once the chunk is passed on: the
 *   worker's stream takes the next write only then (backpressure up to the HTTP client);
 * - then the usual result, `{ ..., ok: true, streamed: true }` once the stream has ended.
 * `HttpResponseStream.from` writes the HTTP prelude (JSON, then 8 NUL bytes) before the first
 * body write, as the managed runtime does.
 *
 * Before importing the handler it registers ./node-path-hook.ts (written beside it as
 * {@link WORKER_NODE_PATH_HOOK}), so `import` searches NODE_PATH as in Lambda.
 *
 * argv: [handlerFile, exportName].
 */
export const WORKER_NODE_PATH_HOOK = 'node-path-hook.mjs';

/** The content type `awslambda.HttpResponseStream.from` gives a stream: an HTTP prelude comes first. */
export const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';

/** Largest piece of a streamed response sent in one message to the host. */
export const STREAM_PIECE_BYTES = 256 * 1024;

export const WORKER_SOURCE = String.raw`
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

import { Writable } from 'node:stream';

register('./${WORKER_NODE_PATH_HOOK}', import.meta.url);

const STREAMING = Symbol.for('tsappa.serve.streamingHandler');
const HTTP_INTEGRATION_TYPE = '${HTTP_INTEGRATION_CONTENT_TYPE}';
const PIECE = ${STREAM_PIECE_BYTES};
globalThis.awslambda = {
  streamifyResponse(fn) {
    fn[STREAMING] = true;
    return fn;
  },
  HttpResponseStream: {
    from(stream, prelude) {
      stream.setContentType(HTTP_INTEGRATION_TYPE);
      stream.beforeFirstWrite = JSON.stringify(prelude);
      return stream;
    },
  },
};

const [file, exportName = 'handler'] = process.argv.slice(2);

function toError(err) {
  if (err instanceof Error) {
    return {
      errorType: err.name && err.name !== 'Error' ? err.name : (err.constructor && err.constructor.name) || 'Error',
      errorMessage: err.message,
      trace: String(err.stack || '').split('\n'),
    };
  }
  return { errorType: typeof err, errorMessage: String(err), trace: [] };
}

function send(message) {
  return new Promise((resolve) => {
    if (!process.connected) return resolve();
    process.send(message, undefined, undefined, () => resolve());
  });
}

let crashing = false;
async function crash(err) {
  if (crashing) return;
  crashing = true;
  const error = toError(err);
  console.error('Uncaught', error.errorType + ':', error.errorMessage);
  await send({ type: 'tsappa:serve:crash', error });
  process.exit(1);
}
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
// the host is gone (the CLI exited or was killed): a container never outlives it
process.on('disconnect', () => process.exit(0));

let handler;
try {
  const mod = await import(pathToFileURL(file).href);
  handler = mod[exportName];
  if (handler === undefined && mod.default && typeof mod.default === 'object') handler = mod.default[exportName];
  if (typeof handler !== 'function') {
    const err = new Error(file + ' does not export a function named "' + exportName + '"');
    err.name = 'Runtime.HandlerNotFound';
    throw err;
  }
} catch (err) {
  const error = toError(err);
  if (error.errorType === 'Error' || error.errorType === 'SyntaxError') error.errorType = 'Runtime.ImportModuleError';
  console.error('Init error', error.errorType + ':', error.errorMessage);
  await send({ type: 'tsappa:serve:init-error', error });
  process.exit(1);
}

function callHandler(event, context) {
  if (handler.length >= 3) {
    return new Promise((resolve, reject) => {
      const callback = (err, value) => (err ? reject(err) : resolve(value));
      context.done = callback;
      context.succeed = (value) => resolve(value);
      context.fail = (err) => reject(err);
      try {
        const out = handler(event, context, callback);
        if (out && typeof out.then === 'function') out.then(resolve, reject);
      } catch (err) {
        reject(err);
      }
    });
  }
  return Promise.resolve().then(() => handler(event, context));
}

const acks = new Map();
function sendPiece(id, data, contentType) {
  return new Promise((resolve) => {
    acks.set(id, resolve);
    const message = { type: 'tsappa:serve:stream-chunk', id, data };
    if (contentType !== undefined) message.contentType = contentType;
    if (!process.connected) return resolve();
    process.send(message);
  });
}

/** The response stream a streaming handler writes to: each write reaches the host, then waits for its ack. */
function responseStream(id) {
  let contentType = 'application/octet-stream';
  let sent = false;
  async function pass(bytes) {
    if (out.beforeFirstWrite !== undefined) {
      bytes = Buffer.concat([Buffer.from(out.beforeFirstWrite), Buffer.alloc(8), bytes]);
      out.beforeFirstWrite = undefined;
    }
    for (let at = 0; at < bytes.length || !sent; at += PIECE) {
      await sendPiece(id, bytes.subarray(at, at + PIECE), sent ? undefined : contentType);
      sent = true;
    }
  }
  const out = new Writable({
    write(chunk, encoding, callback) {
      pass(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, encoding)).then(() => callback(), callback);
    },
    // a stream ended with nothing written still sends its content type (and prelude)
    final(callback) {
      if (sent && out.beforeFirstWrite === undefined) return callback();
      pass(Buffer.alloc(0)).then(() => callback(), callback);
    },
  });
  out.setContentType = (type) => {
    contentType = type;
  };
  return out;
}

async function callStreaming(id, event, context) {
  const stream = responseStream(id);
  const finished = new Promise((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  await handler(event, stream, context);
  if (!stream.writableEnded) stream.end();
  await finished;
}

process.on('message', async (message) => {
  if (message && message.type === 'tsappa:serve:stream-ack') {
    const resolve = acks.get(message.id);
    acks.delete(message.id);
    if (resolve) resolve();
    return;
  }
  if (!message || message.type !== 'tsappa:serve:invoke') return;
  const { id, event, deadline } = message;
  const context = {
    ...message.context,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  if (handler[STREAMING]) {
    try {
      await callStreaming(id, event, context);
      await send({ type: 'tsappa:serve:result', id, ok: true, streamed: true });
    } catch (err) {
      await send({ type: 'tsappa:serve:result', id, ok: false, error: toError(err) });
    }
    return;
  }
  try {
    const value = await callHandler(event, context);
    const payload = value === undefined ? 'null' : JSON.stringify(value);
    await send({ type: 'tsappa:serve:result', id, ok: true, payload: payload === undefined ? 'null' : payload });
  } catch (err) {
    await send({ type: 'tsappa:serve:result', id, ok: false, error: toError(err) });
  }
});

await send({ type: 'tsappa:serve:ready' });
`;

/**
 * The source of the worker the function host forks: one "container" of the local function.
 *
 * It is kept as a string (written to a temporary `.mjs` file by the host) so that it runs the
 * same way from the compiled CLI and from the TypeScript sources under vitest, with no loader.
 *
 * Protocol (over the IPC channel, JSON):
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
 * Before importing the handler it registers ./node-path-hook.ts (written beside it as
 * {@link WORKER_NODE_PATH_HOOK}), so `import` searches NODE_PATH as in Lambda.
 *
 * argv: [handlerFile, exportName].
 */
export const WORKER_NODE_PATH_HOOK = 'node-path-hook.mjs';

export const WORKER_SOURCE = String.raw`
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

register('./${WORKER_NODE_PATH_HOOK}', import.meta.url);

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

process.on('message', async (message) => {
  if (!message || message.type !== 'tsappa:serve:invoke') return;
  const { id, event, deadline } = message;
  const context = {
    ...message.context,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
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

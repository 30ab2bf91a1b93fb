/**
 * One Lambda invocation of a Node handler, run the way Lambda's Node runtime runs it, for
 * moto_patches.py (moto itself needs Docker to invoke). Usage:
 *   node lambda-node-runner.mjs <task dir> <handler file.export> <result file>   (event on stdin)
 * The handler's logs go to stdout/stderr between START and END lines; the outcome,
 * `{ ok, result }` (an error as Lambda reports it: errorType, errorMessage, trace), is written to
 * the result file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [taskDir, handler, resultFile] = process.argv.slice(2);
const event = JSON.parse(readFileSync(0, 'utf8') || '{}');
const dot = handler.lastIndexOf('.');
const modulePath = handler.slice(0, dot);
const exportName = handler.slice(dot + 1);
const requestId = randomUUID();
const started = Date.now();
const deadline = started + Number(process.env.AWS_LAMBDA_FUNCTION_TIMEOUT ?? 3) * 1000;
const context = {
  awsRequestId: requestId,
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
  functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
  memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
  invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:123456789012:function:${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
  logGroupName: `/aws/lambda/${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
};

let outcome;
console.log(`START RequestId: ${requestId} Version: ${context.functionVersion}`);
try {
  const file = ['.mjs', '.js', '.cjs'].map((ext) => join(taskDir, modulePath + ext)).find((path) => existsSync(path));
  if (!file) throw Object.assign(new Error(`Cannot find module '${modulePath}'`), { name: 'Runtime.ImportModuleError' });
  const loaded = await import(pathToFileURL(file).href);
  const fn = loaded[exportName] ?? loaded.default?.[exportName];
  if (typeof fn !== 'function') throw Object.assign(new Error(`${handler} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
  outcome = { ok: true, result: (await fn(event, context)) ?? null };
} catch (error) {
  const err = error instanceof Error ? error : new Error(String(error));
  outcome = { ok: false, result: { errorType: err.name, errorMessage: err.message, trace: String(err.stack ?? '').split('\n') } };
  console.error(`${new Date().toISOString()}\t${requestId}\tERROR\tInvoke Error \t${JSON.stringify(outcome.result)}`);
}
console.log(`END RequestId: ${requestId}`);
console.log(`REPORT RequestId: ${requestId}\tDuration: ${Date.now() - started} ms`);
writeFileSync(resultFile, JSON.stringify(outcome));
// Lambda freezes the environment after the response; here the process ends
process.exit(0);

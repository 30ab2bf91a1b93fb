/**
 * Where the code runs. Inside Lambda (`AWS_LAMBDA_FUNCTION_NAME` is set) tasks are dispatched;
 * outside they run inline.
 */
import type { InvokeTarget } from './ops-types.js';

export function insideLambda(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.AWS_LAMBDA_FUNCTION_NAME);
}

let invokedFunctionArn: string | undefined;

/** The entry records the ARN the current invocation came through (a fallback for the version). */
export function recordInvokedFunctionArn(arn: string | undefined): void {
  if (arn) invokedFunctionArn = arn;
}

/**
 * The function version that is running now, so a task runs the same code that queued it:
 * `AWS_LAMBDA_FUNCTION_NAME` + `AWS_LAMBDA_FUNCTION_VERSION`, else the invoked ARN's qualifier.
 */
export function currentFunctionTarget(env: NodeJS.ProcessEnv = process.env): InvokeTarget {
  const functionName = env.AWS_LAMBDA_FUNCTION_NAME;
  if (!functionName) throw new Error('not running inside Lambda: AWS_LAMBDA_FUNCTION_NAME is not set');
  const version = env.AWS_LAMBDA_FUNCTION_VERSION;
  if (version) return { functionName, qualifier: version };
  // arn:aws:lambda:region:account:function:name[:qualifier]
  const parts = invokedFunctionArn?.split(':') ?? [];
  if (parts.length === 8 && parts[6] === functionName) return { functionName, qualifier: parts[7] };
  return { functionName };
}

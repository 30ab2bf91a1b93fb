/**
 * Error reports to an SNS topic (`ErrorTopic` in the stage's `resources`; subscribe your e-mail
 * to it). `reportError` is the stage's `exceptionHandler`: the runtime calls it for any error an
 * invocation does not handle (a failed task or schedule, an app that cannot load). The Express
 * app reports the errors of its routes itself (see app.ts), since Express catches them.
 * Locally the report is written to the log.
 */
import type { SNSClient } from '@aws-sdk/client-sns';
import { getInvocation } from '@tsappa/runtime';
import { appConfig } from './config.js';

let sns: SNSClient | null = null;

/** `arn:aws:sns:<region>:<account>:<function>-errors`, from the function's own ARN. */
export function errorTopicArn(invokedFunctionArn: string | undefined): string | null {
  const config = appConfig();
  if (config.errorTopicArn) return config.errorTopicArn;
  const parts = invokedFunctionArn?.split(':') ?? [];
  if (parts.length < 7) return null;
  const [, partition, , region, account, , name] = parts;
  return `arn:${partition}:sns:${region}:${account}:${name}-errors`;
}

export function describe(error: unknown): { name: string; message: string } {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
}

/** Publishes one report; never throws (a failing report must not hide the error). */
export async function notifyError(error: unknown, where: string, invokedFunctionArn?: string): Promise<void> {
  const { name, message } = describe(error);
  const subject = `quote-api: ${name} in ${where}`.slice(0, 99);
  const body = JSON.stringify({ where, name, message, at: new Date().toISOString() });
  const config = appConfig();
  if (config.local) {
    console.error(`[error-topic] ${subject}: ${message}`);
    return;
  }
  const current = getInvocation()?.context.invokedFunctionArn;
  const topic = errorTopicArn(invokedFunctionArn ?? (typeof current === 'string' ? current : undefined));
  if (!topic) return;
  try {
    const { PublishCommand, SNSClient } = await import('@aws-sdk/client-sns'); // on first use, not at cold start
    sns ??= new SNSClient({ region: config.region });
    await sns.send(new PublishCommand({ TopicArn: topic, Subject: subject, Message: body }));
  } catch (publishError) {
    console.error('could not report the error to', topic, publishError);
  }
}

/** The stage's exceptionHandler: report, and let the error go on (no swallowing: tasks retry). */
export async function reportError(error: unknown, event: unknown, context: { invokedFunctionArn?: string } | undefined): Promise<boolean> {
  const where = describeEvent(event);
  await notifyError(error, where, context?.invokedFunctionArn);
  return false;
}

function describeEvent(event: unknown): string {
  if (event && typeof event === 'object') {
    const e = event as Record<string, unknown>;
    if (typeof e['tsappa:schedule'] === 'string') return `schedule ${e['tsappa:schedule']}`;
    if (e['tsappa:task'] && typeof e['tsappa:task'] === 'object') return `task ${String((e['tsappa:task'] as { name?: unknown }).name)}`;
    const sns = (e.Records as Array<{ Sns?: { Message?: string } }> | undefined)?.[0]?.Sns?.Message;
    if (sns?.includes('tsappa:task')) {
      try {
        return `task ${String((JSON.parse(sns) as { 'tsappa:task': { name: string } })['tsappa:task'].name)}`;
      } catch {
        /* not JSON */
      }
    }
    if (typeof e.httpMethod === 'string') return `${e.httpMethod} ${String(e.path)}`;
  }
  return 'an invocation';
}

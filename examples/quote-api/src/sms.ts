/**
 * Text messages. `sendSms` is a tsappa task: calling it inside Lambda publishes it to the stage's
 * async SNS topic (`asyncSource: "sns"`) and returns a receipt at once; the function then
 * receives it and sends the SMS through SNS, with Lambda's two retries and the dead-letter
 * queue if it keeps failing. Locally the message is written to the log instead.
 */
import type { SNSClient } from '@aws-sdk/client-sns';
import { task } from '@tsappa/runtime';
import { appConfig } from './config.js';

/** E.164: `+`, a country code, the number; 8 to 15 digits in all. */
export const MOBILE = /^\+[1-9]\d{7,14}$/;

export function isMobile(value: unknown): value is string {
  return typeof value === 'string' && MOBILE.test(value);
}

export class SmsError extends Error {
  override name = 'InvalidParameterException';
}

let sns: SNSClient | null = null;

/** Sends one SMS now (what the task runs). */
export async function deliverSms(mobile: string, message: string): Promise<void> {
  if (!isMobile(mobile)) throw new SmsError(`Invalid parameter: PhoneNumber Reason: ${mobile} is not an E.164 number`);
  const config = appConfig();
  if (config.local) {
    // +999 is not an assigned country code: SNS refuses it, and so does the local log
    if (mobile.startsWith('+999')) throw new SmsError(`Invalid parameter: PhoneNumber Reason: ${mobile} has no valid country code`);
    console.log(`[sms] to ${mobile}: ${message}`);
    return;
  }
  const { PublishCommand, SNSClient } = await import('@aws-sdk/client-sns'); // on first use, not at cold start
  sns ??= new SNSClient({ region: config.region });
  await sns.send(
    new PublishCommand({
      PhoneNumber: mobile,
      Message: message,
      MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
    }),
  );
}

export const sendSms = task({ name: 'sendSms' }, deliverSms);

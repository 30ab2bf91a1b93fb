/**
 * `deployment: { strategy, alarms }`: how a new version takes the `live` alias's traffic
 * (CodeDeploy on stack updates, tsappa's own weighted routing on the code fast path).
 */
import { DEPLOYMENT_STRATEGIES } from '@tsappa/templates';
import { z } from 'zod';

/** CodeDeploy's AlarmConfiguration takes at most 10 alarms. */
export const MAX_DEPLOYMENT_ALARMS = 10;

/** A CloudWatch alarm name: 1-255 characters (PutMetricAlarm's AlarmName). */
const alarmName = z.string().min(1).max(255);

export const deploymentOptions = z
  .object({
    strategy: z.enum(DEPLOYMENT_STRATEGIES),
    alarms: z
      .array(alarmName)
      .max(MAX_DEPLOYMENT_ALARMS)
      .refine((names) => new Set(names).size === names.length, { message: 'expected each alarm once, found one twice' })
      .optional(),
  })
  .strict();

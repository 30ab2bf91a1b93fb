/** Failed asynchronous invocations: an existing SQS/SNS target, or a queue created for the stage. */
import type { Context } from './context.js';
import { parseArn } from './context.js';
import { LOGICAL_IDS, OUTPUTS } from './ids.js';
import { getAtt, withTags } from './intrinsics.js';
import { TemplateError, type Fragment } from './model.js';

/** 14 days, SQS's longest retention. */
export const DEAD_LETTER_RETENTION_SECONDS = 1_209_600;

export function deadLetterFragment(ctx: Context): { fragment: Fragment; target: unknown } {
  const { settings, names } = ctx;
  if (settings.deadLetter && settings.deadLetterArn) {
    throw new TemplateError('deadLetter and deadLetterArn are exclusive: create a queue, or name an existing target');
  }
  if (settings.deadLetter) {
    const target = getAtt(LOGICAL_IDS.deadLetterQueue, 'Arn');
    return {
      target,
      fragment: {
        resources: {
          [LOGICAL_IDS.deadLetterQueue]: {
            Type: 'AWS::SQS::Queue',
            // Goes with the stage: undeploy removes the stage's failed events too.
            DeletionPolicy: 'Delete',
            UpdateReplacePolicy: 'Delete',
            Properties: withTags(
              { QueueName: names.deadLetterQueue, MessageRetentionPeriod: DEAD_LETTER_RETENTION_SECONDS, SqsManagedSseEnabled: true },
              settings.tags,
            ),
          },
        },
        statements: [{ Sid: 'DeadLetter', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: target }],
        outputs: { [OUTPUTS.deadLetterArn]: { Description: 'the dead-letter queue of failed asynchronous invocations', Value: target } },
      },
    };
  }
  if (settings.deadLetterArn) {
    const arn = settings.deadLetterArn;
    const { service } = parseArn(arn);
    const action = service === 'sqs' ? 'sqs:SendMessage' : service === 'sns' ? 'sns:Publish' : null;
    if (!action) throw new TemplateError(`deadLetterArn "${arn}": expected an SQS queue or SNS topic ARN`);
    return {
      target: arn,
      fragment: {
        statements: [{ Sid: 'DeadLetter', Effect: 'Allow', Action: action, Resource: arn }],
        outputs: { [OUTPUTS.deadLetterArn]: { Description: 'the dead-letter target of failed asynchronous invocations', Value: arn } },
      },
    };
  }
  return { target: null, fragment: {} };
}

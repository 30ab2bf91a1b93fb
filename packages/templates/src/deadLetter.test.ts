import { describe, expect, it } from 'vitest';
import { render, resource, statement } from './__fixtures__/template.js';
import { OUTPUTS } from './ids.js';
import { TemplateError } from './model.js';

describe('dead letter', () => {
  it('creates an SQS queue with deadLetter: true', () => {
    const t = render({ deadLetter: true });
    expect(resource(t, 'DeadLetterQueue').Properties).toMatchObject({ QueueName: 'quote-api-dev-dlq', MessageRetentionPeriod: 1_209_600 });
    const arn = { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] };
    expect(resource(t, 'Function').Properties.DeadLetterConfig).toEqual({ TargetArn: arn });
    expect(statement(t, 'DeadLetter')).toMatchObject({ Action: 'sqs:SendMessage', Resource: arn });
    expect(t.Outputs[OUTPUTS.deadLetterArn]!.Value).toEqual(arn);
  });

  it('targets an existing queue or topic', () => {
    const queue = 'arn:aws:sqs:us-east-1:123456789012:failed';
    const t = render({ deadLetterArn: queue });
    expect(t.Resources.DeadLetterQueue).toBeUndefined();
    expect(statement(t, 'DeadLetter')).toMatchObject({ Action: 'sqs:SendMessage', Resource: queue });
    expect(t.Outputs[OUTPUTS.deadLetterArn]!.Value).toBe(queue);
    expect(() => render({ deadLetterArn: 'arn:aws:s3:::bucket' })).toThrow(TemplateError);
    expect(() => render({ deadLetter: true, deadLetterArn: queue })).toThrow(/exclusive/);
  });

  it('has none by default', () => {
    const t = render();
    expect(statement(t, 'DeadLetter')).toBeUndefined();
    expect(t.Outputs[OUTPUTS.deadLetterArn]).toBeUndefined();
  });
});

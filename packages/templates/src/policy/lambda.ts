/**
 * Rules for Lambda: the concurrency limit the settings ask for is on every function of the
 * stage, and polled event sources handle failures (a bad record must not block a stream's
 * shard; a batch reports the items that failed).
 */
import { asList, resourcesOfType, type PolicyFinding, type PolicyRule, type Properties } from './rule.js';

export const reservedConcurrencySet: PolicyRule = {
  id: 'lambda-reserved-concurrency',
  title: 'with reservedConcurrency set, every function of the stage has that concurrency limit',
  compare: 'checkov CKV_AWS_115 (Lambda function-level concurrent execution limit)',
  check: (input) => {
    const wanted = input.settings?.reservedConcurrency;
    if (wanted === null || wanted === undefined) return [];
    return resourcesOfType(input, 'AWS::Lambda::Function')
      .filter(([, p]) => p.ReservedConcurrentExecutions !== wanted)
      .map(([resource, p]) => ({
        rule: reservedConcurrencySet.id,
        resource,
        message: `has ReservedConcurrentExecutions ${String(p.ReservedConcurrentExecutions ?? 'unset')}, the settings ask for ${wanted}`,
      }));
  },
};

/** `arn:aws:kinesis:...` -> kinesis; the event source mapping's source service. */
function sourceService(properties: Properties): string {
  const arn = properties.EventSourceArn;
  return typeof arn === 'string' ? (arn.split(':')[2] ?? '') : '';
}

const isStreamMapping = (p: Properties) => ['kinesis', 'dynamodb'].includes(sourceService(p));

export const streamFailureHandling: PolicyRule = {
  id: 'stream-source-failure-handling',
  title: 'every Kinesis or DynamoDB stream source bounds its retries and sends what it gives up on to a destination',
  compare: 'cfn-lint serverless rules: event source mapping failure destination; AWS Lambda stream best practice',
  check: (input) =>
    resourcesOfType(input, 'AWS::Lambda::EventSourceMapping')
      .filter(([, p]) => isStreamMapping(p))
      .flatMap(([resource, p]): PolicyFinding[] => {
        const problems: string[] = [];
        const retries = p.MaximumRetryAttempts;
        const age = p.MaximumRecordAgeInSeconds;
        const retriesBounded = typeof retries === 'number' && retries >= 0;
        const ageBounded = typeof age === 'number' && age >= 0;
        if (!retriesBounded && !ageBounded) problems.push('retries a failing batch until its records expire (no MaximumRetryAttempts or MaximumRecordAgeInSeconds)');
        const destination = ((p.DestinationConfig as Properties | undefined)?.OnFailure as Properties | undefined)?.Destination;
        if (!destination) problems.push('has no DestinationConfig.OnFailure for the records it gives up on');
        return problems.map((message) => ({ rule: streamFailureHandling.id, resource, message }));
      }),
};

export const partialBatchResponses: PolicyRule = {
  id: 'polled-source-partial-batch',
  title: 'every SQS, Kinesis or DynamoDB source lets the function report the items that failed (ReportBatchItemFailures)',
  compare: 'AWS Lambda best practice: partial batch responses',
  check: (input) =>
    resourcesOfType(input, 'AWS::Lambda::EventSourceMapping')
      .filter(([, p]) => ['sqs', 'kinesis', 'dynamodb'].includes(sourceService(p)))
      .filter(([, p]) => !asList(p.FunctionResponseTypes as string[] | undefined).includes('ReportBatchItemFailures'))
      .map(([resource]) => ({ rule: partialBatchResponses.id, resource, message: 'has no FunctionResponseTypes ReportBatchItemFailures: one failed item retries the whole batch' })),
};

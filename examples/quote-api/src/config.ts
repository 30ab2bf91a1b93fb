/**
 * Where the app's data and messages go, chosen by its own environment:
 * - deployed (the default): the real DynamoDB table and SNS;
 * - local (under `tsappa serve`, which sets `TSAPPA_SERVE=1`, or with `QUOTE_API_LOCAL=1` as the
 *   tests set): SMS and error reports written to the log instead of sent. The table is the one
 *   `tsappa serve` creates in its local DynamoDB (the SDK finds it through
 *   `AWS_ENDPOINT_URL_DYNAMODB`), or dynalite at `QUOTE_API_DYNAMODB_ENDPOINT` in the tests.
 * Read on every call, so tests can change the environment.
 */
export interface AppConfig {
  local: boolean;
  /** the DynamoDB table declared in the stage's `resources` */
  tableName: string;
  /** dynalite, when the tests run their own (under `tsappa serve`, the SDK's endpoint variables say where) */
  dynamoEndpoint: string | null;
  region: string;
  /** the SNS topic unhandled errors are reported to (null: derived from the function's ARN) */
  errorTopicArn: string | null;
}

/**
 * The table is named after the stack (`${AWS::StackName}-data` in tsappa.json), and the function
 * is named after the stack too, so the name needs no setting of its own.
 */
export function appConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const functionName = env.AWS_LAMBDA_FUNCTION_NAME ?? 'quote-api-local';
  return {
    local: env.QUOTE_API_LOCAL === '1' || env.TSAPPA_SERVE === '1',
    tableName: env.QUOTE_TABLE || `${functionName}-data`,
    dynamoEndpoint: env.QUOTE_API_DYNAMODB_ENDPOINT || null,
    region: env.AWS_REGION || 'us-east-1',
    errorTopicArn: env.ERROR_TOPIC_ARN || null,
  };
}

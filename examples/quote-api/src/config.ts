/**
 * Where the app's data and messages go, chosen by its own environment:
 * - deployed (the default): the real DynamoDB table and SNS;
 * - local (`QUOTE_API_LOCAL=1`, set by ./serve.mjs next to `tsappa serve`): dynalite at
 *   `QUOTE_API_DYNAMODB_ENDPOINT`, and SMS / error reports written to the log instead of sent.
 * Read on every call, so tests can change the environment.
 */
export interface AppConfig {
  local: boolean;
  /** the DynamoDB table declared in the stage's `resources` */
  tableName: string;
  /** dynalite, when local */
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
    local: env.QUOTE_API_LOCAL === '1',
    tableName: env.QUOTE_TABLE || `${functionName}-data`,
    dynamoEndpoint: env.QUOTE_API_DYNAMODB_ENDPOINT || null,
    region: env.AWS_REGION || 'us-east-1',
    errorTopicArn: env.ERROR_TOPIC_ARN || null,
  };
}

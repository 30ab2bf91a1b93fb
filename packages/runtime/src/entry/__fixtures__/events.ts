/** AWS-shaped events for the entry's tests (shapes from the AWS documentation samples). */
import type {
  ALBEvent,
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayTokenAuthorizerEvent,
  DynamoDBStreamEvent,
  KinesisStreamEvent,
  S3Event,
  SNSEvent,
  SQSEvent,
} from 'aws-lambda';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const METHOD_ARN = `arn:aws:execute-api:${REGION}:${ACCOUNT}:abcdef1234/dev/GET/quotes/today`;
export const BUCKET_ARN = 'arn:aws:s3:::quote-uploads';
export const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:quote-events`;
export const QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:quote-queue`;
export const TABLE_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/quotes`;
export const STREAM_ARN = `${TABLE_ARN}/stream/2026-11-21T16:00:00.000`;
export const KINESIS_ARN = `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/quote-clicks`;

export const context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'quote-api-dev',
  functionVersion: '7',
  invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:quote-api-dev:live`,
  memoryLimitInMB: '512',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  logGroupName: '/aws/lambda/quote-api-dev',
  logStreamName: '2026/11/21/[7]abcdef',
  getRemainingTimeInMillis: () => 30_000,
};

export function restEvent(path = '/quotes/today'): APIGatewayProxyEvent {
  return {
    resource: '/{proxy+}',
    path,
    httpMethod: 'GET',
    headers: { Host: 'abcdef1234.execute-api.us-east-1.amazonaws.com', Accept: 'application/json' },
    multiValueHeaders: { Host: ['abcdef1234.execute-api.us-east-1.amazonaws.com'], Accept: ['application/json'] },
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { proxy: path.slice(1) },
    stageVariables: null,
    requestContext: {
      accountId: ACCOUNT,
      apiId: 'abcdef1234',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: 'GET',
      identity: {
        accessKey: null, accountId: null, apiKey: null, apiKeyId: null, caller: null, clientCert: null,
        cognitoAuthenticationProvider: null, cognitoAuthenticationType: null, cognitoIdentityId: null,
        cognitoIdentityPoolId: null, principalOrgId: null, sourceIp: '203.0.113.7', user: null,
        userAgent: 'curl/8.5.0', userArn: null,
      },
      path: `/dev${path}`,
      stage: 'dev',
      requestId: 'req-1',
      requestTimeEpoch: 1_763_740_800_000,
      resourceId: 'res1',
      resourcePath: '/{proxy+}',
    },
    body: null,
    isBase64Encoded: false,
  };
}

export function httpApiEvent(): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/quotes/today',
    rawQueryString: '',
    headers: { host: 'xyz.execute-api.us-east-1.amazonaws.com' },
    requestContext: {
      accountId: ACCOUNT,
      apiId: 'xyz',
      domainName: 'xyz.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'xyz',
      http: { method: 'GET', path: '/quotes/today', protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'curl/8.5.0' },
      requestId: 'req-2',
      routeKey: '$default',
      stage: '$default',
      time: '21/Nov/2026:16:00:00 +0000',
      timeEpoch: 1_763_740_800_000,
    },
    isBase64Encoded: false,
  };
}

export function albEvent(): ALBEvent {
  return {
    requestContext: { elb: { targetGroupArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/quote/abc` } },
    httpMethod: 'GET',
    path: '/quotes/today',
    queryStringParameters: {},
    headers: { host: 'quote.example.com' },
    body: '',
    isBase64Encoded: false,
  };
}

export function tokenAuthorizerEvent(token = 'Bearer good'): APIGatewayTokenAuthorizerEvent {
  return { type: 'TOKEN', authorizationToken: token, methodArn: METHOD_ARN };
}

export function requestAuthorizerEvent(): APIGatewayRequestAuthorizerEvent {
  const rest = restEvent();
  return {
    type: 'REQUEST',
    methodArn: METHOD_ARN,
    resource: rest.resource,
    path: rest.path,
    httpMethod: 'GET',
    headers: { ...rest.headers, Authorization: 'Bearer good' },
    multiValueHeaders: { ...rest.multiValueHeaders, Authorization: ['Bearer good'] },
    pathParameters: rest.pathParameters,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext: { ...rest.requestContext, authorizer: undefined },
  };
}

export function s3Event(): S3Event {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: REGION,
        eventTime: '2026-11-21T16:00:00.000Z',
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: 'AWS:EXAMPLE' },
        requestParameters: { sourceIPAddress: '203.0.113.7' },
        responseElements: { 'x-amz-request-id': 'EXAMPLE123456789', 'x-amz-id-2': 'EXAMPLE123/abc' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'tsappa',
          bucket: { name: 'quote-uploads', ownerIdentity: { principalId: 'EXAMPLE' }, arn: BUCKET_ARN },
          object: { key: 'uploads/q.json', size: 1024, eTag: '0123456789abcdef0123456789abcdef', sequencer: '0A1B2C3D4E5F678901' },
        },
      },
    ],
  };
}

export function snsEvent(message = '{"quote":"hello"}', topicArn = TOPIC_ARN): SNSEvent {
  return {
    Records: [
      {
        EventVersion: '1.0',
        EventSubscriptionArn: `${topicArn}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55`,
        EventSource: 'aws:sns',
        Sns: {
          SignatureVersion: '1',
          Timestamp: '2026-11-21T16:00:00.000Z',
          Signature: 'tcc6faL2yUC6dgZdmrwh1Y4cGa/ebXEkAi6RibDsvpi+tE/1+82j...65r==',
          SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem',
          MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
          Message: message,
          MessageAttributes: {},
          Type: 'Notification',
          UnsubscribeUrl: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
          TopicArn: topicArn,
          Subject: 'quote',
        },
      },
    ],
  };
}

export function sqsEvent(ids = ['m-1', 'm-2', 'm-3']): SQSEvent {
  return {
    Records: ids.map((id) => ({
      messageId: id,
      receiptHandle: `handle-${id}`,
      body: JSON.stringify({ id }),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1763740800000',
        SenderId: 'AIDAIENQZJOLO23YVJ4VO',
        ApproximateFirstReceiveTimestamp: '1763740800001',
      },
      messageAttributes: {},
      md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
      eventSource: 'aws:sqs',
      eventSourceARN: QUEUE_ARN,
      awsRegion: REGION,
    })),
  };
}

export function dynamoEvent(): DynamoDBStreamEvent {
  return {
    Records: [
      {
        eventID: '1',
        eventName: 'INSERT',
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: REGION,
        dynamodb: {
          Keys: { id: { S: 'q1' } },
          NewImage: { id: { S: 'q1' }, text: { S: 'hello' } },
          SequenceNumber: '111',
          SizeBytes: 26,
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
        eventSourceARN: STREAM_ARN,
      },
    ],
  };
}

export function kinesisEvent(): KinesisStreamEvent {
  return {
    Records: [
      {
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: '1',
          sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
          data: Buffer.from('{"click":1}').toString('base64'),
          approximateArrivalTimestamp: 1_763_740_800.5,
        },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: 'shardId-000000000006:49590338271490256608559692538361571095921575989136588898',
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: `arn:aws:iam::${ACCOUNT}:role/lambda-role`,
        awsRegion: REGION,
        eventSourceARN: KINESIS_ARN,
      },
    ],
  };
}

/** An EventBridge scheduled event as delivered with a rule's constant input (the input replaces it). */
export function scheduleEvent(ref: string): { 'tsappa:schedule': string } {
  return { 'tsappa:schedule': ref };
}

/**
 * Example events as AWS's documentation shows them, field for field:
 * - SQS: https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html ("Example Amazon SQS message event")
 * - Kinesis: https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html ("Example event")
 * - DynamoDB: https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html ("Example event")
 */
import type { DynamoDBStreamEvent, KinesisStreamEvent, SQSEvent } from 'aws-lambda';

export const DOC_QUEUE_ARN = 'arn:aws:sqs:us-east-2:123456789012:my-queue';
export const DOC_KINESIS_ARN = 'arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream';
export const DOC_TABLE_ARN = 'arn:aws:dynamodb:us-west-2:123456789012:table/ExampleTableWithStream';
export const DOC_STREAM_ARN = `${DOC_TABLE_ARN}/stream/2015-06-27T00:48:05.899`;

export const docSqsEvent = (): SQSEvent => ({
  Records: [
    {
      messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
      receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...',
      body: 'Test message.',
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1545082649183',
        SenderId: 'AIDAIENQZJOLO23YVJ4VO',
        ApproximateFirstReceiveTimestamp: '1545082649185',
      },
      messageAttributes: {},
      md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
      eventSource: 'aws:sqs',
      eventSourceARN: DOC_QUEUE_ARN,
      awsRegion: 'us-east-2',
    },
    {
      messageId: '2e1424d4-f796-459a-8184-9c92662be6da',
      receiptHandle: 'AQEBzWwaftRI0KuVm4tP+/7q1rGgNqicHq...',
      body: 'Test message.',
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1545082650636',
        SenderId: 'AIDAIENQZJOLO23YVJ4VO',
        ApproximateFirstReceiveTimestamp: '1545082650649',
      },
      messageAttributes: {},
      md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
      eventSource: 'aws:sqs',
      eventSourceARN: DOC_QUEUE_ARN,
      awsRegion: 'us-east-2',
    },
  ],
});

const kinesisRecord = (sequenceNumber: string, data: string, approximateArrivalTimestamp: number): KinesisStreamEvent['Records'][number] => ({
  kinesis: { kinesisSchemaVersion: '1.0', partitionKey: '1', sequenceNumber, data, approximateArrivalTimestamp },
  eventSource: 'aws:kinesis',
  eventVersion: '1.0',
  eventID: `shardId-000000000006:${sequenceNumber}`,
  eventName: 'aws:kinesis:record',
  invokeIdentityArn: 'arn:aws:iam::123456789012:role/lambda-role',
  awsRegion: 'us-east-2',
  eventSourceARN: DOC_KINESIS_ARN,
});

export const docKinesisEvent = (): KinesisStreamEvent => ({
  Records: [
    kinesisRecord('49590338271490256608559692538361571095921575989136588898', 'SGVsbG8sIHRoaXMgaXMgYSB0ZXN0Lg==', 1545084650.987),
    kinesisRecord('49590338271490256608559692540925702759324208523137515618', 'VGhpcyBpcyBvbmx5IGEgdGVzdC4=', 1545084711.166),
  ],
});

export const docDynamoEvent = (): DynamoDBStreamEvent => ({
  Records: [
    {
      eventID: '1',
      eventVersion: '1.0',
      dynamodb: {
        Keys: { Id: { N: '101' } },
        NewImage: { Message: { S: 'New item!' }, Id: { N: '101' } },
        StreamViewType: 'NEW_AND_OLD_IMAGES',
        SequenceNumber: '111',
        SizeBytes: 26,
      },
      awsRegion: 'us-west-2',
      eventName: 'INSERT',
      eventSourceARN: DOC_STREAM_ARN,
      eventSource: 'aws:dynamodb',
    },
    {
      eventID: '2',
      eventVersion: '1.0',
      dynamodb: {
        OldImage: { Message: { S: 'New item!' }, Id: { N: '101' } },
        SequenceNumber: '222',
        Keys: { Id: { N: '101' } },
        SizeBytes: 59,
        NewImage: { Message: { S: 'This item has changed' }, Id: { N: '101' } },
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      awsRegion: 'us-west-2',
      eventName: 'MODIFY',
      eventSourceARN: DOC_STREAM_ARN,
      eventSource: 'aws:dynamodb',
    },
  ],
});

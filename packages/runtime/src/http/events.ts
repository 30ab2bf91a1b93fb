/**
 * Minimal shapes of the Lambda events and results the web adapter reads and writes.
 * Only the fields tsappa uses are declared; everything is optional where AWS may omit it.
 * (`@types/aws-lambda` is a dev dependency only, so the runtime keeps its own types.)
 */

export type StringMap = Record<string, string | undefined>;
export type MultiStringMap = Record<string, readonly string[] | undefined>;

/** API Gateway REST API (v1 proxy) and HTTP API payload format 1.0. */
export interface RestApiEvent {
  version?: '1.0';
  resource?: string;
  path: string;
  httpMethod: string;
  headers?: StringMap | null;
  multiValueHeaders?: MultiStringMap | null;
  queryStringParameters?: StringMap | null;
  multiValueQueryStringParameters?: MultiStringMap | null;
  pathParameters?: StringMap | null;
  stageVariables?: StringMap | null;
  requestContext?: {
    stage?: string;
    requestId?: string;
    domainName?: string;
    path?: string;
    identity?: { sourceIp?: string } | null;
    customDomain?: { basePathMatched?: string } | null;
    [key: string]: unknown;
  };
  body?: string | null;
  isBase64Encoded?: boolean;
}

/** HTTP API payload format 2.0 and Lambda Function URLs (same shape). */
export interface HttpApiV2Event {
  version: '2.0';
  routeKey?: string;
  rawPath: string;
  rawQueryString?: string;
  cookies?: readonly string[];
  headers?: StringMap | null;
  queryStringParameters?: StringMap | null;
  pathParameters?: StringMap | null;
  stageVariables?: StringMap | null;
  requestContext: {
    apiId?: string;
    domainName?: string;
    domainPrefix?: string;
    requestId?: string;
    stage?: string;
    customDomain?: { basePathMatched?: string } | null;
    http: { method: string; path?: string; protocol?: string; sourceIp?: string; userAgent?: string };
    [key: string]: unknown;
  };
  body?: string | null;
  isBase64Encoded?: boolean;
}

/** Application Load Balancer target events, single- or multi-value headers mode. */
export interface AlbEvent {
  requestContext: { elb: { targetGroupArn?: string } };
  httpMethod: string;
  path: string;
  headers?: StringMap | null;
  multiValueHeaders?: MultiStringMap | null;
  queryStringParameters?: StringMap | null;
  multiValueQueryStringParameters?: MultiStringMap | null;
  body?: string | null;
  isBase64Encoded?: boolean;
}

export type HttpEvent = RestApiEvent | HttpApiV2Event | AlbEvent;

/** Which integration sent the event; it decides how the request is read and the result shaped. */
export type HttpEventSource = 'rest-v1' | 'http-api-v2' | 'function-url' | 'alb' | 'alb-multi';

/** The parts of the Lambda context object the adapter uses. */
export interface LambdaContext {
  awsRequestId?: string;
  functionName?: string;
  getRemainingTimeInMillis?: () => number;
  [key: string]: unknown;
}

/** Result for REST v1 / HTTP API 1.0 and ALB multi-value mode. */
export interface MultiValueResult {
  statusCode: number;
  statusDescription?: string;
  multiValueHeaders: Record<string, string[]>;
  body: string;
  isBase64Encoded: boolean;
}

/** Result for HTTP API 2.0 and Function URLs. */
export interface V2Result {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
  body: string;
  isBase64Encoded: boolean;
}

/** Result for ALB single-value mode. */
export interface AlbResult {
  statusCode: number;
  statusDescription: string;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

export type HttpResult = MultiValueResult | V2Result | AlbResult;

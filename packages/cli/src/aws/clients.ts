/**
 * The one place that creates AWS SDK v3 clients.
 *
 * - Region and profile come from the stage's settings (then the SDK's usual chain).
 * - Endpoints come from the SDK's own chain, which reads `AWS_ENDPOINT_URL` and
 *   `AWS_ENDPOINT_URL_<SERVICE>`; S3 switches to path-style addressing when an endpoint is set
 *   (LocalStack, moto).
 * - Adaptive retries with more attempts than the default ride out API Gateway's
 *   TooManyRequests and other throttling.
 * - Every command sent is recorded in `calls`, so a command can report (and a test can count)
 *   exactly which AWS calls it made.
 * - Every call has a connect timeout, an idle-socket timeout and (except S3, whose uploads may
 *   take long) a request timeout; a call that times out is not retried, so an endpoint that
 *   accepts connections and never answers fails within a minute with an error naming the
 *   service and the endpoint (NodeHttpHandlerOptions of @smithy/node-http-handler).
 * - Every error names the service, the operation and the resource; a body the SDK cannot parse
 *   is shown with its HTTP status and first 300 characters (call-errors.ts).
 * - Clients are imported lazily: `tsappa --help` loads no SDK.
 */
import type { ACMClient } from '@aws-sdk/client-acm';
import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { STSClient } from '@aws-sdk/client-sts';
import { callErrorNamer, errorBodyKeeper } from './call-errors.js';

export interface AwsTarget {
  region: string;
  profile: string | null;
}

export interface AwsCall {
  service: string;
  command: string;
}

/** `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL`: the endpoint the SDK will use, if any. */
export function endpointOverride(serviceEnvName: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[`AWS_ENDPOINT_URL_${serviceEnvName}`] ?? env.AWS_ENDPOINT_URL ?? undefined;
}

interface ClientLike {
  middlewareStack: { add: (middleware: never, options: { step: 'initialize' | 'deserialize' | 'finalizeRequest'; name: string; priority?: 'low' }) => void };
}

/** How long an AWS endpoint may keep tsappa waiting, per call (milliseconds). */
export interface AwsTimeouts {
  /** to establish the TCP/TLS connection */
  connectMs: number;
  /** with the socket idle (nothing sent or received) */
  idleMs: number;
  /** for the whole request and response (not applied to S3) */
  requestMs: number;
}

/** The defaults: a call that gets no answer fails after at most 30 s, well within a minute. */
export const AWS_TIMEOUTS: AwsTimeouts = { connectMs: 10_000, idleMs: 20_000, requestMs: 30_000 };

/** An AWS endpoint that did not connect or answer in time. Not retryable: the SDK gives up at once. */
export class AwsEndpointTimeoutError extends Error {
  override name = 'AwsEndpointTimeoutError';
}

interface RequestLike {
  protocol?: string;
  hostname?: string;
  port?: number;
  path?: string;
}

/** `https://cloudformation.eu-west-1.amazonaws.com` from the request the SDK sent. */
export function endpointOf(request: unknown): string {
  const r = (request ?? {}) as RequestLike;
  if (!r.hostname) return 'its endpoint';
  return `${r.protocol ?? 'https:'}//${r.hostname}${r.port ? `:${r.port}` : ''}`;
}

export class AwsClients {
  /** every command sent through these clients, in order */
  readonly calls: AwsCall[] = [];
  private readonly cache = new Map<string, unknown>();

  constructor(
    readonly target: AwsTarget,
    readonly timeouts: AwsTimeouts = AWS_TIMEOUTS,
  ) {}

  private baseConfig(region = this.target.region, options: { longTransfers?: boolean } = {}) {
    const { connectMs, idleMs, requestMs } = this.timeouts;
    return {
      region,
      ...(this.target.profile ? { profile: this.target.profile } : {}),
      maxAttempts: 8,
      retryMode: 'adaptive' as const,
      requestHandler: {
        connectionTimeout: connectMs,
        socketTimeout: idleMs,
        ...(options.longTransfers ? {} : { requestTimeout: requestMs, throwOnRequestTimeout: true }),
      },
    };
  }

  private async create<T>(key: string, service: string, build: () => Promise<T>): Promise<T> {
    const cached = this.cache.get(key);
    if (cached) return cached as T;
    const client = await build();
    (client as unknown as ClientLike).middlewareStack.add(
      ((next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => {
        this.calls.push({ service, command: (context.commandName ?? 'Unknown').replace(/Command$/, '') });
        return next(args);
      }) as never,
      { step: 'initialize', name: 'tsappaCallRecorder' },
    );
    // inside the retry loop: a timeout becomes an error the SDK does not retry, naming who did not answer
    (client as unknown as ClientLike).middlewareStack.add(
      ((next: (args: { request?: unknown }) => Promise<unknown>) => async (args: { request?: unknown }) => {
        try {
          return await next(args);
        } catch (error) {
          if (!(error instanceof Error) || error.name !== 'TimeoutError') throw error;
          throw new AwsEndpointTimeoutError(`${service} at ${endpointOf(args.request)} did not answer in time: ${error.message}`);
        }
      }) as never,
      { step: 'deserialize', name: 'tsappaTimeoutNamer' },
    );
    (client as unknown as ClientLike).middlewareStack.add(errorBodyKeeper() as never, { step: 'deserialize', name: 'tsappaErrorBodyKeeper' });
    (client as unknown as ClientLike).middlewareStack.add(callErrorNamer(service) as never, { step: 'finalizeRequest', priority: 'low', name: 'tsappaCallErrorNamer' });
    this.cache.set(key, client);
    return client;
  }

  s3(): Promise<S3Client> {
    return this.create('s3', 'S3', async () => {
      const { S3Client } = await import('@aws-sdk/client-s3');
      return new S3Client({ ...this.baseConfig(this.target.region, { longTransfers: true }), forcePathStyle: endpointOverride('S3') !== undefined });
    });
  }

  sts(): Promise<STSClient> {
    return this.create('sts', 'STS', async () => new (await import('@aws-sdk/client-sts')).STSClient(this.baseConfig()));
  }

  cloudFormation(): Promise<CloudFormationClient> {
    return this.create('cfn', 'CloudFormation', async () => new (await import('@aws-sdk/client-cloudformation')).CloudFormationClient(this.baseConfig()));
  }

  lambda(): Promise<LambdaClient> {
    return this.create('lambda', 'Lambda', async () => new (await import('@aws-sdk/client-lambda')).LambdaClient(this.baseConfig()));
  }

  apiGateway(): Promise<APIGatewayClient> {
    return this.create('apigw', 'APIGateway', async () => new (await import('@aws-sdk/client-api-gateway')).APIGatewayClient(this.baseConfig()));
  }

  /** API Gateway v2: HTTP APIs (apiType "http"), their routes, domain names and API mappings */
  apiGatewayV2(): Promise<ApiGatewayV2Client> {
    return this.create('apigwv2', 'ApiGatewayV2', async () => new (await import('@aws-sdk/client-apigatewayv2')).ApiGatewayV2Client(this.baseConfig()));
  }

  logs(): Promise<CloudWatchLogsClient> {
    return this.create('logs', 'CloudWatchLogs', async () => new (await import('@aws-sdk/client-cloudwatch-logs')).CloudWatchLogsClient(this.baseConfig()));
  }

  events(): Promise<EventBridgeClient> {
    return this.create('events', 'EventBridge', async () => new (await import('@aws-sdk/client-eventbridge')).EventBridgeClient(this.baseConfig()));
  }

  /** IAM (a global service: the SDK picks its endpoint whatever the region) */
  iam(): Promise<IAMClient> {
    return this.create('iam', 'IAM', async () => new (await import('@aws-sdk/client-iam')).IAMClient(this.baseConfig()));
  }

  /** EventBridge Scheduler: the schedules with a time zone, a flexible window or dates */
  scheduler(): Promise<SchedulerClient> {
    return this.create('scheduler', 'Scheduler', async () => new (await import('@aws-sdk/client-scheduler')).SchedulerClient(this.baseConfig()));
  }

  /** ACM in `region` (us-east-1 for EDGE domains' certificates) */
  acm(region = this.target.region): Promise<ACMClient> {
    return this.create(`acm:${region}`, 'ACM', async () => new (await import('@aws-sdk/client-acm')).ACMClient(this.baseConfig(region)));
  }

  /** CloudWatch alarms and metrics (what a rollout watches) */
  cloudWatch(): Promise<CloudWatchClient> {
    return this.create('cloudwatch', 'CloudWatch', async () => new (await import('@aws-sdk/client-cloudwatch')).CloudWatchClient(this.baseConfig()));
  }

  route53(): Promise<Route53Client> {
    return this.create('route53', 'Route53', async () => new (await import('@aws-sdk/client-route-53')).Route53Client(this.baseConfig()));
  }

  /** Counts of calls by `Service.Command`, e.g. for "update made 5 AWS calls". */
  callSummary(): Record<string, number> {
    const summary: Record<string, number> = {};
    for (const call of this.calls) summary[`${call.service}.${call.command}`] = (summary[`${call.service}.${call.command}`] ?? 0) + 1;
    return summary;
  }
}

export function createAwsClients(target: AwsTarget, timeouts: AwsTimeouts = AWS_TIMEOUTS): AwsClients {
  return new AwsClients(target, timeouts);
}

/**
 * Keeps the SDK's Node-version support warning out of the CLI's output; other process
 * warnings still print.
 */
let warningFilterInstalled = false;

export function silenceSdkNodeVersionWarning(): void {
  if (warningFilterInstalled) return;
  warningFilterInstalled = true;
  const listeners = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (/NodeVersionSupportWarning|NodeDeprecationWarning/.test(`${warning.name} ${warning.message}`)) return;
    for (const listener of listeners) listener(warning);
  });
}

/**
 * The local API Gateway: an HTTP server answering `/<stage>/...` as the stage's REST API does.
 * Per request, in API Gateway's order: the body (413 over Lambda's 6 MB event, request-body.ts),
 * the path (400 when it has more than one reading, request-path.ts), the stage path (else 403
 * Missing Authentication Token), a protected stage's OPTIONS (answered by its MOCK, cors.ts),
 * IAM (SigV4) or the Lambda authorizer, the API key and its usage plan, then the Lambda proxy integration (502 for a
 * function error or timeout, 504 at the integration timeout), and one log line.
 * With `responseStreaming` the integration streams (./streamed-answer.ts): the client gets the
 * head and each piece of the body as the function writes them, with no 6 MB or 29 s limit (the
 * template's STREAM integration waits as long as the function's timeout, up to 15 minutes).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ResolvedSettings } from '@tsappa/templates';
import { arnAuthorizerLambda, describeArnAuthorizer } from './arn-authorizer.js';
import { LocalAuthorizer } from './authorizer.js';
import { createApiV2Gateway } from './gateway-v2.js';
import { mockPreflight, withCorsHeaders } from './cors.js';
import type { InvokeOutcome, StreamSink } from './function-host.js';
import type { ServeLog } from './log.js';
import {
  GATEWAY,
  MalformedResponseError,
  findHeader,
  fromProxyResult,
  isBinaryType,
  routeOf,
  toProxyEvent,
  type HttpAnswer,
  type IncomingRequest,
} from './proxy-event.js';
import { MAX_EVENT_BYTES, readBody } from './request-body.js';
import { checkRequestPath } from './request-path.js';
import { verifySigV4, type LocalCredentials } from './sigv4.js';
import { gatewayListener, invokeBuffered, invokeStreamed, type Handled } from './integration.js';
import { UsagePlanMeter } from './usage-plan.js';

/** API Gateway REST's default integration timeout. */
export const INTEGRATION_TIMEOUT_MS = 29_000;

/** The binary media types of a stage's REST API with `binarySupport` (templates' BINARY_MEDIA_TYPES). */
export const BINARY_MEDIA_TYPES = ['*/*'];

export interface GatewayOptions {
  settings: ResolvedSettings;
  /** invokes the stage's function (the function host); with `stream`, a streaming function's response goes there */
  invoke: (event: unknown, options: { requestId: string; stream?: StreamSink }) => Promise<InvokeOutcome>;
  /** the value clients send in `x-api-key` when `apiKeyRequired` */
  apiKey: string | null;
  /** key pairs accepted by `iamAuthorization` */
  credentials: LocalCredentials[];
  apiId?: string;
  accountId?: string;
  /** the API's binary media types; default: BINARY_MEDIA_TYPES with `binarySupport`, else none */
  binaryMediaTypes?: string[];
  integrationTimeoutMs?: number;
  log: ServeLog;
  /** answers the requests that are not the API's (the local console at /_tsappa/): true when it did */
  otherRoute?: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** each request answered, as its log line says it (the local console) */
  onAnswered?: (answered: AnsweredRequest) => void;
}

export interface AnsweredRequest {
  requestId: string;
  method: string;
  url: string;
  status: number;
  durationMs: number;
  note: string | null;
}

export interface Gateway {
  server: Server;
  /** forgets cached authorizer policies */
  clearCaches(): void;
}

export function createGateway(options: GatewayOptions): Gateway {
  const { settings } = options;
  // HTTP APIs and Function URLs speak payload 2.0 at the root (./gateway-v2.ts)
  if ((settings.apiType ?? 'rest') !== 'rest') return createApiV2Gateway(options);
  const api = {
    stage: settings.stage,
    apiId: options.apiId ?? 'local',
    accountId: options.accountId ?? '000000000000',
    binaryMediaTypes: options.binaryMediaTypes ?? (settings.binarySupport ? BINARY_MEDIA_TYPES : []),
  };
  const isBinary = (contentType: string | undefined) => isBinaryType(contentType, api.binaryMediaTypes);
  const integrationTimeoutMs = options.integrationTimeoutMs ?? INTEGRATION_TIMEOUT_MS;
  // a usage plan meters the requests of its API keys
  const meter = settings.apiKeyRequired && settings.usagePlan ? new UsagePlanMeter(settings.usagePlan) : null;
  // an `arn` authorizer is answered as the user named it (./arn-authorizer.ts), else by the stage's function
  const arnLambda = arnAuthorizerLambda(settings);
  const authorizer = settings.authorizer
    ? new LocalAuthorizer(settings.authorizer, arnLambda ?? ((event) => options.invoke(event, { requestId: randomUUID() })), {
        region: settings.awsRegion,
        accountId: api.accountId,
        apiId: api.apiId,
        stage: settings.stage,
      })
    : null;
  if (settings.authorizer?.arn) options.log(describeArnAuthorizer(settings.authorizer.arn, settings.authorizer.local ?? null));

  /** The answer to send, or null when it was streamed to `res` already (with the status it had). */
  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<Handled> {
    const url = req.url ?? '/';
    const rawPath = url.split('?')[0] ?? '/';
    const gatewayError = (answer: HttpAnswer, note: string) => ({ answer: withCorsHeaders(answer, settings.cors), note });

    const read = await readBody(req, MAX_EVENT_BYTES);
    if (!read.ok) return gatewayError(GATEWAY.tooLarge(), read.reason);
    const { body } = read;
    const path = checkRequestPath(rawPath);
    if (!path.ok) return gatewayError(GATEWAY.badRequest(), path.reason);
    const route = routeOf(rawPath, settings.stage);
    if (!route) return gatewayError(GATEWAY.missingToken(), `not under /${settings.stage}`);
    const method = (req.method ?? 'GET').toUpperCase();

    const incoming: IncomingRequest = { method, url, rawHeaders: req.rawHeaders, body, sourceIp: req.socket.remoteAddress ?? '127.0.0.1' };
    const event = toProxyEvent(incoming, route, api, { requestId, binary: isBinary(req.headers['content-type']) });
    // Lambda refuses a synchronous event over 6 MB (a base64 body is a third bigger than the bytes sent)
    const eventBytes = Buffer.byteLength(JSON.stringify(event));
    if (eventBytes > MAX_EVENT_BYTES) return gatewayError(GATEWAY.tooLarge(), `event of ${eventBytes} bytes is over Lambda's ${MAX_EVENT_BYTES}`);
    const identity = event.requestContext.identity;

    // a protected stage's OPTIONS methods are MOCKs: answered here, the function never invoked
    const preflight = mockPreflight(settings, method, findHeader(event.headers, 'origin'));
    if (preflight) return { answer: preflight, note: 'OPTIONS answered by the MOCK integration' };
    if (settings.iamAuthorization) {
      const verified = verifySigV4(incoming, options.credentials, settings.awsRegion);
      if (!verified.ok) return gatewayError(verified.answer, verified.reason);
      const { accessKeyId, userArn } = verified.credentials;
      identity.accessKey = accessKeyId;
      identity.accountId = api.accountId;
      identity.caller = accessKeyId;
      identity.user = accessKeyId;
      identity.userArn = userArn ?? `arn:aws:iam::${api.accountId}:user/tsappa-local`;
    } else if (authorizer) {
      const decision = await authorizer.authorize(event);
      if (!decision.allowed) return gatewayError(decision.answer, decision.reason);
      event.requestContext.authorizer = decision.authorizer;
    }

    if (settings.apiKeyRequired) {
      const key = findHeader(event.headers, 'x-api-key');
      if (!key || key !== options.apiKey) return gatewayError(GATEWAY.forbidden(), key ? 'wrong API key' : 'no API key');
      identity.apiKey = key;
      identity.apiKeyId = settings.apiKey ?? 'local';
      const refused = meter?.admit();
      if (refused) return gatewayError(refused, 'usage plan');
    }

    const integration = { settings, requestId, event, invoke: options.invoke, gatewayError, parse: proxyAnswer };
    if (settings.responseStreaming) return invokeStreamed({ ...integration, res, requestIdHeader: 'x-amzn-RequestId' });
    return invokeBuffered({ ...integration, timeoutMs: integrationTimeoutMs });
  }

  function proxyAnswer(result: unknown): { answer: HttpAnswer; note?: string } {
    try {
      return { answer: fromProxyResult(result, { binarySupport: settings.binarySupport }) };
    } catch (err) {
      if (err instanceof MalformedResponseError) return { answer: withCorsHeaders(GATEWAY.internal(), settings.cors), note: `Malformed Lambda proxy response: ${err.message}` };
      throw err;
    }
  }

  const server = createServer(gatewayListener(options, 'x-amzn-RequestId', handle));
  return { server, clearCaches: () => authorizer?.clear() };
}

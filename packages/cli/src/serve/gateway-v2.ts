/**
 * The local HTTP API (`apiType: "http"`) and Function URL (`apiType: "url"`): requests at the
 * root (no stage in the path: the HTTP API's `$default` stage and a URL have none) become
 * payload 2.0 events (proxy-event-v2.ts), after the body limit, the native CORS preflight
 * (answered without the function, like the deployed API or URL) and the type's authorization
 * (http-api-auth.ts); the result is answered in the 2.0 response format, one log line each.
 * A Function URL with responseStreaming (InvokeMode RESPONSE_STREAM) is answered as it is
 * written, as REST stages are (./integration.ts); an HTTP API cannot stream.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { arnAuthorizerLambda, describeArnAuthorizer } from './arn-authorizer.js';
import { mockPreflight, withCorsHeaders } from './cors.js';
import type { Gateway, GatewayOptions } from './gateway.js';
import { authorizeV2 } from './http-api-auth.js';
import { GATEWAY, MalformedResponseError, type HttpAnswer, type IncomingRequest } from './proxy-event.js';
import { fromProxyResultV2, toProxyEventV2, type ApiV2Info } from './proxy-event-v2.js';
import { MAX_EVENT_BYTES, readBody } from './request-body.js';
import { gatewayListener, invokeBuffered, invokeStreamed, type Handled } from './integration.js';

/** An HTTP API waits 30 s for its integration; a Function URL the function's own timeout. */
const HTTP_API_INTEGRATION_TIMEOUT_MS = 30_000;

export function createApiV2Gateway(options: GatewayOptions): Gateway {
  const { settings } = options;
  const type = settings.apiType === 'url' ? 'url' : 'http';
  const api: ApiV2Info = { type, apiId: options.apiId ?? 'local', accountId: options.accountId ?? '000000000000', region: settings.awsRegion };
  const timeoutMs = options.integrationTimeoutMs ?? (type === 'http' ? HTTP_API_INTEGRATION_TIMEOUT_MS : settings.timeoutSeconds * 1000 + 1000);
  const arnLambda = arnAuthorizerLambda(settings);
  if (settings.authorizer?.arn) options.log(describeArnAuthorizer(settings.authorizer.arn, settings.authorizer.local ?? null));
  const fail = (answer: HttpAnswer, note: string) => ({ answer: withCorsHeaders(answer, settings.cors), note });

  const answerOf = (result: unknown): { answer: HttpAnswer; note?: string } => {
    try {
      return { answer: fromProxyResultV2(result) };
    } catch (err) {
      if (err instanceof MalformedResponseError) return fail(GATEWAY.internal(), `Malformed Lambda proxy response: ${err.message}`);
      throw err;
    }
  };

  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<Handled> {
    const read = await readBody(req, MAX_EVENT_BYTES);
    if (!read.ok) return fail(GATEWAY.tooLarge(), read.reason);
    const method = (req.method ?? 'GET').toUpperCase();
    const incoming: IncomingRequest = { method, url: req.url ?? '/', rawHeaders: req.rawHeaders, body: read.body, sourceIp: req.socket.remoteAddress ?? '127.0.0.1' };
    // native CORS answers every preflight itself, protected route or not
    if (req.headers['access-control-request-method']) {
      const preflight = mockPreflight({ ...settings, iamAuthorization: true }, method, req.headers.origin);
      if (preflight) return { answer: preflight, note: `preflight answered by the ${type === 'url' ? 'Function URL' : 'HTTP API'}` };
    }
    const event = toProxyEventV2(incoming, api, requestId);
    const decision = await authorizeV2(incoming, event, {
      settings,
      api,
      credentials: options.credentials,
      invokeAuthorizer: arnLambda ?? ((authEvent) => options.invoke(authEvent, { requestId: randomUUID() })),
    });
    if (!decision.ok) return fail(decision.answer, decision.reason);
    const integration = { settings, requestId, event, invoke: options.invoke, gatewayError: fail, parse: answerOf };
    if (type === 'url' && settings.responseStreaming) return invokeStreamed({ ...integration, res, requestIdHeader: 'x-amzn-RequestId' });
    return invokeBuffered({ ...integration, timeoutMs });
  }

  const server = createServer(gatewayListener(options, type === 'url' ? 'x-amzn-RequestId' : 'apigw-requestid', handle));
  return { server, clearCaches: () => undefined };
}

/**
 * A warm-up: one synthetic API Gateway request through the web adapter to a private no-op
 * listener, never to the app. It runs the adapter's and Node's HTTP code once (V8 compiles
 * functions on their first call), so the first real request after a keep-warm ping, or in a
 * provisioned environment, does not pay for that. The app sees nothing of it. It runs on the
 * first keep-warm ping, or in the init of a provisioned environment; never in an on-demand cold
 * start, where the request that caused it is waiting (create-entry.ts).
 */
import type { RuntimeConfig } from '../contract.js';
import type { EntryWebAdapter } from './types.js';

const WARM_UP_PATH = '/tsappa-warm-up';

/** A REST API (v1 proxy) request, the kind the stage's API Gateway sends. */
function warmUpEvent(): Record<string, unknown> {
  const host = 'warm-up.execute-api.us-east-1.amazonaws.com';
  return {
    resource: '/{proxy+}',
    path: WARM_UP_PATH,
    httpMethod: 'GET',
    headers: { Host: host, Accept: '*/*' },
    multiValueHeaders: { Host: [host], Accept: ['*/*'] },
    queryStringParameters: { q: '1' },
    multiValueQueryStringParameters: { q: ['1'] },
    pathParameters: { proxy: WARM_UP_PATH.slice(1) },
    stageVariables: null,
    requestContext: { httpMethod: 'GET', path: WARM_UP_PATH, stage: 'warm-up', requestId: 'tsappa-warm-up', resourcePath: '/{proxy+}', domainName: host, identity: { sourceIp: '127.0.0.1' } },
    body: null,
    isBase64Encoded: false,
  };
}

/** Runs the synthetic request; true when the adapter answered it. Never throws. */
export async function warmUpHttp(adapter: EntryWebAdapter, config: RuntimeConfig): Promise<boolean> {
  try {
    const handler = adapter.createHandler(
      (_req: unknown, res: { setHeader(name: string, value: string): void; end(body: string): void }) => {
        res.setHeader('content-type', 'text/plain; charset=utf-8');
        res.end('warm');
      },
      { basePath: '', binarySupport: config.http.binarySupport, responseStreaming: false },
    );
    const answer = (await handler(warmUpEvent(), { awsRequestId: 'tsappa-warm-up', getRemainingTimeInMillis: () => 30_000 })) as { statusCode?: number };
    return answer?.statusCode === 200;
  } catch {
    return false; // a warm-up that fails costs nothing but its time
  }
}

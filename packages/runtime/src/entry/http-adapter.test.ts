/** The entry with the real web adapter (./http), not a fake. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { runtimeConfig } from './__fixtures__/config.js';
import { albEvent, context, httpApiEvent, requestAuthorizerEvent, restEvent, sqsEvent } from './__fixtures__/events.js';
import * as webAdapter from '../http/index.js';
import { createEntry } from './create-entry.js';
import type { EntryWebAdapter } from './types.js';

// the real adapter satisfies the shape the entry expects (checked by tsc)
const _adapterShape: EntryWebAdapter = webAdapter;

const app = (req: IncomingMessage, res: ServerResponse) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ method: req.method, url: req.url }));
};

describe('createEntry with the real web adapter', () => {
  it.each([
    ['REST', restEvent('/quotes/today'), '/quotes/today'],
    ['HTTP API', httpApiEvent(), '/quotes/today'],
    ['ALB', albEvent(), '/quotes/today'],
  ])('serves %s requests through createHandler', async (_label, event, url) => {
    const handler = createEntry(runtimeConfig(), async () => ({ app, functions: {} }));
    const result = (await handler(event, context)) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ method: 'GET', url });
  });

  it('removes the basePath', async () => {
    const handler = createEntry(runtimeConfig({ http: { basePath: 'api', binarySupport: true, responseStreaming: false } }), async () => ({ app, functions: {} }));
    const result = (await handler(restEvent('/api/quotes'), context)) as { body: string };
    expect(JSON.parse(result.body)).toEqual({ method: 'GET', url: '/quotes' });
  });

  it('keeps authorizer and record events away from the app', async () => {
    const handler = createEntry(runtimeConfig({ authorizer: 'auth:fn', eventSources: { [sqsEvent().Records[0]!.eventSourceARN]: 'q:fn' } }), async () => ({
      app,
      functions: {
        'auth:fn': () => ({ principalId: 'p', policyDocument: { Version: '2012-10-17', Statement: [] } }),
        'q:fn': () => undefined,
      },
    }));
    expect(await handler(requestAuthorizerEvent(), context)).toMatchObject({ principalId: 'p' });
    expect(await handler(sqsEvent(), context)).toEqual({ batchItemFailures: [] });
  });
});

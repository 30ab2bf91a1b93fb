/** The cold start's warm-up request runs the real web adapter and never reaches the app. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import * as http from '../http/index.js';
import { runtimeConfig } from './__fixtures__/config.js';
import { context, restEvent } from './__fixtures__/events.js';
import { createEntry } from './create-entry.js';
import type { EntryWebAdapter } from './types.js';
import { warmUpHttp } from './warm-up.js';

describe('warmUpHttp', () => {
  it('answers a synthetic REST API request through the real adapter', async () => {
    expect(await warmUpHttp(http as unknown as EntryWebAdapter, runtimeConfig())).toBe(true);
  });

  it('never throws: an adapter that fails is only reported as not warmed', async () => {
    const broken: EntryWebAdapter = {
      isHttpEvent: () => true,
      createHandler: () => {
        throw new Error('no adapter');
      },
    };
    expect(await warmUpHttp(broken, runtimeConfig())).toBe(false);
  });

  it('in the cold start, never reaches the app: its first request is the first it sees', async () => {
    const seen: string[] = [];
    const app = (req: IncomingMessage, res: ServerResponse) => {
      seen.push(req.url ?? '');
      res.setHeader('content-type', 'text/plain');
      res.end('quote');
    };
    const handler = createEntry(runtimeConfig(), async () => ({ app, functions: {} }));
    expect(await handler.preload()).toBe('ready');
    expect(seen).toEqual([]);
    expect(await handler(restEvent('/quotes'), context)).toMatchObject({ statusCode: 200, body: 'quote' });
    expect(seen).toEqual(['/quotes']);
  });
});

/** The warm-up request runs the real web adapter, never reaches the app, and runs only when no request waits for it. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KEEP_WARM_INPUT } from '../contract.js';
import * as http from '../http/index.js';
import { runtimeConfig } from './__fixtures__/config.js';
import { context, restEvent } from './__fixtures__/events.js';
import { createEntry, initializedAhead } from './create-entry.js';
import type { EntryWebAdapter } from './types.js';
import type * as warmUpModule from './warm-up.js';
import { warmUpHttp } from './warm-up.js';

// the real warm-up, counted
vi.mock('./warm-up.js', async (original) => {
  const real = await original<typeof warmUpModule>();
  return { ...real, warmUpHttp: vi.fn(real.warmUpHttp) };
});
const warmUps = () => vi.mocked(warmUpHttp).mock.calls.length;

const quoteApp = (seen: string[] = []) => (req: IncomingMessage, res: ServerResponse) => {
  seen.push(req.url ?? '');
  res.setHeader('content-type', 'text/plain');
  res.end('quote');
};

afterEach(() => {
  vi.mocked(warmUpHttp).mockClear();
  vi.unstubAllEnvs();
});

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

  it('in a provisioned init, runs once and never reaches the app: its first request is the first it sees', async () => {
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'provisioned-concurrency');
    const seen: string[] = [];
    const handler = createEntry(runtimeConfig(), async () => ({ app: quoteApp(seen), functions: {} }));
    expect(await handler.preload()).toBe('ready');
    expect(warmUps()).toBe(1);
    expect(seen).toEqual([]);
    expect(await handler(restEvent('/quotes'), context)).toMatchObject({ statusCode: 200, body: 'quote' });
    expect(await handler({ ...KEEP_WARM_INPUT }, context)).toEqual({ 'tsappa:keepWarm': 'warm' });
    expect(seen).toEqual(['/quotes']);
    expect(warmUps()).toBe(1);
  });

  it('in an on-demand cold start, waits for a keep-warm ping: the request that caused the start is not delayed', async () => {
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
    const handler = createEntry(runtimeConfig(), async () => ({ app: quoteApp(), functions: {} }));
    expect(await handler.preload()).toBe('ready');
    expect(await handler(restEvent('/quotes'), context)).toMatchObject({ statusCode: 200, body: 'quote' });
    expect(warmUps()).toBe(0);
  });

  it('a keep-warm ping loads the app and warms up, once; the next request finds both done', async () => {
    const seen: string[] = [];
    const handler = createEntry(runtimeConfig(), async () => ({ app: quoteApp(seen), functions: {} }));
    expect(await handler({ ...KEEP_WARM_INPUT }, context)).toEqual({ 'tsappa:keepWarm': 'warm' });
    expect(await handler({ ...KEEP_WARM_INPUT }, context)).toEqual({ 'tsappa:keepWarm': 'warm' });
    expect(warmUps()).toBe(1);
    expect(await handler(restEvent('/quotes'), context)).toMatchObject({ statusCode: 200, body: 'quote' });
    expect(seen).toEqual(['/quotes']);
  });

  it('tells a provisioned init from the others by the variable Lambda sets', () => {
    expect(initializedAhead({ AWS_LAMBDA_INITIALIZATION_TYPE: 'provisioned-concurrency' })).toBe(true);
    expect(initializedAhead({ AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand' })).toBe(false);
    expect(initializedAhead({ AWS_LAMBDA_INITIALIZATION_TYPE: 'snap-start' })).toBe(false);
    expect(initializedAhead({})).toBe(false);
  });
});

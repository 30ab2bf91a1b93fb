/** The per-invocation { event, context }: on the request, and through AsyncLocalStorage. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { SOURCES, httpApiEvent, lambdaContext } from '../../test/http/events.js';
import { bodyOf, sleep } from '../../test/http/support.js';
import type { Invocation } from './index.js';
import { createHandler, getInvocation, runWithInvocation } from './index.js';

interface Seen {
  fromStorage: string | undefined;
  fromStorageLater: string | undefined;
  fromRequest: string | undefined;
  fromEvent: string | undefined;
  fromApiGatewayAlias: string | undefined;
}

const idOf = (inv: Invocation | undefined) => inv?.context.awsRequestId;

const probe = async (req: IncomingMessage, res: ServerResponse) => {
  const fromStorage = idOf(getInvocation());
  // hop through timers, I/O-ish callbacks and promises before looking again
  await sleep(Math.random() * 20);
  await new Promise((r) => setImmediate(r));
  const fromStorageLater = await new Promise<string | undefined>((resolve) => setTimeout(() => resolve(idOf(getInvocation())), Math.random() * 5));
  const inv = getInvocation<{ testId?: string }>(req);
  const seen: Seen = {
    fromStorage,
    fromStorageLater,
    fromRequest: idOf(inv),
    fromEvent: inv?.event.testId,
    fromApiGatewayAlias: idOf((req as unknown as { apiGateway?: Invocation }).apiGateway),
  };
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(seen));
};

describe('invocation context', () => {
  for (const { name, make } of SOURCES) {
    it(`${name}: reachable from the request object and from getInvocation()`, async () => {
      const event = { ...make(), testId: 'req-one' };
      const seen = JSON.parse(bodyOf(await createHandler(probe)(event, lambdaContext('req-one'))).toString()) as Seen;
      expect(seen).toEqual({
        fromStorage: 'req-one',
        fromStorageLater: 'req-one',
        fromRequest: 'req-one',
        fromEvent: 'req-one',
        fromApiGatewayAlias: 'req-one',
      });
    });
  }

  it('100 overlapping invocations: no crosstalk', async () => {
    const handler = createHandler(probe);
    const ids = Array.from({ length: 100 }, (_, i) => `req-${i}`);
    const results = await Promise.all(
      ids.map((id, i) => {
        const { make } = SOURCES[i % SOURCES.length]!;
        return handler({ ...make(), testId: id }, lambdaContext(id));
      }),
    );
    results.forEach((result, i) => {
      const id = ids[i];
      expect(JSON.parse(bodyOf(result).toString())).toEqual({
        fromStorage: id,
        fromStorageLater: id,
        fromRequest: id,
        fromEvent: id,
        fromApiGatewayAlias: id,
      });
    });
  });

  it('is undefined outside an invocation, and runWithInvocation sets it for other code', () => {
    expect(getInvocation()).toBeUndefined();
    const inv = { event: { kind: 'schedule' }, context: { awsRequestId: 'sched-1' } };
    expect(runWithInvocation(inv, () => getInvocation())).toBe(inv);
    expect(getInvocation()).toBeUndefined();
  });

  it('an async factory does not run inside the first request’s context', async () => {
    let seenDuringInit: unknown = 'unset';
    const factory = async () => {
      seenDuringInit = getInvocation();
      return (req: IncomingMessage, res: ServerResponse) => res.end(idOf(getInvocation()));
    };
    const h = createHandler(factory);
    expect(bodyOf(await h(httpApiEvent(), lambdaContext('first'))).toString()).toBe('first');
    expect(seenDuringInit).toBeUndefined();
  });
});

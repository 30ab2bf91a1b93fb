import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ENV, KEEP_WARM_INPUT, type EntryModules, type RuntimeConfig } from '../contract.js';
import { FakeAws } from '../tasks/__fixtures__/fake-ops.js';
import { TASK_MESSAGE_KEY, type TaskMessage } from '../tasks/message.js';
import { setAwsOps } from '../tasks/ops.js';
import { defaultTaskService } from '../tasks/registry.js';
import { getTaskResult } from '../tasks/results.js';
import { task } from '../tasks/task.js';
import { allow, deny, unauthorized } from './authorizer-policy.js';
import { runtimeConfig } from './__fixtures__/config.js';
import {
  BUCKET_ARN,
  KINESIS_ARN,
  QUEUE_ARN,
  STREAM_ARN,
  TABLE_ARN,
  TOPIC_ARN,
  albEvent,
  context,
  dynamoEvent,
  httpApiEvent,
  kinesisEvent,
  requestAuthorizerEvent,
  restEvent,
  s3Event,
  scheduleEvent,
  snsEvent,
  sqsEvent,
  tokenAuthorizerEvent,
} from './__fixtures__/events.js';
import { createEntry, KEEP_WARM_RESPONSE } from './create-entry.js';
import { InitError, UnknownEventError } from './errors.js';
import type { EntryHttpOptions, EntryWebAdapter } from './types.js';

/** A fake web adapter: recognises API Gateway / Function URL / ALB shapes, answers 200 with the app's name. */
function fakeAdapter() {
  const created: Array<{ app: unknown; options: EntryHttpOptions | undefined }> = [];
  const seen: unknown[] = [];
  const adapter: EntryWebAdapter = {
    isHttpEvent: (event) => {
      const e = event as Record<string, unknown>;
      return typeof e.httpMethod === 'string' || (e.version === '2.0' && typeof e.rawPath === 'string');
    },
    createHandler: (app, options) => {
      created.push({ app, options });
      return async (event) => {
        seen.push(event);
        return { statusCode: 200, body: String((app as { name: string }).name) };
      };
    },
  };
  return { adapter, created, seen };
}

const calls: Array<{ what: string; args: unknown[] }> = [];
const record = (what: string) => (...args: unknown[]) => {
  calls.push({ what, args });
  return { handled: what };
};

function modules(extra: Record<string, unknown> = {}): EntryModules {
  return {
    app: { name: 'quote-app' },
    functions: {
      'src/schedulers.ts:setQuoteOfTheDay': record('schedule'),
      'src/sources.ts:onUpload': record('s3'),
      'src/sources.ts:onTopic': record('sns'),
      'src/sources.ts:onQueue': (event: { Records: Array<{ messageId: string }> }) => {
        calls.push({ what: 'sqs', args: [event] });
        return { batchItemFailures: [{ itemIdentifier: event.Records[1]!.messageId }] };
      },
      'src/sources.ts:onStream': record('dynamodb'),
      'src/sources.ts:onClicks': async () => {
        calls.push({ what: 'kinesis', args: [] });
      },
      'src/auth.ts:authorize': (event: { authorizationToken?: string; headers?: Record<string, string>; methodArn: string }) => {
        const token = event.authorizationToken ?? event.headers?.Authorization;
        if (token === 'Bearer good') return allow(event, 'user-1', { context: { role: 'admin' } });
        if (token === 'Bearer banned') return deny(event, 'user-2');
        throw unauthorized();
      },
      'src/admin.ts:add': (a: number, b: number) => a + b,
      ...extra,
    },
  };
}

function config(overrides: Partial<RuntimeConfig> = {}): RuntimeConfig {
  return runtimeConfig({
    authorizer: 'src/auth.ts:authorize',
    eventSources: {
      [BUCKET_ARN]: 'src/sources.ts:onUpload',
      [TOPIC_ARN]: 'src/sources.ts:onTopic',
      [QUEUE_ARN]: 'src/sources.ts:onQueue',
      [TABLE_ARN]: 'src/sources.ts:onStream',
      [KINESIS_ARN]: 'src/sources.ts:onClicks',
    },
    ...overrides,
  });
}

let aws: FakeAws;
beforeEach(() => {
  calls.length = 0;
  aws = new FakeAws();
  setAwsOps(aws);
});
afterEach(() => {
  setAwsOps(null);
  vi.unstubAllEnvs();
});

function entry(overrides: Partial<RuntimeConfig> = {}, extra: Record<string, unknown> = {}) {
  const fake = fakeAdapter();
  const load = vi.fn(async () => modules(extra));
  const handler = createEntry(config(overrides), load, { http: fake.adapter });
  return { handler, load, ...fake };
}

describe('HTTP requests', () => {
  it.each([
    ['API Gateway REST', restEvent()],
    ['HTTP API 2.0 / Function URL', httpApiEvent()],
    ['ALB', albEvent()],
  ])('go to the web adapter (%s)', async (_label, event) => {
    const { handler, created, seen } = entry();
    expect(await handler(event, context)).toEqual({ statusCode: 200, body: 'quote-app' });
    expect(seen).toEqual([event]);
    expect(created).toHaveLength(1);
    expect(created[0]!.options).toEqual({ basePath: '', binarySupport: true, responseStreaming: false });
  });

  it('creates the app handler once, with the stage http options', async () => {
    const { handler, created } = entry({ http: { basePath: 'v1', binarySupport: false, responseStreaming: false } });
    await handler(restEvent(), context);
    await handler(restEvent('/b'), context);
    expect(created).toEqual([{ app: { name: 'quote-app' }, options: { basePath: 'v1', binarySupport: false, responseStreaming: false } }]);
  });
});

describe('cold start', () => {
  it('loads the modules once per container', async () => {
    const { handler, load } = entry();
    await handler(restEvent(), context);
    await handler(scheduleEvent('src/schedulers.ts:setQuoteOfTheDay'), context);
    expect(load).toHaveBeenCalledTimes(1);
    expect(load).toHaveBeenCalledWith({ appDir: null });
  });

  it('sets the default task service from asyncSource', async () => {
    const { handler } = entry({ asyncSource: 'sns' });
    await handler.ready();
    expect(defaultTaskService()).toBe('sns');
    await createEntry(config(), async () => modules(), { http: fakeAdapter().adapter }).ready();
    expect(defaultTaskService()).toBe('lambda');
  });

  it('applies remoteEnv before the app is imported', async () => {
    aws.put('config-bucket', 'dev/env.json', JSON.stringify({ QUOTE_DB_URL: 'postgres://db', FEATURE_X: true }));
    vi.stubEnv('QUOTE_DB_URL', 'old');
    let seenAtImport: unknown[] = [];
    const handler = createEntry(config({ remoteEnv: 's3://config-bucket/dev/env.json' }), async () => {
      seenAtImport = [process.env.QUOTE_DB_URL, process.env.FEATURE_X];
      return modules();
    }, { http: fakeAdapter().adapter });
    await handler(restEvent(), context);
    expect(seenAtImport).toEqual(['postgres://db', 'true']);
  });

  it('a failed cold start is an InitError naming the object, and is tried again', async () => {
    const { handler, load } = entry({ remoteEnv: 's3://config-bucket/missing.json' });
    const first = handler(restEvent(), context);
    await expect(first).rejects.toThrow(InitError);
    await expect(handler(restEvent(), context)).rejects.toThrow(
      'tsappa init failed: remoteEnv s3://config-bucket/missing.json: The specified key does not exist.',
    );
    expect(load).not.toHaveBeenCalled();
    aws.put('config-bucket', 'missing.json', '{}');
    expect(await handler(restEvent(), context)).toMatchObject({ statusCode: 200 });
  });

  it('a module loader failure is an InitError', async () => {
    const handler = createEntry(config(), async () => {
      throw new SyntaxError('Unexpected token');
    }, { http: fakeAdapter().adapter });
    await expect(handler(restEvent(), context)).rejects.toThrow('tsappa init failed: loading the app: Unexpected token');
  });

  it('a module loader that returns no functions is an InitError', async () => {
    const handler = createEntry(config(), async () => ({}) as EntryModules, { http: fakeAdapter().adapter });
    await expect(handler(restEvent(), context)).rejects.toThrow('the module loader must return { app, functions }');
  });
});

describe('keep-warm', () => {
  it('loads the app when it is not loaded, and leaves it loaded for the next request', async () => {
    const { handler, load, created } = entry();
    expect(await handler({ ...KEEP_WARM_INPUT }, context)).toEqual(KEEP_WARM_RESPONSE);
    expect(load).toHaveBeenCalledTimes(1);
    expect(await handler(restEvent(), context)).toEqual({ statusCode: 200, body: 'quote-app' });
    expect(load).toHaveBeenCalledTimes(1);
    expect(created).toHaveLength(1);
  });

  it('after the cold start ran in the init phase, touches nothing', async () => {
    const { handler, load } = entry();
    expect(await handler.preload()).toBe('ready');
    expect(await handler({ ...KEEP_WARM_INPUT }, context)).toEqual(KEEP_WARM_RESPONSE);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('reports a cold start that fails, and the next invocation tries again', async () => {
    const { handler, load } = entry({ remoteEnv: 's3://config-bucket/later.json' });
    await expect(handler({ ...KEEP_WARM_INPUT }, context)).rejects.toThrow('tsappa init failed: remoteEnv s3://config-bucket/later.json');
    aws.put('config-bucket', 'later.json', '{}');
    expect(await handler({ ...KEEP_WARM_INPUT }, context)).toEqual(KEEP_WARM_RESPONSE);
    expect(load).toHaveBeenCalledTimes(1);
  });
});

describe('preload (the cold start in the init phase)', () => {
  it('loads the app and makes its HTTP handler before the first invocation, once', async () => {
    const { handler, load, created } = entry();
    expect(await handler.preload()).toBe('ready');
    expect(load).toHaveBeenCalledTimes(1);
    expect(created).toHaveLength(1);
    expect(await handler(restEvent(), context)).toEqual({ statusCode: 200, body: 'quote-app' });
    expect(load).toHaveBeenCalledTimes(1);
    expect(created).toHaveLength(1);
  });

  it('an app the adapter cannot serve is still reported by the first HTTP request', async () => {
    const fake = fakeAdapter();
    const createHandler = fake.adapter.createHandler;
    fake.adapter.createHandler = (app, options) => {
      if ((app as { name: string }).name === 'not-an-app') throw new TypeError('not a servable app');
      return createHandler(app, options);
    };
    const handler = createEntry(config(), async () => ({ ...modules(), app: { name: 'not-an-app' } }), { http: fake.adapter });
    expect(await handler.preload()).toBe('ready');
    await expect(handler(restEvent(), context)).rejects.toThrow('not a servable app');
    expect(await handler(scheduleEvent('src/schedulers.ts:setQuoteOfTheDay'), context)).toEqual({ handled: 'schedule' });
  });

  it('never rejects: the failure is logged and the first invocation tries again', async () => {
    const { handler, load } = entry({ remoteEnv: 's3://config-bucket/env.json' });
    const logged: unknown[][] = [];
    expect(await handler.preload({ log: (...args) => logged.push(args) })).toBe('failed');
    expect(logged).toHaveLength(1);
    expect(String(logged[0]![0])).toContain('the next invocation tries it again');
    expect(logged[0]![1]).toBeInstanceOf(InitError);
    expect(load).not.toHaveBeenCalled();
    aws.put('config-bucket', 'env.json', '{}');
    expect(await handler(restEvent(), context)).toMatchObject({ statusCode: 200 });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('stops waiting after waitMs; the first invocation waits for a slow bootstrap', async () => {
    let release!: () => void;
    const bootstrapped = new Promise<void>((resolve) => (release = resolve));
    const load = vi.fn(async () => {
      await bootstrapped;
      return modules();
    });
    const handler = createEntry(config(), load, { http: fakeAdapter().adapter });
    expect(await handler.preload({ waitMs: 20 })).toBe('still loading');
    const answer = handler(restEvent(), context);
    release();
    expect(await answer).toEqual({ statusCode: 200, body: 'quote-app' });
    expect(load).toHaveBeenCalledTimes(1);
  });
});

describe('schedules', () => {
  it('call the named function with (event, context)', async () => {
    const { handler } = entry();
    const event = scheduleEvent('src/schedulers.ts:setQuoteOfTheDay');
    expect(await handler(event, context)).toEqual({ handled: 'schedule' });
    expect(calls).toEqual([{ what: 'schedule', args: [event, context] }]);
  });

  it('an unknown function is an error naming the known ones', async () => {
    const { handler } = entry();
    await expect(handler(scheduleEvent('src/nope.ts:x'), context)).rejects.toThrow(/schedule src\/nope.ts:x is not in the package; known functions: src\/admin.ts:add/);
  });
});

describe('tasks', () => {
  const ran: unknown[][] = [];
  task('entry.resize', (key: string, width: number) => {
    ran.push([key, width]);
    return 'done';
  });
  task('entry.explode', () => {
    throw new Error('kaboom');
  });
  const msg = (name: string, args: unknown[], extra: object = {}): TaskMessage => ({
    [TASK_MESSAGE_KEY]: { v: 1, id: `id-${name}`, name, args, sentAt: 1, ...extra },
  });
  beforeEach(() => {
    ran.length = 0;
  });

  it('run from a Lambda Event payload', async () => {
    const { handler } = entry();
    expect(await handler(msg('entry.resize', ['a.png', 300]), context)).toEqual({
      tasks: [{ id: 'id-entry.resize', name: 'entry.resize', status: 'complete' }],
    });
    expect(ran).toEqual([['a.png', 300]]);
  });

  it('run from an SNS record whose message carries a task', async () => {
    const { handler } = entry();
    await handler(snsEvent(JSON.stringify(msg('entry.resize', ['b.png', 64])), 'arn:aws:sns:us-east-1:123456789012:quote-api-dev-async'), context);
    expect(ran).toEqual([['b.png', 64]]);
    expect(calls).toEqual([]);
  });

  it('a failed task goes to the exceptionHandler; a truthy return swallows it', async () => {
    const seen: unknown[] = [];
    const { handler } = entry({ exceptionHandler: 'src/errors.ts:report' }, {
      'src/errors.ts:report': (error: Error, event: unknown, ctx: unknown) => {
        seen.push([error.message, event, ctx]);
        return true;
      },
    });
    const event = msg('entry.explode', []);
    expect(await handler(event, context)).toBeNull();
    expect(seen).toEqual([['kaboom', event, context]]);
  });

  it('a failed task without a swallowing handler rejects (so Lambda retries) and is captured', async () => {
    vi.stubEnv(ENV.taskTable, 'tasks');
    const { handler } = entry({ exceptionHandler: 'src/errors.ts:report' }, { 'src/errors.ts:report': () => false });
    await expect(handler(msg('entry.explode', [], { id: 'cap', captureResponse: true }), context)).rejects.toThrow('kaboom');
    expect(await getTaskResult('cap')).toMatchObject({ status: 'failed', error: { message: 'kaboom' } });
  });

  it('an unknown task name names the known ones', async () => {
    const { handler } = entry();
    await expect(handler(msg('entry.nope', []), context)).rejects.toThrow(/unknown task "entry.nope"; known tasks: .*entry.resize/);
  });
});

describe('authorizers', () => {
  it('TOKEN events go to the authorizer and get a policy with context', async () => {
    const { handler } = entry();
    expect(await handler(tokenAuthorizerEvent('Bearer good'), context)).toEqual({
      principalId: 'user-1',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/dev/*' }],
      },
      context: { role: 'admin' },
    });
  });

  it('REQUEST events go to the authorizer, not to the app', async () => {
    const { handler, seen } = entry();
    const result = (await handler(requestAuthorizerEvent(), context)) as { principalId: string };
    expect(result.principalId).toBe('user-1');
    expect(seen).toEqual([]);
  });

  it('deny gives a Deny policy; unauthorized() rejects with "Unauthorized" and skips the exceptionHandler', async () => {
    const report = vi.fn(() => true);
    const { handler } = entry({ exceptionHandler: 'src/errors.ts:report' }, { 'src/errors.ts:report': report });
    const denied = (await handler(tokenAuthorizerEvent('Bearer banned'), context)) as { policyDocument: { Statement: Array<{ Effect: string }> } };
    expect(denied.policyDocument.Statement[0]!.Effect).toBe('Deny');
    await expect(handler(tokenAuthorizerEvent('Bearer bad'), context)).rejects.toThrow('Unauthorized');
    expect(report).not.toHaveBeenCalled();
  });

  it('an authorizer event without an authorizer function is an error', async () => {
    const { handler } = entry({ authorizer: null });
    await expect(handler(tokenAuthorizerEvent(), context)).rejects.toThrow('received a TOKEN authorizer event, but the stage has no authorizer.function');
  });

  it('an authorizer returning something else is an error', async () => {
    const { handler } = entry({ authorizer: 'src/admin.ts:add' });
    await expect(handler(tokenAuthorizerEvent(), context)).rejects.toThrow('return allow(...)/deny(...) or throw unauthorized()');
  });
});

describe('event source records', () => {
  it('S3 records go to the function configured for the bucket', async () => {
    const { handler } = entry();
    const event = s3Event();
    expect(await handler(event, context)).toEqual({ handled: 's3' });
    expect(calls).toEqual([{ what: 's3', args: [event, context] }]);
  });

  it('SNS records (not tasks) go to the function configured for the topic', async () => {
    const { handler } = entry();
    await handler(snsEvent(), context);
    expect(calls.map((c) => c.what)).toEqual(['sns']);
  });

  it('SQS batches report partial failures', async () => {
    const { handler } = entry();
    expect(await handler(sqsEvent(['m-1', 'm-2', 'm-3']), context)).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] });
  });

  it('DynamoDB stream records match the configured table and answer an empty failure list', async () => {
    const { handler } = entry();
    expect(await handler(dynamoEvent(), context)).toEqual({ batchItemFailures: [] });
    expect(calls.map((c) => c.what)).toEqual(['dynamodb']);
    const exact = entry({ eventSources: { [STREAM_ARN]: 'src/sources.ts:onStream' } });
    await exact.handler(dynamoEvent(), context);
    expect(calls.map((c) => c.what)).toEqual(['dynamodb', 'dynamodb']);
  });

  it('Kinesis records go to their function', async () => {
    const { handler } = entry();
    expect(await handler(kinesisEvent(), context)).toEqual({ batchItemFailures: [] });
    expect(calls.map((c) => c.what)).toEqual(['kinesis']);
  });

  it('an invalid batchItemFailures is an error (the whole batch is retried)', async () => {
    const { handler } = entry({ eventSources: { [QUEUE_ARN]: 'src/sources.ts:bad' } }, { 'src/sources.ts:bad': () => ({ batchItemFailures: [{ id: 1 }] }) });
    await expect(handler(sqsEvent(), context)).rejects.toThrow('the sqs handler returned an invalid batchItemFailures');
  });

  it('records from an unconfigured source are an error naming the source', async () => {
    const { handler } = entry({ eventSources: {} });
    await expect(handler(sqsEvent(), context)).rejects.toThrow(`received sqs records from ${QUEUE_ARN}, but no function is configured for that source`);
  });

  it('a swallowed SQS error answers an empty failure list', async () => {
    const { handler } = entry({ exceptionHandler: 'src/errors.ts:report', eventSources: { [QUEUE_ARN]: 'src/sources.ts:throws' } }, {
      'src/errors.ts:report': () => 'handled',
      'src/sources.ts:throws': () => {
        throw new Error('db down');
      },
    });
    expect(await handler(sqsEvent(), context)).toEqual({ batchItemFailures: [] });
  });
});

describe('direct invocations (tsappa invoke)', () => {
  task('entry.invokable', (n: number) => n * 10);

  it('call a function of the package with the arguments', async () => {
    const { handler } = entry();
    expect(await handler({ 'tsappa:invoke': 'src/admin.ts:add', args: [2, 3] }, context)).toBe(5);
    expect(await handler({ 'tsappa:invoke': './src/admin.ts:add', args: [1, 1] }, context)).toBe(2);
  });

  it('call a registered task here and now', async () => {
    const { handler } = entry();
    expect(await handler({ 'tsappa:invoke': 'entry.invokable', args: [4] }, context)).toBe(40);
  });

  it('never evaluate or import anything from the payload', async () => {
    const { handler } = entry();
    const evil = { 'tsappa:invoke': 'process.exit(1)', args: [] };
    await expect(handler(evil, context)).rejects.toThrow(/tsappa invoke: process.exit\(1\) is neither a function of the package nor a task; functions: .*src\/admin.ts:add/);
    await expect(handler({ 'tsappa:invoke': 'node:child_process:execSync', args: ['id'] }, context)).rejects.toThrow('is neither a function');
    await expect(handler({ 'tsappa:invoke': 'src/admin.ts:add', args: 'x' }, context)).rejects.toThrow('args must be a JSON array');
  });

  it('a raw event is dispatched like any other', async () => {
    const { handler } = entry();
    await handler(s3Event(), context);
    expect(calls.map((c) => c.what)).toEqual(['s3']);
  });
});

describe('unrecognised events', () => {
  it.each([
    [{ hello: 'world' }, 'unrecognised event: an object with keys hello'],
    [{ Records: [{ eventSource: 'aws:ses' }] }, 'an object with Records (1, eventSource "aws:ses")'],
    ['just a string', 'a string ("just a string")'],
    [null, 'unrecognised event: null'],
  ])('are a clear error naming what was received: %j', async (event, message) => {
    const { handler } = entry();
    const promise = handler(event, context);
    await expect(promise).rejects.toThrow(UnknownEventError);
    await expect(handler(event, context)).rejects.toThrow(message);
  });

  it('go through the exceptionHandler like any unhandled error', async () => {
    const report = vi.fn(() => false);
    const { handler } = entry({ exceptionHandler: 'src/errors.ts:report' }, { 'src/errors.ts:report': report });
    await expect(handler({ what: 1 }, context)).rejects.toThrow(UnknownEventError);
    expect(report).toHaveBeenCalledWith(expect.any(UnknownEventError), { what: 1 }, context);
  });
});

describe('exceptionHandler', () => {
  const failing = {
    'src/schedulers.ts:setQuoteOfTheDay': () => {
      throw new Error('no quote');
    },
  };

  it('a truthy return swallows a schedule error', async () => {
    const { handler } = entry({ exceptionHandler: 'src/errors.ts:report' }, { ...failing, 'src/errors.ts:report': async () => true });
    expect(await handler(scheduleEvent('src/schedulers.ts:setQuoteOfTheDay'), context)).toBeNull();
  });

  it('a swallowed HTTP error answers 500', async () => {
    const fake = fakeAdapter();
    fake.adapter.createHandler = () => async () => {
      throw new Error('adapter crashed');
    };
    const handler = createEntry(config({ exceptionHandler: 'src/errors.ts:report' }), async () => modules({ 'src/errors.ts:report': () => 1 }), { http: fake.adapter });
    expect(await handler(restEvent(), context)).toMatchObject({ statusCode: 500, body: 'Internal Server Error' });
  });

  it('a falsy return, or a failing handler, rethrows the original error', async () => {
    const falsy = entry({ exceptionHandler: 'src/errors.ts:report' }, { ...failing, 'src/errors.ts:report': () => undefined });
    await expect(falsy.handler(scheduleEvent('src/schedulers.ts:setQuoteOfTheDay'), context)).rejects.toThrow('no quote');
    const broken = entry({ exceptionHandler: 'src/errors.ts:report' }, { ...failing, 'src/errors.ts:report': () => {
      throw new Error('reporter down');
    } });
    await expect(broken.handler(scheduleEvent('src/schedulers.ts:setQuoteOfTheDay'), context)).rejects.toThrow('no quote');
  });

  it('without an exceptionHandler errors propagate', async () => {
    const { handler } = entry({}, failing);
    await expect(handler(scheduleEvent('src/schedulers.ts:setQuoteOfTheDay'), context)).rejects.toThrow('no quote');
  });
});

describe('response streaming', () => {
  /** A stand-in for the runtime's awslambda global: marks the handler like streamifyResponse does. */
  const awslambda = { streamifyResponse: <H>(h: H): H => Object.assign(h as object, { streamified: true }) as H };

  function collect(): { stream: Writable; text: () => string } {
    const chunks: Buffer[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        chunks.push(Buffer.from(chunk));
        done();
      },
    });
    return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
  }

  function streamingEntry(extra: Record<string, unknown> = {}, overrides: Partial<RuntimeConfig> = {}) {
    const fake = fakeAdapter();
    const streamed: unknown[] = [];
    fake.adapter.createStreamingHandler = (app) => async (event, responseStream) => {
      streamed.push(event);
      responseStream.end(`streamed by ${(app as { name: string }).name}`);
    };
    const handler = createEntry(config({ http: { basePath: '', binarySupport: true, responseStreaming: true }, ...overrides }), async () => modules(extra), {
      http: fake.adapter,
      awslambda,
    });
    return { handler, streamed, created: fake.created };
  }

  it('is streamified inside Lambda and streams HTTP responses through the adapter', async () => {
    const { handler, streamed, created } = streamingEntry();
    expect(handler.streaming).toBe(true);
    expect((handler as unknown as { streamified?: boolean }).streamified).toBe(true);
    const out = collect();
    await handler(restEvent(), out.stream, context);
    expect(out.text()).toBe('streamed by quote-app');
    expect(streamed).toHaveLength(1);
    expect(created).toHaveLength(0); // no buffered handler made
  });

  it('writes the JSON answer of every other kind to the stream', async () => {
    const { handler } = streamingEntry();
    const sqs = collect();
    await handler(sqsEvent(), sqs.stream, context);
    expect(JSON.parse(sqs.text())).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] });
    const warm = collect();
    await handler({ ...KEEP_WARM_INPUT }, warm.stream, context);
    expect(JSON.parse(warm.text())).toEqual(KEEP_WARM_RESPONSE);
    const auth = collect();
    await handler(tokenAuthorizerEvent(), auth.stream, context);
    expect(JSON.parse(auth.text())).toMatchObject({ principalId: 'user-1' });
  });

  it('rejects errors like the buffered handler', async () => {
    const { handler } = streamingEntry();
    await expect(handler({ odd: true }, collect().stream, context)).rejects.toThrow(UnknownEventError);
  });

  it('stays buffered outside Lambda (no awslambda global)', () => {
    const handler = createEntry(config({ http: { basePath: '', binarySupport: true, responseStreaming: true } }), async () => modules(), {
      http: fakeAdapter().adapter,
      awslambda: null,
    });
    expect(handler.streaming).toBe(false);
  });
});

describe('tasks called without await', () => {
  it('are dispatched before the invocation answers', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'quote-api-dev');
    vi.stubEnv('AWS_LAMBDA_FUNCTION_VERSION', '7');
    const slowAws = new FakeAws();
    const invokeEvent = slowAws.invokeEvent.bind(slowAws);
    slowAws.invokeEvent = async (target, payload) => {
      await new Promise((r) => setTimeout(r, 50));
      return invokeEvent(target, payload);
    };
    setAwsOps(slowAws);
    const notify = task('entry.notify', (_who: string) => undefined);
    const { handler } = entry({}, {
      'src/schedulers.ts:setQuoteOfTheDay': () => {
        void notify('everyone'); // fire and forget
        return 'scheduled';
      },
    });
    expect(await handler(scheduleEvent('src/schedulers.ts:setQuoteOfTheDay'), context)).toBe('scheduled');
    expect(slowAws.invokes).toHaveLength(1);
  });
});

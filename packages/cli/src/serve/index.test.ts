import { createHash, createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedSettings, ScheduleEvent } from '@tsappa/templates';
import { startServe, type ServeHandle, type ServeOptions } from './index.js';
import { FAKE_HANDLER, fakeSettings } from '../../test/fixtures/serve-handler/support.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  rawHeaders: string[];
  body: Buffer;
  text: string;
  json: () => Record<string, unknown>;
}

function call(url: string, options: { method?: string; headers?: OutgoingHttpHeaders; body?: Buffer | string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          rawHeaders: res.rawHeaders,
          body,
          text: body.toString(),
          json: () => JSON.parse(body.toString()) as Record<string, unknown>,
        });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const quiet = () =>
  new Writable({
    write(_c, _e, cb) {
      cb();
    },
  });

const dirs: string[] = [];
function projectDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsappa-serve-test-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const serves: ServeHandle[] = [];
async function serve(settings: Partial<ResolvedSettings> = {}, options: Partial<ServeOptions> = {}) {
  const lines: string[] = [];
  const handle = await startServe({
    settings: fakeSettings({ projectDir: projectDir(), ...settings }),
    handlerFile: FAKE_HANDLER,
    port: 0,
    log: (line) => lines.push(line),
    stdout: quiet(),
    stderr: quiet(),
    taskRetryDelaysMs: [50, 50],
    ...options,
  });
  serves.push(handle);
  return { handle, lines, url: handle.url };
}
afterEach(async () => {
  await Promise.all(serves.splice(0).map((s) => s.close()));
});

type EchoedEvent = Record<string, unknown> & {
  requestContext: Record<string, unknown> & { identity: Record<string, unknown>; authorizer?: Record<string, unknown> };
};
const eventOf = (answer: Answer) => (answer.json().event as EchoedEvent);

describe('serve: the REST API v1 proxy', () => {
  let s: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    s = await serve({ environmentVariables: { GREETING: 'hello' } });
    serves.splice(serves.indexOf(s.handle), 1);
  });
  afterAll(() => s.handle.close());

  it('sends a request as a proxy event with the stage, context, multi-value headers and query', async () => {
    const answer = await call(`${s.url}/echo?a=1&a=2&b=x%20y`, { headers: { 'X-Multi': ['one', 'two'], 'User-Agent': 'test-agent' } });
    expect(answer.status).toBe(200);
    const event = eventOf(answer);
    expect(event).toMatchObject({
      resource: '/{proxy+}',
      path: '/echo',
      httpMethod: 'GET',
      pathParameters: { proxy: 'echo' },
      queryStringParameters: { a: '2', b: 'x y' },
      multiValueQueryStringParameters: { a: ['1', '2'], b: ['x y'] },
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
    });
    expect(event.headers).toMatchObject({ 'X-Multi': 'two', 'User-Agent': 'test-agent' });
    expect(event.multiValueHeaders).toMatchObject({ 'X-Multi': ['one', 'two'] });
    expect(event.requestContext).toMatchObject({
      stage: 'dev',
      path: '/dev/echo',
      httpMethod: 'GET',
      resourcePath: '/{proxy+}',
      accountId: '000000000000',
      protocol: 'HTTP/1.1',
    });
    expect(event.requestContext.identity).toMatchObject({ sourceIp: '127.0.0.1', userAgent: 'test-agent' });
    expect(event.requestContext.requestId).toBe(answer.headers['x-amzn-requestid']);
    // the Lambda context of the same invocation
    expect(answer.json().context).toMatchObject({ awsRequestId: event.requestContext.requestId, functionName: 'fake-api-dev' });
    expect(s.lines.some((line) => /GET \/dev\/echo\?a=1&a=2&b=x%20y 200 \d+ms$/.test(line))).toBe(true);
  });

  it('maps the stage root to the / resource', async () => {
    expect((await call(s.url)).json()).toEqual({ path: '/', method: 'GET' });
    expect((await call(`${s.url}/`)).json()).toEqual({ path: '/', method: 'GET' });
  });

  it('passes bodies base64-encoded with binarySupport (binary media type */*)', async () => {
    const payload = Buffer.from([0, 1, 2, 200, 255]);
    const event = eventOf(await call(`${s.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: payload }));
    expect(event).toMatchObject({ httpMethod: 'POST', isBase64Encoded: true, body: payload.toString('base64') });
  });

  it('returns status, multi-value headers and several Set-Cookie faithfully', async () => {
    const answer = await call(`${s.url}/cookies`);
    expect(answer.status).toBe(201);
    expect(answer.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(answer.headers['x-single']).toBe('one');
    expect(answer.rawHeaders.filter((_, i) => i % 2 === 0 && answer.rawHeaders[i] === 'x-multi')).toHaveLength(2);
    expect(answer.text).toBe('cookies');
    expect(answer.headers['content-type']).toBe('application/json'); // API Gateway's default
  });

  it('decodes a base64 response body', async () => {
    const answer = await call(`${s.url}/binary`);
    expect([...answer.body]).toEqual([0, 1, 2, 255]);
    expect(answer.headers['content-type']).toBe('application/octet-stream');
  });

  it('answers 403 Missing Authentication Token outside the stage', async () => {
    for (const path of ['/', '/prod/echo', '/devx/echo']) {
      const answer = await call(s.url.replace(/\/dev$/, path));
      expect(answer.status).toBe(403);
      expect(answer.json()).toEqual({ message: 'Missing Authentication Token' });
    }
  });

  it('answers 502 for function errors and malformed results', async () => {
    for (const path of ['/throw', '/malformed']) {
      const answer = await call(`${s.url}${path}`);
      expect(answer.status).toBe(502);
      expect(answer.json()).toEqual({ message: 'Internal server error' });
    }
    expect(s.lines.some((line) => line.includes('Malformed Lambda proxy response'))).toBe(true);
  });

  it('gives the function the stage environment', async () => {
    const env = (await call(`${s.url}/env`)).json().env as Record<string, string>;
    expect(env).toMatchObject({
      GREETING: 'hello',
      TSAPPA_STAGE: 'dev',
      TSAPPA_LOCAL_TASKS: '1',
      AWS_LAMBDA_FUNCTION_NAME: 'fake-api-dev',
      AWS_REGION: 'eu-west-1',
      TSAPPA_TASK_TABLE: 'fake-api-dev-tasks',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
    });
  });
});

describe('serve: limits', () => {
  it('answers 502 when the function times out (as API Gateway does), then serves from a fresh container', async () => {
    const { url, lines } = await serve({ timeoutSeconds: 1 });
    const slow = await call(`${url}/sleep?ms=5000`);
    expect(slow.status).toBe(502);
    expect(slow.json()).toEqual({ message: 'Internal server error' });
    expect(lines.some((line) => /GET \/dev\/sleep\?ms=5000 502 \d+ms \(function timed out after 1s\)/.test(line))).toBe(true);
    expect((await call(`${url}/echo`)).status).toBe(200);
  });

  it('answers 504 at the integration timeout', async () => {
    const { url } = await serve({}, { integrationTimeoutMs: 300 });
    const started = Date.now();
    const slow = await call(`${url}/sleep?ms=2000`);
    expect(slow.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('passes text bodies as text without binarySupport', async () => {
    const { url } = await serve({ binarySupport: false });
    const event = eventOf(await call(`${url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' }));
    expect(event).toMatchObject({ isBase64Encoded: false, body: '{"a":1}' });
  });
});

describe('serve: authentication', () => {
  it('requires the printed API key with apiKeyRequired', async () => {
    const { url, handle, lines } = await serve({ apiKeyRequired: true });
    expect(handle.apiKey).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(lines.some((line) => line.includes(handle.apiKey as string))).toBe(true);
    const none = await call(`${url}/echo`);
    expect(none.status).toBe(403);
    expect(none.json()).toEqual({ message: 'Forbidden' });
    expect((await call(`${url}/echo`, { headers: { 'x-api-key': 'wrong' } })).status).toBe(403);
    const ok = await call(`${url}/echo`, { headers: { 'x-api-key': handle.apiKey as string } });
    expect(ok.status).toBe(200);
    expect(eventOf(ok).requestContext.identity).toMatchObject({ apiKey: handle.apiKey, apiKeyId: 'local' });
  });

  it('applies the usage plan to the API key', async () => {
    const { url, handle } = await serve({ apiKeyRequired: true, usagePlan: { throttle: null, quota: { limit: 2, period: 'DAY' } } });
    const headers = { 'x-api-key': handle.apiKey as string };
    expect((await call(`${url}/echo`, { headers })).status).toBe(200);
    expect((await call(`${url}/echo`, { headers })).status).toBe(200);
    const over = await call(`${url}/echo`, { headers });
    expect(over.status).toBe(429);
    expect(over.json()).toEqual({ message: 'Limit Exceeded' });
  });

  it('verifies SigV4 signatures with iamAuthorization', async () => {
    const credentials = { accessKeyId: 'AKIDSERVETEST', secretAccessKey: 'serve-secret' };
    const { url, handle } = await serve({ iamAuthorization: true }, { credentials: [credentials] });
    expect(handle.credentials).toEqual(credentials);
    const unsigned = await call(`${url}/echo`);
    expect(unsigned.status).toBe(403);
    expect(unsigned.json()).toEqual({ message: 'Missing Authentication Token' });

    const target = new URL(`${url}/echo?x=1`);
    const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const date = amzDate.slice(0, 8);
    const host = target.host;
    const payloadHash = createHash('sha256').update('').digest('hex');
    const canonical = ['GET', target.pathname, 'x=1', `host:${host}\nx-amz-date:${amzDate}\n`, 'host;x-amz-date', payloadHash].join('\n');
    const scope = `${date}/eu-west-1/execute-api/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
    const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
    const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date), 'eu-west-1'), 'execute-api'), 'aws4_request');
    const signature = createHmac('sha256', key).update(toSign).digest('hex');
    const authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=host;x-amz-date, Signature=${signature}`;
    const signed = await call(target.href, { headers: { host, 'x-amz-date': amzDate, authorization } });
    expect(signed.status).toBe(200);
    expect(eventOf(signed).requestContext.identity).toMatchObject({ accessKey: 'AKIDSERVETEST', userArn: 'arn:aws:iam::000000000000:user/tsappa-local' });
    const tampered = await call(`${url}/echo?x=2`, { headers: { host, 'x-amz-date': amzDate, authorization } });
    expect(tampered.status).toBe(403);
    expect(tampered.json().message).toMatch(/signature we calculated does not match/);
  });

  it('generates local credentials when the environment has none', async () => {
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    try {
      const { handle, lines } = await serve({ iamAuthorization: true });
      expect(handle.credentials?.accessKeyId).toMatch(/^AKIALOCAL/);
      expect(lines.some((line) => line.includes(handle.credentials?.secretAccessKey as string))).toBe(true);
    } finally {
      if (saved.id !== undefined) process.env.AWS_ACCESS_KEY_ID = saved.id;
      if (saved.secret !== undefined) process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
    }
  });

  it('runs a TOKEN authorizer, caches its policy and passes its context', async () => {
    const { url } = await serve({
      authorizer: {
        function: 'src/auth.ts:authorize',
        arn: null,
        type: 'TOKEN',
        resultTtl: 300,
        tokenHeader: 'Authorization',
        validationExpression: null,
        identitySources: ['method.request.header.Authorization'],
      },
    });
    expect((await call(`${url}/echo`)).status).toBe(401);
    const first = await call(`${url}/echo`, { headers: { authorization: 'allow' } });
    expect(first.status).toBe(200);
    const authorizer = eventOf(first).requestContext.authorizer;
    expect(authorizer).toMatchObject({ principalId: 'user-allow', token: 'allow', calls: '1' });
    const second = await call(`${url}/echo`, { headers: { authorization: 'allow' } });
    expect(eventOf(second).requestContext.authorizer).toMatchObject({ calls: '1' }); // from the cache
    // the cached policy (GET only) is applied to the new method ARN
    const post = await call(`${url}/echo`, { method: 'POST', headers: { authorization: 'allow' } });
    expect(post.status).toBe(403);
    expect(post.json()).toEqual({ message: 'User is not authorized to access this resource' });
    const denied = await call(`${url}/echo`, { headers: { authorization: 'deny' } });
    expect(denied.status).toBe(403);
    expect(denied.json()).toEqual({ message: 'User is not authorized to access this resource with an explicit deny' });
    expect((await call(`${url}/echo`, { headers: { authorization: 'unauthorized' } })).status).toBe(401);
    const failing = await call(`${url}/echo`, { headers: { authorization: 'boom' } });
    expect(failing.status).toBe(500);
    expect(failing.headers['x-amzn-errortype']).toBe('AuthorizerConfigurationException');
  });

  it('runs a REQUEST authorizer on its identity sources', async () => {
    const { url } = await serve({
      authorizer: {
        function: 'src/auth.ts:authorize',
        arn: null,
        type: 'REQUEST',
        resultTtl: 0,
        tokenHeader: 'Authorization',
        validationExpression: null,
        identitySources: ['method.request.header.X-Token'],
      },
    });
    expect((await call(`${url}/echo`, { headers: { 'X-Token': 'allow' } })).status).toBe(200);
    expect((await call(`${url}/echo`, { headers: { 'X-Token': 'nope' } })).status).toBe(403);
  });

  it('answers CORS preflights of a protected stage without the function, and adds CORS headers to gateway errors', async () => {
    const cors = { allowOrigins: ['*'], allowHeaders: ['Content-Type', 'X-Api-Key'], allowMethods: ['GET', 'OPTIONS'], allowCredentials: false, maxAge: null };
    const { url } = await serve({ apiKeyRequired: true, cors });
    const preflight = await call(`${url}/echo`, { method: 'OPTIONS', headers: { origin: 'https://example.com', 'access-control-request-method': 'GET' } });
    expect(preflight.status).toBe(204);
    expect(preflight.text).toBe('');
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    const forbidden = await call(`${url}/echo`, { headers: { origin: 'https://example.com' } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers['access-control-allow-origin']).toBe('*');
    expect(forbidden.headers['access-control-allow-methods']).toBe('GET,OPTIONS');
  });
});

describe('serve: tasks', () => {
  it('runs a task asynchronously and captures its response for getTaskResult', async () => {
    const { url, handle, lines } = await serve();
    const receipt = (await call(`${url}/task?name=add&args=[2,3]`)).json() as { id: string };
    expect(receipt.id).toMatch(/^[0-9a-f-]{36}$/);
    await handle.tasksIdle();
    expect(handle.taskRecord(receipt.id)).toMatchObject({ status: 'complete', value: '5', name: 'add' });
    expect((await call(`${url}/task-result/${receipt.id}`)).json()).toMatchObject({ id: receipt.id, status: 'complete', value: '5' });
    expect(lines.some((line) => new RegExp(`task add ${receipt.id} attempt 1/3 ok \\d+ms`).test(line))).toBe(true);
  });

  it('retries a failing task twice, then writes it to the dead-letter file', async () => {
    const { url, handle, lines } = await serve();
    const receipt = (await call(`${url}/task?name=fail&args=[]`)).json() as { id: string };
    await handle.tasksIdle();
    const attempts = lines.filter((line) => line.includes(`task fail ${receipt.id} attempt`));
    expect(attempts).toHaveLength(3);
    expect(attempts[2]).toMatch(/attempt 3\/3 error \d+ms \(Error: task failed on purpose; giving up\)/);
    expect(handle.deadLetterFile).toMatch(/\.tsappa\/dev-dead-letter\.jsonl$/);
    const letters = readFileSync(handle.deadLetterFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      name: 'fail',
      id: receipt.id,
      attempts: 3,
      error: { errorMessage: 'task failed on purpose' },
      event: { 'tsappa:task': { name: 'fail', id: receipt.id } },
    });
    expect(handle.taskRecord(receipt.id)).toMatchObject({ status: 'failed' });
  });

  it('succeeds on a retry without dead-lettering', async () => {
    const { url, handle, lines } = await serve();
    const counter = join(projectDir(), 'attempts');
    const receipt = (await call(`${url}/task?name=flaky&args=${encodeURIComponent(JSON.stringify([counter]))}`)).json() as { id: string };
    await handle.tasksIdle();
    expect(lines.filter((line) => line.includes(`task flaky ${receipt.id} attempt`)).map((l) => l.split(' ')[6])).toEqual(['error', 'error', 'ok']);
    expect(handle.taskRecord(receipt.id)).toMatchObject({ status: 'complete', value: '"succeeded on attempt 3"' });
    expect(existsSync(handle.deadLetterFile)).toBe(false);
  });

  it('delivers SNS tasks as SNS events, and refuses other functions', async () => {
    const { url, handle } = await serve({ asyncSource: 'sns' });
    const receipt = (await call(`${url}/task?name=add&args=[4,5]&service=sns`)).json() as { id: string };
    await handle.tasksIdle();
    expect(handle.taskRecord(receipt.id)).toMatchObject({ status: 'complete', value: '9' });
    const remote = await call(`${url}/remote-task`);
    expect(remote.json().error).toMatch(/runs only fake-api-dev; it cannot invoke someone-else locally/);
  });
});

describe('serve: schedules', () => {
  const daily: ScheduleEvent = { kind: 'schedule', function: 'src/jobs.ts:daily', expression: 'cron(0 12 * * ? *)', name: 'daily', enabled: true };
  const events: ResolvedSettings['events'] = [
    daily,
    { kind: 'schedule', function: 'src/jobs.ts:off', expression: 'rate(1 day)', name: 'off', enabled: false },
  ];

  it('fires schedules on their expressions and logs each firing', async () => {
    const { handle, lines } = await serve({ keepWarm: true, events }, { scheduleOverrides: { 'keep-warm': 'rate(1 second)' } });
    expect(Object.keys(handle.nextFirings())).toEqual(['keep-warm', 'daily']);
    expect(handle.nextFirings().daily?.toISOString()).toMatch(/T12:00:00\.000Z$/);
    const warm = () => lines.filter((line) => / schedule keep-warm rate\(1 second\) ok \d+ms/.test(line));
    const started = Date.now();
    while (warm().length < 2 && Date.now() - started < 10_000) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(warm().length).toBeGreaterThanOrEqual(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500); // not before its second period
    const outcome = await handle.fireSchedule('daily');
    expect(outcome).toMatchObject({ ok: true, value: { scheduled: 'src/jobs.ts:daily' } });
    expect(lines.some((line) => / schedule daily cron\(0 12 \* \* \? \*\) ok/.test(line))).toBe(true);
    await expect(handle.fireSchedule('off')).rejects.toThrow(/no schedule named "off"/);
  });

  it('fires nothing with schedules off', async () => {
    const { handle, lines } = await serve({ keepWarm: true, events }, { schedules: false });
    expect(handle.nextFirings()).toEqual({});
    expect(lines).toContain('schedules are off (--no-schedules)');
  });

  it('refuses a bad expression before starting', async () => {
    await expect(serve({ events: [{ ...daily, expression: 'cron(0 12 * * *)' }] })).rejects.toThrow(/schedule daily: .*6 fields/);
  });
});

describe('serve: lifecycle', () => {
  it('restarts the function on demand and reports a busy port', async () => {
    const { url, handle } = await serve();
    const before = (await call(`${url}/count`)).json();
    handle.restart();
    const after = (await call(`${url}/count`)).json();
    expect(after.pid).not.toBe(before.pid);
    expect(after.invocations).toBe(1);
    await expect(serve({}, { port: handle.port })).rejects.toThrow(/port \d+ on 127\.0\.0\.1 is in use/);
  });
});

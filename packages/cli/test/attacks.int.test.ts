/**
 * The attacker's suite for issue 13, items 1 and 7: no request reaches app code unless the
 * stage's rules admit it, and the adapter hands the app exactly what was sent.
 *
 * - Against `tsappa serve` (in-process, test/fixtures/serve-handler as the package, whose
 *   `/echo` answers with the event it received): with `cors` on a protected stage (IAM, API key,
 *   authorizer), an unsigned OPTIONS, preflight or not, never reaches the function.
 * - Against the packaged handler, loaded the way Lambda loads it (a zip extracted into an empty
 *   directory, a fresh Node process importing `<file>.<export>`): real preflights are answered
 *   without the app; any other OPTIONS reaches the app as any method would (the stage's auth is
 *   API Gateway's job: packages/templates/src/cors.test.ts checks every OPTIONS method of the
 *   template carries it, or is a MOCK); cookies arrive once; an early 'finish' cuts nothing.
 * Events are shaped as AWS documents them (test/support/rest-api-event.ts; the Function URL
 * event from "Invoking Lambda function URLs", payload format 2.0).
 */
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CorsSettings, ResolvedSettings } from '@tsappa/templates';
import { buildPackage } from '../src/package/index.js';
import { startServe, type ServeHandle } from '../src/serve/index.js';
import { FAKE_HANDLER, fakeSettings } from './fixtures/serve-handler/support.js';
import { restApiEvent } from './support/rest-api-event.js';
import { invokeLikeLambda, type LambdaRun } from './support/test-lambda.js';
import { copyFixture, testSettings } from './support/test-settings.js';
import { unzipTo } from './support/test-zip.js';

const CORS: CorsSettings = {
  allowOrigins: ['https://app.example.com'],
  allowHeaders: ['Content-Type', 'Authorization', 'X-Api-Key'],
  allowMethods: ['GET', 'POST', 'OPTIONS'],
  allowCredentials: true,
  maxAge: 600,
};

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

function send(url: string, options: { method?: string; headers?: OutgoingHttpHeaders } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The fake handler's /echo answers with the event: any text holding it means the function ran. */
const reachedFunction = (answer: Answer) => answer.text.includes('"httpMethod"');

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('attacks on serve: OPTIONS on a protected stage with cors', () => {
  const serves: ServeHandle[] = [];
  afterEach(async () => {
    await Promise.all(serves.splice(0).map((s) => s.close()));
  });

  async function serve(settings: Partial<ResolvedSettings>) {
    const projectDir = mkdtempSync(join(tmpdir(), 'tsappa-attacks-'));
    dirs.push(projectDir);
    const handle = await startServe({
      settings: fakeSettings({ projectDir, ...settings }),
      handlerFile: FAKE_HANDLER,
      port: 0,
      apiKey: 'the-real-key',
      log: () => {},
      stdout: new Writable({ write: (_c, _e, cb) => cb() }),
      stderr: new Writable({ write: (_c, _e, cb) => cb() }),
    });
    serves.push(handle);
    return handle.url;
  }

  const AUTHORIZER = {
    function: 'src/auth.ts:authorize',
    arn: null,
    type: 'TOKEN' as const,
    resultTtl: 0,
    tokenHeader: 'Authorization',
    validationExpression: null,
    identitySources: [],
  };
  const PROTECTIONS: [string, Partial<ResolvedSettings>][] = [
    ['iamAuthorization', { iamAuthorization: true }],
    ['apiKeyRequired', { apiKeyRequired: true }],
    ['a Lambda authorizer', { authorizer: AUTHORIZER }],
  ];
  const OPTIONS_VARIANTS: [string, OutgoingHttpHeaders][] = [
    ['a bare OPTIONS (curl -X OPTIONS)', {}],
    ['an OPTIONS with an Origin only', { origin: 'https://app.example.com' }],
    ['a real preflight', { origin: 'https://app.example.com', 'access-control-request-method': 'POST' }],
    ['a preflight from a disallowed origin', { origin: 'https://evil.example', 'access-control-request-method': 'POST' }],
  ];

  for (const [name, protection] of PROTECTIONS) {
    for (const [variant, headers] of OPTIONS_VARIANTS) {
      it(`${name}: ${variant} never reaches the function`, async () => {
        const url = await serve({ cors: CORS, ...protection });
        const answer = await send(`${url}/echo?n=99`, { method: 'OPTIONS', headers });
        expect(reachedFunction(answer), answer.text).toBe(false);
        expect(answer.status).toBe(204);
        expect(answer.headers['access-control-allow-methods']).toBe('GET,POST,OPTIONS');
        // the same request as GET is refused by the stage's protection
        expect((await send(`${url}/echo?n=99`, { headers })).status).toBeGreaterThanOrEqual(401);
      });
    }
  }

  it('an open stage with cors sends a non-preflight OPTIONS to the function, as any method', async () => {
    const url = await serve({ cors: CORS });
    const answer = await send(`${url}/echo`, { method: 'OPTIONS' });
    expect(reachedFunction(answer)).toBe(true);
  });

  it('without cors, OPTIONS goes through the stage auth like any method', async () => {
    const url = await serve({ apiKeyRequired: true });
    const refused = await send(`${url}/echo`, { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' } });
    expect(refused.status).toBe(403);
    expect(reachedFunction(refused)).toBe(false);
    const admitted = await send(`${url}/echo`, { method: 'OPTIONS', headers: { 'x-api-key': 'the-real-key' } });
    expect(reachedFunction(admitted)).toBe(true);
  });
});

/** The app packaged for the handler tests: answers what reached it, and misbehaves on request. */
const ATTACK_APP = `
import type { IncomingMessage, ServerResponse } from 'node:http';
export function app(req: IncomingMessage, res: ServerResponse): void {
  const body = JSON.stringify({ reached: true, method: req.method, url: req.url, cookie: req.headers.cookie ?? null });
  res.writeHead(200, { 'content-type': 'application/json' });
  if (req.url === '/early-finish') {
    res.write(body.slice(0, 10));
    res.emit('finish');
    setTimeout(() => res.end(body.slice(10)), 20);
    return;
  }
  res.end(body);
}
export default app;
`;

/** A Lambda Function URL request (payload format 2.0, as AWS documents it) with the cookies in both places. */
function functionUrlEventWithCookies(): Record<string, unknown> {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/me',
    rawQueryString: '',
    cookies: ['session=abc', 'theme=dark'],
    headers: { host: 'abcdefg.lambda-url.us-east-1.on.aws', cookie: 'session=abc; theme=dark', 'user-agent': 'curl/8.5.0' },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abcdefg',
      domainName: 'abcdefg.lambda-url.us-east-1.on.aws',
      domainPrefix: 'abcdefg',
      http: { method: 'GET', path: '/me', protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'curl/8.5.0' },
      requestId: 'id',
      routeKey: '$default',
      stage: '$default',
      time: '12/Mar/2026:19:03:58 +0000',
      timeEpoch: 1773342238000,
    },
    isBase64Encoded: false,
  };
}

describe('attacks on the packaged handler, loaded the way Lambda loads it', () => {
  let run: LambdaRun;
  beforeAll(async () => {
    const project = await copyFixture('package-basic');
    dirs.push(project);
    writeFileSync(join(project, 'src', 'app.ts'), ATTACK_APP);
    const result = await buildPackage(testSettings(project, { app: 'src/app.ts:app', cors: CORS, iamAuthorization: true }), { install: 'copy' });
    const taskRoot = await mkdtemp(join(tmpdir(), 'tsappa-attacks-root-'));
    dirs.push(taskRoot);
    await unzipTo(result.path, taskRoot);
    run = await invokeLikeLambda(
      taskRoot,
      result.handler,
      [
        restApiEvent({ method: 'OPTIONS', path: '/task?n=99', headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'POST' } }),
        restApiEvent({ method: 'OPTIONS', path: '/task?n=99' }),
        functionUrlEventWithCookies(),
        restApiEvent({ method: 'GET', path: '/early-finish' }),
      ],
      {},
    );
  }, 180_000);

  const value = (i: number) => {
    const result = run.results[i];
    if (!result?.ok) throw new Error(`event ${i} failed: ${JSON.stringify(result)}\n${run.stderr}`);
    return result.value as { statusCode: number; body: string; multiValueHeaders?: Record<string, string[]> };
  };

  it('answers a real preflight without the app', () => {
    const preflight = value(0);
    expect(preflight.statusCode).toBe(204);
    expect(preflight.body).not.toContain('reached');
    expect(preflight.multiValueHeaders?.['access-control-allow-origin']).toEqual(['https://app.example.com']);
  });

  it('lets any other OPTIONS reach the app only as any method would (API Gateway applies the auth)', () => {
    expect(JSON.parse(value(1).body)).toMatchObject({ reached: true, method: 'OPTIONS', url: '/task?n=99' });
  });

  it('passes each cookie once when a Function URL event has them in `cookies` and in the cookie header', () => {
    expect(JSON.parse(value(2).body)).toMatchObject({ cookie: 'session=abc; theme=dark' });
  });

  it("returns the whole body when the app emits 'finish' before it ends", () => {
    expect(JSON.parse(value(3).body)).toMatchObject({ reached: true, url: '/early-finish' });
  });
});

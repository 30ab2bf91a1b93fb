/**
 * The attacker's suite for `tsappa serve` (issue 13: no request reaches app code unless the
 * stage lets it). Each test tries one way past serve's local API Gateway, signed with AWS's own
 * signer where a signature is involved, and checks that the request never reached the function.
 * Serve runs in-process (startServe) with test/fixtures/serve-attacks/handler.mjs as the package.
 */
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ResolvedSettings } from '@tsappa/templates';
import { startServe, type ServeHandle, type ServeOptions } from '../src/serve/index.js';
import { fakeSettings } from './fixtures/serve-handler/support.js';
import { Sha256 } from './support/node-sha256.js';

const HANDLER = fileURLToPath(new URL('./fixtures/serve-attacks/handler.mjs', import.meta.url));
const CREDENTIALS = { accessKeyId: 'AKIDATTACKTEST', secretAccessKey: 'attack/test+secret' };
const REGION = 'eu-west-1';
const DAY_MS = 86_400_000;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => Record<string, unknown>;
}

/** Sends the request exactly as given: node:http keeps the path byte for byte (fetch would normalise it). */
function send(port: number, path: string, options: { method?: string; headers?: OutgoingHttpHeaders; body?: Buffer | string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as Record<string, unknown> });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const reached = (answer: Answer) => answer.text.includes('"reached":true');

const quiet = () =>
  new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const serves: ServeHandle[] = [];
afterEach(async () => {
  await Promise.all(serves.splice(0).map((s) => s.close()));
});

async function serve(settings: Partial<ResolvedSettings> = {}, options: Partial<ServeOptions> = {}) {
  const projectDir = mkdtempSync(join(tmpdir(), 'tsappa-attacks-'));
  dirs.push(projectDir);
  const lines: string[] = [];
  const handle = await startServe({
    settings: fakeSettings({ projectDir, awsRegion: REGION, ...settings }),
    handlerFile: HANDLER,
    port: 0,
    credentials: [CREDENTIALS],
    log: (line) => lines.push(line),
    stdout: quiet(),
    stderr: quiet(),
    ...options,
  });
  serves.push(handle);
  return { handle, lines, port: handle.port };
}

const signer = new SignatureV4({ credentials: CREDENTIALS, region: REGION, service: 'execute-api', sha256: Sha256 });

interface Signable {
  method?: string;
  path: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string;
}

function toRequest(port: number, r: Signable) {
  return {
    method: r.method ?? 'GET',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port,
    path: r.path,
    query: r.query ?? {},
    headers: { host: `127.0.0.1:${port}`, ...r.headers },
    body: r.body,
  };
}

const withQuery = (path: string, query: Record<string, unknown> | undefined) => {
  const pairs = Object.entries(query ?? {}).flatMap(([k, v]) =>
    (Array.isArray(v) ? v : [v]).map((one) => `${encodeURIComponent(k)}=${encodeURIComponent(String(one))}`),
  );
  return pairs.length ? `${path}?${pairs.join('&')}` : path;
};

/** What an AWS SDK sends for a request signed in the Authorization header. */
async function signHeader(port: number, r: Signable, signingDate = new Date()) {
  const out = await signer.sign(toRequest(port, r), { signingDate });
  return { path: withQuery(out.path, out.query), headers: out.headers as Record<string, string> };
}

/** A presigned URL from AWS's signer (which itself never presigns beyond 604800 s). */
async function presign(port: number, r: Signable, signingDate: Date, expiresIn: number) {
  const out = await signer.presign(toRequest(port, r), { signingDate, expiresIn });
  return { path: withQuery(out.path, out.query), headers: out.headers as Record<string, string> };
}

const amzDate = (date: Date) => date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/**
 * A presigned URL carrying any `X-Amz-Expires` (`99999999`, `abc`), as a hand-rolled or old
 * tool could produce: AWS's signer refuses to presign past a week, so the query-string
 * parameters are put in place first and the request is signed by it in header mode. Both modes
 * sign the same string (algorithm, date, scope, canonical request); only where the signature
 * travels differs.
 */
async function presignAnyExpiry(port: number, path: string, expires: string | string[] | null, signingDate: Date) {
  const date = amzDate(signingDate);
  const query: Record<string, string | string[]> = {
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `${CREDENTIALS.accessKeyId}/${date.slice(0, 8)}/${REGION}/execute-api/aws4_request`,
    'X-Amz-Date': date,
    'X-Amz-SignedHeaders': 'host;x-amz-content-sha256;x-amz-date',
  };
  if (expires !== null) query['X-Amz-Expires'] = expires;
  const out = await signer.sign(toRequest(port, { path, query }), { signingDate });
  const headers = out.headers as Record<string, string>;
  const signature = /Signature=([0-9a-f]{64})/.exec(headers.authorization ?? '')?.[1];
  expect(signature).toBeDefined();
  delete headers.authorization;
  return { path: withQuery(out.path, { ...out.query, 'X-Amz-Signature': signature }), headers };
}

describe('SigV4 in serve: the payload hash is the body received', () => {
  it('refuses a signed POST whose body was swapped, sent with the original body’s hash', async () => {
    const { port } = await serve({ iamAuthorization: true });
    const original = JSON.stringify({ transfer: 10 });
    const signed = await signHeader(port, { method: 'POST', path: '/dev/transfer', body: original, headers: { 'content-type': 'application/json' } });
    expect(signed.headers['x-amz-content-sha256']).toBe(createHash('sha256').update(original).digest('hex'));

    const genuine = await send(port, signed.path, { method: 'POST', headers: signed.headers, body: original });
    expect(genuine.status).toBe(200);
    expect(genuine.json().bodySha256).toBe(signed.headers['x-amz-content-sha256']);

    const swapped = await send(port, signed.path, { method: 'POST', headers: signed.headers, body: JSON.stringify({ transfer: 10_000 }) });
    expect(swapped.status).toBe(403);
    expect(reached(swapped)).toBe(false);
  });

  it('refuses the swapped body with the header left out, and an empty body for a signed one', async () => {
    const { port } = await serve({ iamAuthorization: true });
    const signed = await signHeader(port, { method: 'PUT', path: '/dev/item', body: 'original' });
    const { 'x-amz-content-sha256': _hash, ...withoutHash } = signed.headers;
    expect((await send(port, signed.path, { method: 'PUT', headers: withoutHash, body: 'swapped' })).status).toBe(403);
    expect((await send(port, signed.path, { method: 'PUT', headers: signed.headers, body: '' })).status).toBe(403);
  });

  it('refuses UNSIGNED-PAYLOAD: execute-api signs the body, only S3 takes an unsigned payload', async () => {
    const { port } = await serve({ iamAuthorization: true });
    const signed = await signHeader(port, { method: 'POST', path: '/dev/transfer', body: 'a', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    const answer = await send(port, signed.path, { method: 'POST', headers: signed.headers, body: 'anything at all' });
    expect(answer.status).toBe(403);
    expect(reached(answer)).toBe(false);
    const url = await presign(port, { method: 'POST', path: '/dev/transfer', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }, new Date(), 60);
    const presigned = await send(port, url.path, { method: 'POST', headers: { host: url.headers.host as string }, body: 'anything at all' });
    expect(presigned.status).toBe(403);
    expect(reached(presigned)).toBe(false);
  });
});

describe('SigV4 in serve: presigned URLs expire', () => {
  it('accepts a fresh presigned URL (the control)', async () => {
    const { port } = await serve({ iamAuthorization: true });
    const url = await presign(port, { path: '/dev/report' }, new Date(), 60);
    expect((await send(port, url.path, { headers: url.headers })).status).toBe(200);
    const handRolled = await presignAnyExpiry(port, '/dev/report', '60', new Date());
    expect((await send(port, handRolled.path, { headers: handRolled.headers })).status).toBe(200);
  });

  it('refuses X-Amz-Expires=99999999 signed a year ago, and any expiry over 604800 s', async () => {
    const { port } = await serve({ iamAuthorization: true });
    const yearOld = await presignAnyExpiry(port, '/dev/report', '99999999', new Date(Date.now() - 365 * DAY_MS));
    const answer = await send(port, yearOld.path, { headers: yearOld.headers });
    expect(answer.status).toBe(403);
    expect(reached(answer)).toBe(false);
    const fresh = await presignAnyExpiry(port, '/dev/report', '604801', new Date());
    expect((await send(port, fresh.path, { headers: fresh.headers })).status).toBe(403);
  });

  it('refuses an expiry that is not an integer from 1 to 604800 (abc, 0, -5, 1e3, 60.5)', async () => {
    const { port } = await serve({ iamAuthorization: true });
    for (const expires of ['abc', '0', '-5', '1e3', '60.5', '']) {
      const url = await presignAnyExpiry(port, '/dev/report', expires, new Date());
      const answer = await send(port, url.path, { headers: url.headers });
      expect({ expires, status: answer.status }).toEqual({ expires, status: 403 });
    }
  });

  it('measures the expiry from X-Amz-Date: a week-long URL signed eight days ago is expired', async () => {
    const { port } = await serve({ iamAuthorization: true });
    const url = await presign(port, { path: '/dev/report' }, new Date(Date.now() - 8 * DAY_MS), 604800);
    const answer = await send(port, url.path, { headers: url.headers });
    expect(answer.status).toBe(403);
    expect(answer.json().message).toMatch(/expired/i);
  });

  it('refuses a date more than 15 minutes in the future, and takes one within it', async () => {
    const { port } = await serve({ iamAuthorization: true });
    for (const aheadMs of [365 * DAY_MS, 16 * 60_000]) {
      const url = await presign(port, { path: '/dev/report' }, new Date(Date.now() + aheadMs), 60);
      const answer = await send(port, url.path, { headers: url.headers });
      expect({ aheadMs, status: answer.status }).toEqual({ aheadMs, status: 403 });
    }
    const nearly = await presign(port, { path: '/dev/report' }, new Date(Date.now() + 10 * 60_000), 60);
    expect((await send(port, nearly.path, { headers: nearly.headers })).status).toBe(200);
  });

  it('refuses a query-string signature without X-Amz-Expires, or with it twice (both signed)', async () => {
    const { port } = await serve({ iamAuthorization: true });
    const without = await presignAnyExpiry(port, '/dev/report', null, new Date());
    expect(without.path).not.toContain('X-Amz-Expires');
    const answer = await send(port, without.path, { headers: without.headers });
    expect(answer.status).toBe(403);
    expect(reached(answer)).toBe(false);
    const twice = await presignAnyExpiry(port, '/dev/report', ['60', '99999999'], new Date(Date.now() - 30 * DAY_MS));
    expect(twice.path.match(/X-Amz-Expires=/g)).toHaveLength(2);
    expect((await send(port, twice.path, { headers: twice.headers })).status).toBe(403);
  });
});

describe('paths with dot segments or encoded slashes', () => {
  const requestAuthorizer = {
    function: 'src/auth.ts:authorize',
    arn: null,
    type: 'REQUEST' as const,
    resultTtl: 0,
    tokenHeader: 'Authorization',
    validationExpression: null,
    identitySources: ['method.request.header.X-Token'],
  };

  it('a REQUEST authorizer allowing only GET /public/* lets /public/* through (the control)', async () => {
    const { port } = await serve({ authorizer: requestAuthorizer });
    const answer = await send(port, '/dev/public/page', { headers: { 'x-token': 'visitor' } });
    expect(answer.status).toBe(200);
    expect(answer.json()).toMatchObject({ path: '/public/page', authorizer: { methodArn: expect.stringMatching(/\/dev\/GET\/public\/page$/) } });
    const secret = await send(port, '/dev/secret', { headers: { 'x-token': 'visitor' } });
    expect(secret.status).toBe(403);
    expect(reached(secret)).toBe(false);
  });

  it('never lets /public/../secret and its encodings past that authorizer', async () => {
    const { port } = await serve({ authorizer: requestAuthorizer });
    const attempts = [
      '/dev/public/../secret',
      '/dev/public/%2e%2e/secret',
      '/dev/public/%2E%2E/secret',
      '/dev/public/.%2e/secret',
      '/dev/public/..%2fsecret',
      '/dev/public/..%2Fsecret',
      '/dev/public/%2e%2e%2fsecret',
      '/dev/public/..\\secret',
      '/dev/public/..%5csecret',
      '/dev/public/./../secret',
      '/dev/public/x/../../secret',
      '/dev/public/..',
      '/dev/public//../secret',
    ];
    for (const path of attempts) {
      const answer = await send(port, path, { headers: { 'x-token': 'visitor' } });
      expect({ path, status: answer.status, reached: reached(answer) }).toEqual({ path, status: 400, reached: false });
    }
  });

  it('shows the function and the authorizer the same decoded path: %2F is a slash in both', async () => {
    const { port } = await serve({ authorizer: requestAuthorizer });
    const answer = await send(port, '/dev/public/a%2Fb', { headers: { 'x-token': 'visitor' } });
    expect(answer.status).toBe(200);
    const seen = answer.json() as { path: string; proxy: string; authorizer: { methodArn: string } };
    expect(seen.path).toBe('/public/a/b');
    expect(seen.proxy).toBe('public/a/b');
    expect(seen.authorizer.methodArn).toMatch(/\/dev\/GET\/public\/a\/b$/);
  });

  it('a signature for /dev/quote does not pass /dev//quote, /dev/x/../quote or /dev/./quote', async () => {
    const { port } = await serve({ iamAuthorization: true });
    const signed = await signHeader(port, { path: '/dev/quote' });
    expect((await send(port, signed.path, { headers: signed.headers })).status).toBe(200);
    for (const path of ['/dev//quote', '/dev/x/../quote', '/dev/./quote', '/dev/quote/.', '/dev/%2e/quote']) {
      const answer = await send(port, path, { headers: signed.headers });
      expect({ path, status: answer.status, reached: reached(answer) }).toEqual({ path, status: 400, reached: false });
    }
  });

  it('a signature covers the path received, encoded slash included: a%2Fb is not a/b', async () => {
    const { port } = await serve({ iamAuthorization: true });
    const encoded = await signHeader(port, { path: '/dev/files/a%2Fb' });
    expect((await send(port, encoded.path, { headers: encoded.headers })).status).toBe(200);
    const plain = await signHeader(port, { path: '/dev/files/a/b' });
    const answer = await send(port, '/dev/files/a%2Fb', { headers: plain.headers });
    expect(answer.status).toBe(403);
  });
});

describe('the gateway under load, and its status codes', () => {
  it('starts the timeout when a container takes the request: 30 concurrent 2 s requests with a 5 s timeout all succeed', async () => {
    const { port, lines } = await serve({ timeoutSeconds: 5 });
    const answers = await Promise.all(Array.from({ length: 30 }, () => send(port, '/dev/sleep?ms=2000')));
    expect({ statuses: answers.map((a) => a.status), notes: lines.filter((l) => / 50\d /.test(l)) }).toEqual({ statuses: Array.from({ length: 30 }, () => 200), notes: [] });
  }, 90_000);

  it("gives init Lambda's own 10 s: a 3 s cold start does not count against a 2 s timeout", async () => {
    const { port } = await serve({ timeoutSeconds: 2 }, { env: { ATTACK_INIT_DELAY_MS: '3000' } });
    const answer = await send(port, '/dev/sleep?ms=1000');
    expect(answer.status).toBe(200);
  }, 30_000);

  it("retries an init that outlives 10 s in a fresh container, as Lambda does, and answers", async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'tsappa-attacks-init-')), 'slow-once');
    dirs.push(join(marker, '..'));
    const { port } = await serve({ timeoutSeconds: 5 }, { env: { ATTACK_INIT_DELAY_MS: '11000', ATTACK_INIT_DELAY_ONCE_FILE: marker } });
    const started = Date.now();
    const answer = await send(port, '/dev/page');
    expect(answer.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(9_500);
  }, 40_000);

  it("answers 502 when the retried init outlives the function's timeout", async () => {
    const { port, lines } = await serve({ timeoutSeconds: 2 }, { env: { ATTACK_INIT_DELAY_MS: '11000' } });
    const started = Date.now();
    const answer = await send(port, '/dev/page');
    expect(answer.status).toBe(502);
    expect(answer.json()).toEqual({ message: 'Internal server error' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(11_500);
    expect(lines.some((line) => /GET \/dev\/page 502 \d+ms \(function timed out after 2s\)/.test(line))).toBe(true);
  }, 40_000);

  it('answers 502 for a function error or timeout, and 504 only at the integration timeout', async () => {
    const { port, lines } = await serve({ timeoutSeconds: 1 });
    const timedOut = await send(port, '/dev/sleep?ms=3000');
    expect(timedOut.status).toBe(502);
    expect(timedOut.json()).toEqual({ message: 'Internal server error' });
    expect(lines.some((line) => /GET \/dev\/sleep\?ms=3000 502 \d+ms \(function timed out after 1s\)/.test(line))).toBe(true);
    expect((await send(port, '/dev/throw')).status).toBe(502);

    const slowGateway = await serve({ timeoutSeconds: 10 }, { integrationTimeoutMs: 500 });
    const integration = await send(slowGateway.port, '/dev/sleep?ms=2000');
    expect(integration.status).toBe(504);
    expect(integration.json()).toEqual({ message: 'Endpoint request timed out' });
  }, 30_000);

  it("refuses a request over Lambda's 6 MB synchronous payload with 413, before the function", async () => {
    const { port } = await serve({ binarySupport: false });
    const sevenMb = Buffer.alloc(7 * 1024 * 1024, 'a');
    const answer = await send(port, '/dev/upload', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: sevenMb });
    expect(answer.status).toBe(413);
    expect(reached(answer)).toBe(false);
    // the same without a Content-Length (chunked)
    const chunked = await send(port, '/dev/upload', { method: 'POST', headers: { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' }, body: sevenMb });
    expect(chunked.status).toBe(413);
    // a body just under 6 MB whose event (base64 with binary media types) is over it
    const { port: binaryPort } = await serve({ binarySupport: true });
    const fiveMb = Buffer.alloc(5 * 1024 * 1024, 1);
    const binary = await send(binaryPort, '/dev/upload', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: fiveMb });
    expect(binary.status).toBe(413);
    // the control: a body that fits arrives whole
    const oneMb = Buffer.alloc(1024 * 1024, 'b');
    const fits = await send(port, '/dev/upload', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: oneMb });
    expect(fits.status).toBe(200);
    expect(fits.json().bodySha256).toBe(createHash('sha256').update(oneMb).digest('hex'));
  }, 60_000);

  it('keeps memory bounded under 20 concurrent 9 MB uploads', async () => {
    const { port } = await serve();
    const nineMb = Buffer.alloc(9 * 1024 * 1024, 'z');
    const before = process.memoryUsage().arrayBuffers;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    }, 5);
    try {
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => send(port, '/dev/upload', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: nineMb })),
      );
      expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 20 }, () => 413));
    } finally {
      clearInterval(sampler);
    }
    // the uploads themselves share one 9 MB buffer; the gateway may add a little per connection
    expect((peak - before) / 1024 / 1024).toBeLessThan(40);
  }, 60_000);
});

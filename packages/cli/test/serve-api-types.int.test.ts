/**
 * `tsappa serve` of `apiType: "http"` and `"url"` stages (test/fixtures/serve-api-types): the
 * app answers at the root in payload 2.0 (no stage in the path), two Set-Cookie headers arrive
 * as two headers, a binary body goes both ways byte for byte, and each type's auth keeps out
 * who it should: unsigned requests on IAM stages, requests without a bearer token on a JWT one,
 * and what a REQUEST authorizer with simple responses refuses. A Function URL with
 * responseStreaming is answered as the app writes.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFixture, type ServedFixture } from './support/serve-fixture.js';
import { Sha256 } from './support/node-sha256.js';
import { readStreamed } from './support/streamed-body.js';

const IAM = { accessKeyId: 'AKIDAPITYPES', secretAccessKey: 'api/types+secret' };
const REGION = 'us-east-1';

async function rootOf(served: ServedFixture): Promise<string> {
  const match = await served.waitFor(/ is served at (http:\/\/127\.0\.0\.1:\d+)\//, 60_000);
  return match[1]!;
}

/** A GET signed as the AWS SDK signs for an HTTP API (`execute-api`) or a Function URL (`lambda`). */
async function signedGet(url: string, service: 'execute-api' | 'lambda') {
  const u = new URL(url);
  const signer = new SignatureV4({ credentials: IAM, region: REGION, service, sha256: Sha256 });
  const signed = await signer.sign({ method: 'GET', protocol: u.protocol, hostname: u.hostname, port: Number(u.port), path: u.pathname, query: {}, headers: { host: u.host } });
  const headers = Object.fromEntries(Object.entries(signed.headers).filter(([k]) => k !== 'host'));
  return fetch(url, { headers });
}

const token = (claims: Record<string, unknown>) => ['e30', Buffer.from(JSON.stringify(claims)).toString('base64url'), 'sig'].join('.');

describe('tsappa serve of HTTP API and Function URL stages', () => {
  const served: Record<string, ServedFixture> = {};
  const url: Record<string, string> = {};
  const previous = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

  beforeAll(async () => {
    process.env.AWS_ACCESS_KEY_ID = IAM.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = IAM.secretAccessKey;
    for (const stage of ['http', 'url', 'http_iam', 'url_iam', 'http_jwt', 'http_auth', 'url_stream']) served[stage] = serveFixture('serve-api-types', [], stage);
    await Promise.all(Object.entries(served).map(async ([stage, s]) => (url[stage] = await rootOf(s))));
  }, 180_000);

  afterAll(async () => {
    process.env.AWS_ACCESS_KEY_ID = previous.id;
    process.env.AWS_SECRET_ACCESS_KEY = previous.secret;
    if (previous.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
    if (previous.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
    await Promise.all(Object.values(served).map((s) => s.stop()));
  });

  for (const stage of ['http', 'url']) {
    it(`${stage}: answers a route at the root from a payload 2.0 event`, async () => {
      const res = await fetch(`${url[stage]}/quotes/today?x=1`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ url: '/quotes/today?x=1', version: '2.0', rawPath: '/quotes/today', authorizer: null });
    });

    it(`${stage}: two cookies arrive as two Set-Cookie headers`, async () => {
      const res = await fetch(`${url[stage]}/cookies`);
      expect(res.status).toBe(204);
      expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT', 'b=2; Path=/']);
    });

    it(`${stage}: a binary body goes there and back byte for byte`, async () => {
      const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      const res = await fetch(`${url[stage]}/echo-bytes`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    });
  }

  for (const [stage, service, other] of [['http_iam', 'execute-api', 'lambda'], ['url_iam', 'lambda', 'execute-api']] as const) {
    it(`${stage}: refuses an unsigned request and one signed for ${other} (403), admits one signed for ${service}`, async () => {
      const unsigned = await fetch(`${url[stage]}/whoami`);
      expect(unsigned.status).toBe(403);
      expect((await signedGet(`${url[stage]}/whoami`, other)).status).toBe(403);
      const signed = await signedGet(`${url[stage]}/whoami`, service);
      expect(signed.status).toBe(200);
      expect(served[stage]!.output).toContain(`IAM: sign with access key ${IAM.accessKeyId} (SigV4, service ${service}, region ${REGION})`);
      const body = (await signed.json()) as { authorizer: { iam: { accessKey: string } } };
      expect(body.authorizer.iam.accessKey).toBe(IAM.accessKeyId);
    });
  }

  it('url_stream: a Function URL with responseStreaming answers as the app writes (the first line is read before the last is written)', async () => {
    const res = await fetch(`${url.url_stream}/stream`);
    expect(res.status).toBe(200);
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const { text, firstReadAt } = await readStreamed(res);
    const writtenAt = Number(/last written at (\d+)/.exec(text)?.[1]);
    expect(text.startsWith('first\n')).toBe(true);
    expect(firstReadAt).toBeLessThan(writtenAt);
  });

  it('http_jwt: refuses a request without a bearer token (401) or with a token for another audience, admits a valid one with its claims', async () => {
    expect((await fetch(`${url.http_jwt}/whoami`)).status).toBe(401);
    const claims = { iss: 'https://issuer.example.com', aud: 'web', sub: 'alice', exp: Math.floor(Date.now() / 1000) + 600 };
    const other = await fetch(`${url.http_jwt}/whoami`, { headers: { authorization: `Bearer ${token({ ...claims, aud: 'mobile' })}` } });
    expect(other.status).toBe(401);
    const ok = await fetch(`${url.http_jwt}/whoami`, { headers: { authorization: `Bearer ${token(claims)}` } });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { authorizer: unknown }).authorizer).toEqual({ jwt: { claims, scopes: null } });
  });

  it('http_auth: the REQUEST authorizer (simple responses) admits one token with its context, refuses another (403) and a request without one (401)', async () => {
    expect((await fetch(`${url.http_auth}/whoami`)).status).toBe(401);
    expect((await fetch(`${url.http_auth}/whoami`, { headers: { authorization: 'Bearer keep-out' } })).status).toBe(403);
    const ok = await fetch(`${url.http_auth}/whoami`, { headers: { authorization: 'Bearer let-me-in' } });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { authorizer: unknown }).authorizer).toEqual({ lambda: { user: 'alice', level: 3 } });
  });
});

import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { generateCredentials, isSigned, parseExpires, verifySigV4, type LocalCredentials } from './sigv4.js';
import { Sha256 } from '../../test/support/node-sha256.js';

const creds: LocalCredentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local/secret+key' };

/** Signs like the AWS SDK does and returns what the server would receive. */
async function signed(
  options: {
    method?: string;
    path?: string;
    query?: Record<string, string>;
    headers?: Record<string, string>;
    body?: string;
    region?: string;
    service?: string;
    presign?: boolean;
    date?: Date;
    expiresIn?: number;
  } = {},
) {
  const signer = new SignatureV4({
    credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey },
    region: options.region ?? 'eu-west-1',
    service: options.service ?? 'execute-api',
    sha256: Sha256,
  });
  const request = {
    method: options.method ?? 'GET',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: 8000,
    path: options.path ?? '/dev/quote',
    query: options.query ?? {},
    headers: { host: '127.0.0.1:8000', 'content-type': 'application/json', ...options.headers } as Record<string, string>,
    body: options.body,
  };
  const out = options.presign
    ? await signer.presign(request, { signingDate: options.date ?? new Date(), expiresIn: options.expiresIn ?? 60 })
    : await signer.sign(request, { signingDate: options.date ?? new Date() });
  const query = Object.entries(out.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return {
    method: out.method,
    url: out.path + (query ? `?${query}` : ''),
    rawHeaders: Object.entries(out.headers).flat(),
    body: Buffer.from(options.body ?? ''),
  };
}

describe('verifySigV4', () => {
  it('accepts a request signed by the AWS SDK signer', async () => {
    const request = await signed({ query: { type: 'daily', b: 'x y' } });
    expect(isSigned(request)).toBe(true);
    expect(verifySigV4(request, [creds], 'eu-west-1')).toMatchObject({ ok: true, credentials: { accessKeyId: 'AKIDLOCAL' } });
  });

  it('accepts a signed POST with a body and a path needing encoding', async () => {
    const request = await signed({ method: 'POST', path: '/dev/items/a b', body: '{"a":1}' });
    request.url = request.url.replace('a b', 'a%20b');
    expect(verifySigV4(request, [creds], 'eu-west-1').ok).toBe(true);
  });

  it('accepts a presigned URL', async () => {
    const request = await signed({ presign: true, query: { q: '1' } });
    expect(request.url).toContain('X-Amz-Signature=');
    expect(verifySigV4(request, [creds], 'eu-west-1').ok).toBe(true);
  });

  it('refuses an unsigned request with Missing Authentication Token', () => {
    const outcome = verifySigV4({ method: 'GET', url: '/dev/quote', rawHeaders: ['Host', 'x'], body: Buffer.alloc(0) }, [creds], 'eu-west-1');
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.answer.statusCode).toBe(403);
    expect(JSON.parse(outcome.answer.body.toString())).toEqual({ message: 'Missing Authentication Token' });
  });

  it('refuses a tampered request, a wrong secret, an unknown key, another region or service', async () => {
    const tampered = await signed({ query: { type: 'daily' } });
    tampered.url = tampered.url.replace('daily', 'random');
    const check = (r: Awaited<ReturnType<typeof signed>>, c: LocalCredentials[] = [creds]) => {
      const outcome = verifySigV4(r, c, 'eu-west-1');
      return outcome.ok ? 'ok' : (JSON.parse(outcome.answer.body.toString()) as { message: string }).message;
    };
    expect(check(tampered)).toMatch(/signature we calculated does not match/);
    expect(check(await signed(), [{ ...creds, secretAccessKey: 'other' }])).toMatch(/signature we calculated does not match/);
    expect(check(await signed(), [{ ...creds, accessKeyId: 'OTHER' }])).toBe('The security token included in the request is invalid.');
    expect(check(await signed({ region: 'us-east-1' }))).toMatch(/scoped to a valid region/);
    expect(check(await signed({ service: 's3' }))).toMatch(/correct service: 'execute-api'/);
  });

  it('refuses a signature older than five minutes', async () => {
    const old = await signed({ date: new Date(Date.now() - 10 * 60 * 1000) });
    const outcome = verifySigV4(old, [creds], 'eu-west-1');
    expect(outcome.ok || outcome.reason).toMatch(/^Signature expired/);
  });

  const message = (outcome: ReturnType<typeof verifySigV4>) =>
    outcome.ok ? 'ok' : (JSON.parse(outcome.answer.body.toString()) as { message: string }).message;

  it('checks the payload hash against the body received, whatever x-amz-content-sha256 says', async () => {
    const request = await signed({ method: 'POST', body: '{"amount":1}' });
    expect(verifySigV4(request, [creds], 'eu-west-1').ok).toBe(true);
    const swapped = { ...request, body: Buffer.from('{"amount":1000}') };
    expect(message(verifySigV4(swapped, [creds], 'eu-west-1'))).toMatch(/x-amz-content-sha256 header does not match/);
    const headerless = { ...swapped, rawHeaders: request.rawHeaders.filter((_, i, all) => all[i - (i % 2)] !== 'x-amz-content-sha256') };
    expect(message(verifySigV4(headerless, [creds], 'eu-west-1'))).toMatch(/signature we calculated does not match/);
  });

  it('refuses UNSIGNED-PAYLOAD, in a header or a presigned URL', async () => {
    const header = await signed({ method: 'POST', body: 'x', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    expect(verifySigV4(header, [creds], 'eu-west-1').ok).toBe(false);
    const url = await signed({ presign: true, headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    expect(verifySigV4({ ...url, rawHeaders: ['host', '127.0.0.1:8000'] }, [creds], 'eu-west-1').ok).toBe(false);
  });

  it('reads X-Amz-Expires as an integer from 1 to 604800 only', () => {
    expect(parseExpires('1')).toBe(1);
    expect(parseExpires('604800')).toBe(604800);
    for (const text of ['0', '604801', '99999999', 'abc', '', '-1', '1e3', '60.5', ' 60', '0x10']) expect(parseExpires(text)).toBeNull();
  });

  it('measures a presigned URL from X-Amz-Date and refuses one dated over 15 minutes ahead', async () => {
    const now = Date.now();
    const weekOld = await signed({ presign: true, date: new Date(now - 604_000_000), expiresIn: 604800 });
    expect(verifySigV4(weekOld, [creds], 'eu-west-1', now).ok).toBe(true);
    expect(message(verifySigV4(weekOld, [creds], 'eu-west-1', now + 2_000_000))).toMatch(/^Signature expired/);
    const ahead = await signed({ presign: true, date: new Date(now + 16 * 60_000) });
    expect(message(verifySigV4(ahead, [creds], 'eu-west-1', now))).toMatch(/^Signature not yet current/);
    expect(verifySigV4(ahead, [creds], 'eu-west-1', now + 2 * 60_000).ok).toBe(true);
  });

  it('signs the path received: no dot segments or doubled slashes resolved, %2F kept apart from /', async () => {
    const request = await signed({ path: '/dev/quote' });
    for (const path of ['/dev//quote', '/dev/x/../quote', '/dev/./quote']) {
      expect(message(verifySigV4({ ...request, url: path }, [creds], 'eu-west-1'))).toMatch(/signature we calculated does not match/);
    }
    const encoded = await signed({ path: '/dev/files/a%2Fb' });
    expect(verifySigV4(encoded, [creds], 'eu-west-1').ok).toBe(true);
    expect(verifySigV4({ ...encoded, url: '/dev/files/a/b' }, [creds], 'eu-west-1').ok).toBe(false);
  });

  it('generates usable local credentials', () => {
    const generated = generateCredentials();
    expect(generated.accessKeyId).toMatch(/^AKIALOCAL[A-Z2-7]{11}$/);
    expect(generated.secretAccessKey.length).toBeGreaterThanOrEqual(40);
  });
});

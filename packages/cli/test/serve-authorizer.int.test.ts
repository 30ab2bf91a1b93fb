/**
 * `tsappa serve` of stages whose authorizer is given by arn (test/fixtures/serve-authorizer):
 * another function, which cannot run locally, so serve answers for it as the user names it
 * (`authorizer.local` or `--authorizer`), and with nothing named refuses every request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFixture, type ServedFixture } from './support/serve-fixture.js';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:company-auth';

async function get(url: string, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { headers: token ? { authorization: token } : {} });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
}

describe('tsappa serve with an authorizer given by arn', () => {
  const served: ServedFixture[] = [];
  let unset: ServedFixture;
  let allowed: ServedFixture;
  let denied: ServedFixture;
  let local: ServedFixture;
  beforeAll(async () => {
    unset = serveFixture('serve-authorizer', [], 'arn_unset');
    allowed = serveFixture('serve-authorizer', [], 'arn_allow');
    denied = serveFixture('serve-authorizer', ['--authorizer', 'deny'], 'arn_unset');
    local = serveFixture('serve-authorizer', [], 'arn_function');
    served.push(unset, allowed, denied, local);
    await Promise.all([unset.started('arn_unset'), allowed.started('arn_allow'), denied.started('arn_unset'), local.started('arn_function')]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(served.map((s) => s.stop()));
  });

  it('with nothing named, refuses every request with a 500 and says once what to set', async () => {
    for (const token of ['Bearer let-me-in', 'Bearer anything']) {
      const res = await get(`${unset.url}/whoami`, token);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ message: null });
    }
    expect(unset.output).toContain(`authorizer ${ARN} cannot run locally, so every request to the stage is refused (500): set "authorizer": { "local": "allow" | "deny"`);
    expect(unset.output.split('cannot run locally').length - 1).toBe(1);
    await unset.waitFor(/GET \/arn_unset\/whoami 500 \d+ms \(authorizer error: authorizer\.arn is not run locally; set authorizer\.local or pass --authorizer\)/);
  });

  it('"allow" (authorizer.local) lets requests with a token through, with a principal; none without one', async () => {
    const res = await get(`${allowed.url}/whoami`, 'Bearer anything');
    expect(res.status).toBe(200);
    expect(res.body.authorizer).toMatchObject({ principalId: 'tsappa-serve' });
    expect((await get(`${allowed.url}/whoami`)).status).toBe(401);
    expect(allowed.output).toContain(`authorizer ${ARN} is answered locally with a fixed allow for every method (authorizer.local)`);
  });

  it('--authorizer deny refuses every request with an explicit deny', async () => {
    const res = await get(`${denied.url}/whoami`, 'Bearer let-me-in');
    expect(res).toEqual({ status: 403, body: { message: 'User is not authorized to access this resource with an explicit deny' } });
    expect(denied.output).toContain('answered locally with a fixed deny');
  });

  it('a function of the project answers as the authorizer: one token allowed with its context, another denied, none 401', async () => {
    const ok = await get(`${local.url}/whoami`, 'Bearer let-me-in');
    expect(ok.status).toBe(200);
    // API Gateway passes the context on with every value a string
    expect(ok.body.authorizer).toMatchObject({ principalId: 'alice', team: 'quotes', level: '3' });
    expect(await get(`${local.url}/whoami`, 'Bearer keep-out')).toEqual({ status: 403, body: { message: 'User is not authorized to access this resource with an explicit deny' } });
    expect(await get(`${local.url}/whoami`, 'Bearer who-knows')).toEqual({ status: 401, body: { message: 'Unauthorized' } });
    expect(local.output).toContain(`authorizer ${ARN} is answered locally by src/local-auth.ts:authorize (authorizer.local), packaged into the local build only`);
  });

  it('refuses --authorizer on a stage whose authorizer is not given by arn, and a value it cannot read', async () => {
    const run = (stage: string, value: string) => {
      const proc = serveFixture('serve-authorizer', ['--authorizer', value], stage);
      served.push(proc);
      return proc.exited.then((code) => ({ code, output: proc.output }));
    };
    const own = await run('own_function', 'allow');
    expect(own.code).not.toBe(0);
    expect(own.output).toContain('--authorizer is for a stage whose authorizer is given by arn; stage own_function has an authorizer.function, which serve runs as it is');
    const bad = await run('arn_unset', 'yes please');
    expect(bad.code).not.toBe(0);
    expect(bad.output).toContain('--authorizer wants allow, deny or a function of the project "path/to/module.ts:exportName", not "yes please"');
  }, 60_000);
});

import type { ResolvedSettings } from '@tsappa/templates';
import { describe, expect, it } from 'vitest';
import { SettingsError } from '../settings/errors.js';
import { resolveStage } from '../settings/resolve.js';
import { arnAuthorizerLambda, describeArnAuthorizer, parseAuthorizerFlag, withLocalAuthorizer } from './arn-authorizer.js';
import { LocalAuthorizer } from './authorizer.js';
import type { ProxyEvent } from './proxy-event.js';

const FILE = '/project/tsappa.json';
const ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:auth';
const BASE = { app: 'src/app.ts:app', awsRegion: 'eu-west-1', projectName: 'quote-api' };

async function resolve(authorizer: Record<string, unknown>): Promise<ResolvedSettings> {
  const stage = await resolveStage({ file: FILE, projectDir: '/project', contents: { dev: { ...BASE, authorizer } } }, 'dev');
  return stage.settings;
}

async function problems(authorizer: Record<string, unknown>): Promise<string[]> {
  try {
    await resolve(authorizer);
  } catch (error) {
    if (error instanceof SettingsError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

const api = { region: 'eu-west-1', accountId: '000000000000', apiId: 'local', stage: 'dev' };
function request(token?: string): ProxyEvent {
  return {
    httpMethod: 'GET',
    path: '/quote',
    resource: '/{proxy+}',
    headers: token ? { Authorization: token } : {},
    multiValueHeaders: token ? { Authorization: [token] } : {},
    requestContext: {},
  } as unknown as ProxyEvent;
}

describe('authorizer.local (settings)', () => {
  it('takes "allow", "deny" or a function reference, with an arn', async () => {
    expect((await resolve({ arn: ARN, local: 'allow' })).authorizer?.local).toBe('allow');
    expect((await resolve({ arn: ARN, local: 'deny' })).authorizer?.local).toBe('deny');
    expect((await resolve({ arn: ARN, local: { function: 'src/auth.ts:authorize' } })).authorizer?.local).toEqual({ function: 'src/auth.ts:authorize' });
    expect((await resolve({ arn: ARN })).authorizer?.local).toBeUndefined();
  });

  it('refuses anything else, naming the setting and what it expects', async () => {
    for (const local of ['yes', true, 3]) {
      expect(await problems({ arn: ARN, local })).toEqual([expect.stringMatching(/^authorizer\.local: expected "allow", "deny" or \{ "function": "path\/to\/module\.ts:exportName" \}/)]);
    }
    expect(await problems({ arn: ARN, local: { function: 'src/auth.ts:not valid' } })).toEqual([
      'authorizer.local.function: expected a function reference "path/to/module.ts:exportName", found "src/auth.ts:not valid"',
    ]);
    expect(await problems({ arn: ARN, local: { function: 'src/auth.ts:a', extra: 1 } })).toEqual(['authorizer.local.extra: unknown key']);
  });

  it('refuses it beside an authorizer.function, which serve runs already', async () => {
    expect(await problems({ function: 'src/auth.ts:authorize', local: 'allow' })).toEqual([
      'authorizer.local: expected "local" only with "arn": an authorizer.function already runs in tsappa serve',
    ]);
  });
});

describe('--authorizer', () => {
  it('takes allow, deny or a function of the project', () => {
    expect(parseAuthorizerFlag('allow')).toBe('allow');
    expect(parseAuthorizerFlag('deny')).toBe('deny');
    expect(parseAuthorizerFlag('src/auth.ts:authorize')).toEqual({ function: 'src/auth.ts:authorize' });
    expect(parseAuthorizerFlag('src/auth.ts')).toEqual({ function: 'src/auth.ts:default' });
    expect(() => parseAuthorizerFlag('src/auth.ts:no such')).toThrow(/--authorizer wants allow, deny or a function of the project "path\/to\/module\.ts:exportName", not "src\/auth\.ts:no such"/);
  });
});

describe('what answers for an arn authorizer', () => {
  it('a local function becomes the authorizer.function of the local build; the flag wins over the setting', async () => {
    const settings = await resolve({ arn: ARN, local: 'deny' });
    const served = withLocalAuthorizer(settings, { function: 'src/auth.ts:authorize' });
    expect(served.authorizer).toMatchObject({ function: 'src/auth.ts:authorize', arn: ARN });
    expect(arnAuthorizerLambda(served)).toBeNull(); // the stage's function answers
    expect(withLocalAuthorizer(settings).authorizer).toMatchObject({ function: null, local: 'deny' });
  });

  it('leaves a function authorizer alone', async () => {
    const settings = await resolve({ function: 'src/auth.ts:authorize' });
    expect(withLocalAuthorizer(settings, 'allow')).toBe(settings);
  });

  it('"allow" lets a request with a token through, still 401 without one', async () => {
    const settings = withLocalAuthorizer(await resolve({ arn: ARN, local: 'allow' }));
    const authorizer = new LocalAuthorizer(settings.authorizer!, arnAuthorizerLambda(settings)!, api);
    expect(await authorizer.authorize(request('Bearer anything'))).toMatchObject({ allowed: true, authorizer: { principalId: 'tsappa-serve' } });
    expect(await authorizer.authorize(request())).toMatchObject({ allowed: false, answer: { statusCode: 401 } });
  });

  it('"deny" refuses every request with an explicit deny (403)', async () => {
    const settings = withLocalAuthorizer(await resolve({ arn: ARN }), 'deny');
    const authorizer = new LocalAuthorizer(settings.authorizer!, arnAuthorizerLambda(settings)!, api);
    const decision = await authorizer.authorize(request('Bearer anything'));
    expect(decision).toMatchObject({ allowed: false, answer: { statusCode: 403 } });
    if (!decision.allowed) expect(JSON.parse(decision.answer.body.toString())).toEqual({ message: 'User is not authorized to access this resource with an explicit deny' });
  });

  it('with nothing set, every request is refused with a 500, never let through', async () => {
    const settings = withLocalAuthorizer(await resolve({ arn: ARN }));
    const authorizer = new LocalAuthorizer(settings.authorizer!, arnAuthorizerLambda(settings)!, api);
    for (const token of ['Bearer anything', 'Bearer another']) {
      const decision = await authorizer.authorize(request(token));
      expect(decision).toMatchObject({ allowed: false, answer: { statusCode: 500 } });
      if (!decision.allowed) expect(decision.reason).toMatch(/authorizer\.arn is not run locally; set authorizer\.local or pass --authorizer/);
    }
    expect(describeArnAuthorizer(ARN, null)).toBe(
      `authorizer ${ARN} cannot run locally, so every request to the stage is refused (500): set "authorizer": { "local": "allow" | "deny" | { "function": "path/to/module.ts:exportName" } } in the settings, or pass --authorizer allow|deny|path/to/module.ts:exportName`,
    );
  });
});

/**
 * `apiType` and `jwtAuthorizer`: settings an API type does not support are refused, each
 * naming the setting, the file and the types that do support it.
 */
import { describe, expect, it } from 'vitest';
import { formatProblem, SettingsError } from './errors.js';
import { resolveDev } from './__fixtures__/dev-stage.js';

const JWT = { issuer: 'https://issuer.example.com', audience: ['web'] };

async function problems(stage: Record<string, unknown>): Promise<string[]> {
  try {
    await resolveDev(stage);
  } catch (error) {
    if (error instanceof SettingsError) return error.problems.map((p) => formatProblem(p, '/'));
    throw error;
  }
  return [];
}

describe('apiType', () => {
  it('defaults to rest, without a JWT authorizer', async () => {
    const { settings } = await resolveDev({});
    expect(settings.apiType).toBe('rest');
    expect(settings.jwtAuthorizer).toBeNull();
  });

  it('takes http with a JWT authorizer, and url', async () => {
    expect((await resolveDev({ apiType: 'http', jwtAuthorizer: JWT })).settings).toMatchObject({ apiType: 'http', jwtAuthorizer: JWT });
    expect((await resolveDev({ apiType: 'url', iamAuthorization: true, responseStreaming: true })).settings.apiType).toBe('url');
  });

  it('refuses an unknown type, naming the ones there are', async () => {
    expect(await problems({ apiType: 'websocket' })).toEqual([expect.stringMatching(/^project\/tsappa\.json: stage "dev": apiType: expected one of "rest", "http", "url", found "websocket"/)]);
  });

  const refused: [string, Record<string, unknown>, string][] = [
    ['apiKeyRequired', { apiType: 'http', apiKeyRequired: true }, 'expected apiType "rest" (the API types that support it), found apiType "http"'],
    ['apiKey', { apiType: 'url', apiKeyRequired: false, apiKey: 'k1' }, 'expected apiType "rest" (the API types that support it), found apiType "url"'],
    ['usagePlan', { apiType: 'http', usagePlan: { quota: { limit: 5, period: 'DAY' } } }, 'expected apiType "rest"'],
    ['cacheClusterEnabled', { apiType: 'http', cacheClusterEnabled: true }, 'expected apiType "rest"'],
    ['cacheClusterTtl', { apiType: 'url', cacheClusterTtl: 60 }, 'expected apiType "rest"'],
    ['endpointConfiguration', { apiType: 'http', endpointConfiguration: 'PRIVATE', vpcEndpointIds: ['vpce-0a1b'] }, 'expected apiType "rest" (the API types that support it), found apiType "http" (an HTTP API is always REGIONAL'],
    ['vpcEndpointIds', { apiType: 'http', endpointConfiguration: 'PRIVATE', vpcEndpointIds: ['vpce-0a1b'] }, 'expected apiType "rest"'],
    ['binarySupport', { apiType: 'url', binarySupport: false }, 'found apiType "url" (HTTP APIs and Function URLs always pass binary bodies base64-encoded)'],
    ['authorizer', { apiType: 'url', authorizer: { function: 'src/auth.ts:check', type: 'REQUEST' } }, 'expected apiType "rest" or "http" (the API types that support it), found apiType "url" (a Function URL has no authorizers'],
    ['jwtAuthorizer', { jwtAuthorizer: JWT }, 'expected apiType "http" (the API types that support it), found apiType "rest"'],
    ['jwtAuthorizer', { apiType: 'url', jwtAuthorizer: JWT }, 'expected apiType "http" (the API types that support it), found apiType "url"'],
    ['responseStreaming', { apiType: 'http', responseStreaming: true }, 'expected apiType "rest" or "url"'],
    ['throttle', { apiType: 'url', throttle: { rateLimit: 5, burstLimit: 5 } }, 'expected apiType "rest" or "http"'],
    ['executionLogging', { apiType: 'http', executionLogging: 'INFO' }, 'expected apiType "rest"'],
    ['domain', { apiType: 'url', domain: 'api.example.com', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' }, 'expected apiType "rest"'],
  ];
  for (const [setting, stage, message] of refused) {
    it(`refuses ${setting} on apiType ${String(stage.apiType ?? 'rest')}, naming the file and the types that support it`, async () => {
      const found = await problems(stage);
      expect(found.filter((p) => p.startsWith(`project/tsappa.json: stage "dev": ${setting}: `))).toEqual([expect.stringContaining(message)]);
    });
  }

  it('does not count defaults it cannot use: a plain url stage resolves', async () => {
    expect(await problems({ apiType: 'url' })).toEqual([]);
    expect(await problems({ apiType: 'http', endpointConfiguration: 'REGIONAL' })).toEqual([]);
  });

  it('refuses a TOKEN authorizer on http', async () => {
    expect(await problems({ apiType: 'http', authorizer: { function: 'src/auth.ts:check' } })).toEqual([
      expect.stringMatching(/^project\/tsappa\.json: stage "dev": authorizer\.type: expected "REQUEST" on apiType "http"/),
    ]);
  });

  it('refuses a JWT authorizer beside another authorization', async () => {
    expect(await problems({ apiType: 'http', iamAuthorization: true, jwtAuthorizer: JWT })).toContainEqual(
      expect.stringContaining('jwtAuthorizer: expected one authorization type, found jwtAuthorizer and iamAuthorization'),
    );
  });

  it('refuses a JWT authorizer without an https issuer or an audience', async () => {
    const found = await problems({ apiType: 'http', jwtAuthorizer: { issuer: 'issuer.example.com', audience: [] } });
    expect(found).toContainEqual(expect.stringMatching(/jwtAuthorizer\.issuer: expected the token issuer's https URL/));
    expect(found).toContainEqual(expect.stringMatching(/jwtAuthorizer\.audience: expected at least 1 item/));
  });
});

describe('apiType "http" with a custom domain', () => {
  it('takes a certificate in the stage region (an HTTP API domain is regional) and refuses one in us-east-1 for a eu-west-1 stage', async () => {
    expect(await problems({ apiType: 'http', domain: 'api.example.com', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' })).toEqual([]);
    expect(await problems({ apiType: 'http', domain: 'api.example.com', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' })).toEqual([
      expect.stringMatching(/certificateArn: expected a certificate in the stage's region eu-west-1 for a REGIONAL domain, found one in us-east-1/),
    ]);
  });
});

describe('the timeout warning', () => {
  it("is not given for a url stage, which waits as long as the function", async () => {
    const { warnings } = await resolveDev({ apiType: 'url', timeoutSeconds: 600 });
    expect(warnings.filter((w) => w.path === 'timeoutSeconds')).toEqual([]);
  });

  it('is still given for a REST stage past 29 s', async () => {
    const { warnings } = await resolveDev({ timeoutSeconds: 600 });
    expect(warnings.filter((w) => w.path === 'timeoutSeconds')).toHaveLength(1);
  });
});

import { existsSync, realpathSync } from 'node:fs';
import { cp, mkdtemp, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedSettings } from '@tsappa/templates';

/**
 * A complete ResolvedSettings with the spec's defaults, for the packager's tests (until the
 * settings resolver is available to them). `overrides` replaces whole keys.
 */
export function testSettings(projectDir: string, overrides: Partial<ResolvedSettings> = {}): ResolvedSettings {
  return {
    stage: 'dev',
    configFile: join(projectDir, 'tsappa.json'),
    projectDir,
    app: 'src/app.ts:app',
    projectName: 'fixture-app',
    awsRegion: 'us-east-1',
    profile: null,
    runtime: 'nodejs22.x',
    architecture: 'x86_64',
    memorySize: 512,
    timeoutSeconds: 30,
    ephemeralStorage: 512,
    s3Bucket: null,
    bundle: true,
    external: [],
    exclude: [],
    include: [],
    slimHandler: false,
    environmentVariables: {},
    remoteEnv: null,
    layers: [],
    tags: {},
    logRetentionDays: 30,
    role: null,
    extraPolicies: [],
    exceptionHandler: null,
    resources: {},
    apiGateway: true,
    endpointConfiguration: 'EDGE',
    vpcEndpointIds: [],
    binarySupport: true,
    cors: false,
    cacheClusterEnabled: false,
    cacheClusterSize: '0.5',
    cacheClusterTtl: 300,
    cacheClusterEncrypted: false,
    responseStreaming: false,
    apiKeyRequired: false,
    apiKey: null,
    usagePlan: null,
    iamAuthorization: false,
    authorizer: null,
    keepWarm: true,
    keepWarmExpression: 'rate(4 minutes)',
    events: [],
    asyncSource: 'lambda',
    asyncResources: true,
    asyncResponseTable: 'fixture-app-dev-tasks',
    taskModules: [],
    deadLetterArn: null,
    deadLetter: false,
    xrayTracing: false,
    vpcConfig: null,
    domain: null,
    certificateArn: null,
    certificate: null,
    hostedZoneId: null,
    basePath: '',
    ...overrides,
  };
}

/** The packager's fixture apps (`test/fixtures/package-*`). */
export const FIXTURES_DIR = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));

/**
 * Copies a fixture app to a fresh directory outside the repository (so nothing resolves through
 * the repo's node_modules) and turns its committed `fake_modules/` into `node_modules/`.
 */
export async function copyFixture(name: string): Promise<string> {
  const dir = await mkdtemp(join(realpathSync(tmpdir()), `tsappa-${name}-`));
  await cp(join(FIXTURES_DIR, name), dir, { recursive: true });
  if (existsSync(join(dir, 'fake_modules'))) await rename(join(dir, 'fake_modules'), join(dir, 'node_modules'));
  return dir;
}

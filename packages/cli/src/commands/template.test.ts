import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../../test/run-cli.js';

const FIXTURE = fileURLToPath(new URL('../../test/fixtures/serve-project', import.meta.url));
const SCRATCH = fileURLToPath(new URL('../../test/.tsappa', import.meta.url));

const made: string[] = [];

function project(overrides: Record<string, unknown> = {}): string {
  // inside the workspace (gitignored .tsappa/), so the fixture's imports resolve
  mkdirSync(SCRATCH, { recursive: true });
  const dir = mkdtempSync(join(SCRATCH, 'template-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const settings = JSON.parse(readFileSync(join(dir, 'tsappa.json'), 'utf8')) as { dev: Record<string, unknown> };
  writeFileSync(join(dir, 'tsappa.json'), JSON.stringify({ dev: { ...settings.dev, ...overrides } }));
  made.push(dir);
  return dir;
}

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

describe('tsappa template', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    // no AWS account: credentials resolution fails at once
    for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_ENDPOINT_URL']) delete process.env[key];
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent';
    process.env.AWS_CONFIG_FILE = '/nonexistent';
  });
  afterEach(() => {
    process.env = { ...saved };
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('prints the stage template with the packaged artifact', async () => {
    const dir = project({ s3Bucket: 'my-deployments' });
    const run = await runCli(['template', 'dev'], dir);
    expect(run.code, run.stderr).toBe(0);
    const template = JSON.parse(run.stdout) as Template;
    const fn = template.Resources.Function;
    expect(fn?.Type).toBe('AWS::Lambda::Function');
    expect(fn?.Properties.Code).toEqual({ S3Bucket: 'my-deployments', S3Key: expect.stringMatching(/^serve-project-dev-[0-9a-f]+\.zip$/) });
    expect(Object.values(template.Resources).map((r) => r.Type)).toContain('AWS::ApiGateway::RestApi');
  });

  it('writes YAML to a file with -o', async () => {
    const dir = project({ s3Bucket: 'my-deployments' });
    const run = await runCli(['template', 'dev', '--format', 'yaml', '-o', 'stack.yaml'], dir);
    expect(run.code, run.stderr).toBe(0);
    const template = parse(readFileSync(join(dir, 'stack.yaml'), 'utf8')) as Template;
    expect(template.Resources.Function?.Type).toBe('AWS::Lambda::Function');
  });

  it('renders without an AWS account, naming the placeholder account it used', async () => {
    const dir = project();
    const run = await runCli(['template', 'dev', '--json'], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/tsappa-000000000000-us-east-1/);
    const template = JSON.parse(run.stdout) as Template;
    expect((template.Resources.Function?.Properties.Code as { S3Bucket: string }).S3Bucket).toBe('tsappa-000000000000-us-east-1');
  });
});

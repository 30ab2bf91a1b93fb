import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../../test/run-cli.js';
import { parseAwsEndpoint, parseScheduleOverrides, persistDirectory } from './serve.js';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/serve-project');

describe('parseScheduleOverrides', () => {
  it('reads NAME=EXPRESSION pairs', () => {
    expect(parseScheduleOverrides(['keep-warm=rate(5 seconds)', 'tick = cron(0/5 * * * ? *)'])).toEqual({
      'keep-warm': 'rate(5 seconds)',
      tick: 'cron(0/5 * * * ? *)',
    });
    expect(parseScheduleOverrides()).toEqual({});
    expect(() => parseScheduleOverrides(['rate(5 seconds)'])).toThrow('--schedule wants NAME=EXPRESSION');
    expect(() => parseScheduleOverrides(['tick='])).toThrow('--schedule wants NAME=EXPRESSION');
  });
});

describe('--aws-endpoint and --persist', () => {
  it('takes an emulator URL and refuses anything else, saying what was expected', () => {
    expect(parseAwsEndpoint('http://localhost:4566/')).toBe('http://localhost:4566');
    expect(parseAwsEndpoint(undefined)).toBeUndefined();
    expect(() => parseAwsEndpoint('localhost:4566')).toThrow('--aws-endpoint wants an http:// or https:// URL, not "localhost:4566"');
    expect(() => parseAwsEndpoint('not a url')).toThrow('--aws-endpoint wants the URL of an AWS emulator');
  });

  it('keeps the data in .tsappa/<stage>-dynamodb with a bare --persist, or in the folder given', () => {
    expect(persistDirectory('', '/app', 'dev')).toBe('/app/.tsappa/dev-dynamodb');
    expect(persistDirectory('/data/db', '/app', 'dev')).toBe('/data/db');
    expect(persistDirectory('db', '/app', 'dev')).toBe(join(process.cwd(), 'db'));
    expect(persistDirectory(undefined, '/app', 'dev')).toBeUndefined();
  });
});

describe('tsappa serve', () => {
  it('has help with examples', async () => {
    const printed: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
    let code: number;
    try {
      ({ code } = await runCli(['serve', '--help'], FIXTURE));
    } finally {
      spy.mockRestore();
    }
    const stdout = printed.join('\n');
    expect(code).toBe(0);
    expect(stdout).toContain('--port');
    expect(stdout).toContain('--no-schedules');
    expect(stdout).toContain('tsappa serve dev');
    expect(stdout).toContain('curl http://127.0.0.1:8000/dev/');
    expect(stdout).toMatch(/extracted outside the\s+project/);
  });

  it('refuses a bad port and a bad --schedule', async () => {
    expect((await runCli(['serve', 'dev', '--port', '70000'], FIXTURE)).code).toBe(2);
    const bad = await runCli(['serve', 'dev', '--schedule', 'nope', '--port', '0'], FIXTURE);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('NAME=EXPRESSION');
  });

  it('refuses a declared table it cannot create, naming the setting (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsappa-serve-cmd-'));
    try {
      cpSync(FIXTURE, dir, { recursive: true });
      const settings = JSON.parse(readFileSync(join(dir, 'tsappa.json'), 'utf8')) as { dev: Record<string, unknown> };
      settings.dev.resources = { Data: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: { 'Fn::ImportValue': 'shared-table' } } } };
      writeFileSync(join(dir, 'tsappa.json'), JSON.stringify(settings));
      const run = await runCli(['serve', 'dev', '--port', '0', '--no-watch'], dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('resources.Data.Properties.TableName: expected Ref, Fn::GetAtt, Fn::Sub or Fn::Join (what tsappa serve resolves locally), found Fn::ImportValue');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails with exit code 1, naming the stage, when the first build fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsappa-serve-cmd-'));
    try {
      cpSync(FIXTURE, dir, { recursive: true });
      writeFileSync(join(dir, 'src', 'app.ts'), 'export const app = ;\n');
      const run = await runCli(['serve', 'dev', '--port', '0', '--no-watch'], dir);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('cannot build dev:');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

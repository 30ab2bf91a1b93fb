import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../../test/run-cli.js';

function project(settings: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsappa-cli-'));
  writeFileSync(join(dir, 'tsappa.json'), JSON.stringify(settings));
  return dir;
}

describe('tsappa settings', () => {
  it('prints the resolved stage with every default, as YAML or --json', async () => {
    const dir = project({ dev: { app: 'src/app.ts:app', awsRegion: 'ap-south-1', projectName: 'quote-api' } });
    const text = await runCli(['settings', 'dev'], dir);
    expect(text.code).toBe(0);
    expect(parse(text.stdout)).toMatchObject({ stage: 'dev', memorySize: 512, keepWarmExpression: 'rate(4 minutes)' });
    const json = await runCli(['settings', '--json'], dir);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ stage: 'dev', awsRegion: 'ap-south-1', runtime: 'nodejs24.x' });
  });

  it('prints one line per problem and exits 2', async () => {
    const dir = project({
      dev: { app: 'src/app.ts:app', awsRegion: 'us-east-1', memorysize: 1024, timeoutSeconds: 'thirty' },
      a: { extends: 'b', app: 'x.js' },
      b: { extends: 'a' },
    });
    const run = await runCli(['settings', 'dev'], dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n').map((line) => stripVTControlCharacters(line));
    expect(lines).toEqual([
      'error tsappa.json: stage "dev": memorysize: unknown key (did you mean "memorySize"?)',
      'error tsappa.json: stage "dev": timeoutSeconds: expected a number, found "thirty"',
      'error tsappa.json: stage "a": extends: expected a chain without cycles, found the cycle "a" -> "b" -> "a"',
    ]);
    const json = await runCli(['settings', 'dev', '--json'], dir);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).problems).toHaveLength(3);
  });

  it('prints warnings on stderr, keeping stdout clean', async () => {
    const dir = project({ dev: { app: 'a.js', awsRegion: 'us-east-1', timeoutSeconds: 120 } });
    const run = await runCli(['settings', '--json'], dir);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).timeoutSeconds).toBe(120);
    expect(run.stderr).toContain("above API Gateway's 29 s");
  });

  it('exits 2 without a settings file, pointing at init', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsappa-cli-'));
    const run = await runCli(['settings'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('run "tsappa init"');
  });
});

describe('tsappa (global behaviour)', () => {
  it('exits 2 on unknown commands and flags', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsappa-cli-'));
    expect((await runCli(['deploi'], dir)).code).toBe(2);
    expect((await runCli(['settings', '--colour'], dir)).code).toBe(2);
    expect((await runCli([], dir)).code).toBe(1); // a bare tsappa prints the command list, exit 1 like git and npm
  });

  it('prints help for every registered command', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsappa-cli-'));
    for (const command of ['init', 'settings']) {
      const run = await runCli([command, '--help'], dir);
      expect(run.code).toBe(0);
    }
  });

  it('takes --config to pick the settings file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsappa-cli-'));
    writeFileSync(join(dir, 'staging.json'), JSON.stringify({ staging: { app: 'a.js', awsRegion: 'eu-west-1' } }));
    const run = await runCli(['settings', '--config', 'staging.json', '--json'], dir);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).stage).toBe('staging');
  });
});

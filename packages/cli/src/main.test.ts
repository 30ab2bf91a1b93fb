import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../test/run-cli.js';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
const dir = mkdtempSync(join(tmpdir(), 'tsappa-main-'));

/** yargs prints --help and --version with console.log. */
function captureConsoleLog(): () => string {
  const printed: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void printed.push(parts.join(' ')));
  return () => printed.join('\n');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('tsappa --version', () => {
  it("prints the tsappa package's version", async () => {
    const printed = captureConsoleLog();
    const run = await runCli(['--version'], dir);
    expect(run.code).toBe(0);
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(printed().trim()).toBe(manifest.version);
  });
});

describe('a bare tsappa', () => {
  it('prints the command list on stdout, as --help does, and exits 1 like git and npm', async () => {
    const bare = await runCli([], dir);
    const printed = captureConsoleLog();
    await runCli(['--help'], dir);
    expect(bare.code).toBe(1);
    expect(bare.stdout).toMatch(/Commands:/);
    expect(bare.stdout.trim()).toBe(printed().trim());
    expect(bare.stderr).toBe('');
  });

  it('says so in the help', async () => {
    const printed = captureConsoleLog();
    await runCli(['--help'], dir);
    expect(printed()).toMatch(/1 failure \(and a bare "tsappa", which prints this list\)/);
  });

  it('with only global flags is still bare', async () => {
    const run = await runCli(['--verbose'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/tsappa deploy \[stage\]/);
  });

  it('answers --json with one JSON document', async () => {
    const run = await runCli(['--json'], dir);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, exitCode: 1 });
  });
});

describe('a misspelled flag', () => {
  it('is a usage error with a "did you mean" among the command\'s own options', async () => {
    const run = await runCli(['package', 'dev', '--analyse'], dir);
    expect(run.code).toBe(2);
    // picocolors colours the output when CI is set: compare the text
    const stderr = stripVTControlCharacters(run.stderr);
    expect(stderr).toMatch(/^error unknown option --analyse \(did you mean --analyze\?\)$/m);
    expect(run.stderr).toMatch(/run "tsappa package --help" for the options it takes/);
  });

  it('is matched against global options too, before any command runs', async () => {
    const run = await runCli(['settings', '--verbsoe'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown option --verbsoe \(did you mean --verbose\?\)/);
  });

  it('keeps a --no- negation', async () => {
    const run = await runCli(['tail', 'dev', '--no-folow'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown option --no-folow \(did you mean --no-follow\?\)/);
  });

  it('without a command is still named, not answered with the command list', async () => {
    const run = await runCli(['--jsno'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown option --jsno \(did you mean --json\?\)/);
  });

  it('leaves a misspelled command to yargs\' own suggestion', async () => {
    const run = await runCli(['packag'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Did you mean package\?/);
  });
});

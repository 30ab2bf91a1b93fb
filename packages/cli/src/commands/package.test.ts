import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { createContext, type GlobalOptions } from '../cli/context.js';
import { copyFixture } from '../../test/support/test-settings.js';
import { zipNames } from '../../test/support/test-zip.js';
import { sink } from '../../test/run-cli.js';
import { packageCommand } from './package.js';

/** Runs `tsappa package ...` with just this command registered. */
async function run(args: string[], cwd: string) {
  const stdout = sink();
  const stderr = sink();
  const makeContext = (options: GlobalOptions) => createContext(options, { cwd, stdout, stderr, interactive: false });
  await yargs(args)
    .option('json', { type: 'boolean', default: false })
    .option('quiet', { type: 'boolean', default: false })
    .option('verbose', { type: 'boolean', default: false })
    .option('yes', { type: 'boolean', default: false })
    .option('config', { type: 'string' })
    .command(packageCommand(makeContext) as never)
    .strict()
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new Error(message);
    })
    .parseAsync();
  return { stdout: stdout.text, stderr: stderr.text };
}

describe('tsappa package', () => {
  it('prints the path, sizes, sha256, entries and, with --analyze, the biggest entries', async () => {
    const dir = await copyFixture('package-basic');
    await writeFile(join(dir, 'tsappa.json'), JSON.stringify({ dev: { app: 'src/app.ts:app', awsRegion: 'us-east-1', projectName: 'basic' } }));
    const text = await run(['package', 'dev', '--analyze', '--install', 'copy'], dir);
    expect(text.stdout).toMatch(/^package {3}\.tsappa\/basic-dev-[0-9a-f]{16}\.zip$/m);
    expect(text.stdout).toMatch(/^handler {3}tsappa-entry\.handler$/m);
    expect(text.stdout).toMatch(/^size {6}[\d.]+ KB zipped, [\d.]+ KB unzipped, \d+ entries$/m);
    expect(text.stdout).toMatch(/^sha256 {4}[0-9a-f]{64}$/m);
    expect(text.stdout).toMatch(/^native {4}native-addon@1\.0\.0/m);
    expect(text.stdout).toContain('biggest entries:');
    expect(text.stderr).toContain('packaged dev');

    const json = await run(['package', '-o', 'out/dev.zip', '--json', '--install', 'copy'], dir);
    const result = JSON.parse(json.stdout) as { path: string; sha256: string; entryCount: number };
    expect(result.path).toBe(join(dir, 'out', 'dev.zip'));
    expect(zipNames(result.path)).toHaveLength(result.entryCount);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../../test/run-cli.js';

/** yargs prints help with console.log: capture it. */
async function help(args: string[]): Promise<{ code: number; stdout: string }> {
  const printed: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void printed.push(parts.join(' ')));
  try {
    const { code } = await runCli(args, process.cwd());
    return { code, stdout: printed.join('\n') };
  } finally {
    spy.mockRestore();
  }
}

describe('diff and update --dry-run', () => {
  it('diff is listed in the main help and has examples', async () => {
    expect((await help(['--help'])).stdout).toMatch(/tsappa diff \[stage\]/);
    const run = await help(['diff', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Examples:/);
    expect(run.stdout).toMatch(/change set that is created and deleted again/);
  });

  it('update documents --dry-run', async () => {
    const run = await help(['update', '--help']);
    expect(run.stdout).toMatch(/--dry-run/);
    expect(run.stdout).toMatch(/UPDATE_COMPLETE/);
  });
});

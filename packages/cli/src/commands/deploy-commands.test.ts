import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../../test/run-cli.js';
import { invokeTarget } from './invoke.js';

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

const COMMANDS = ['deploy', 'update', 'undeploy', 'status', 'rollback', 'tail', 'invoke', 'schedule', 'unschedule', 'certify'];

describe('the AWS commands', () => {
  it.each(COMMANDS)('%s has --help with examples', async (name) => {
    const run = await help([name, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`tsappa ${name}`));
    expect(run.stdout).toMatch(/Examples:/);
  });

  it('are listed in the main help', async () => {
    const run = await help(['--help']);
    for (const name of COMMANDS) expect(run.stdout).toMatch(new RegExp(`tsappa ${name}\\b`));
  });

  it('undeploy documents its flags', async () => {
    const run = await help(['undeploy', '--help']);
    expect(run.stdout).toMatch(/--remove-logs/);
    expect(run.stdout).toMatch(/--purge-artifacts/);
  });
});

describe('invoke arguments', () => {
  it('reads a lone function reference as the function, the stage left out', () => {
    expect(invokeTarget('src/schedulers.ts:setQuoteOfTheDay', undefined)).toEqual({ stage: undefined, fn: 'src/schedulers.ts:setQuoteOfTheDay' });
    expect(invokeTarget('dev', 'src/schedulers.ts:setQuoteOfTheDay')).toEqual({ stage: 'dev', fn: 'src/schedulers.ts:setQuoteOfTheDay' });
    expect(invokeTarget('dev', undefined)).toEqual({ stage: 'dev', fn: undefined }); // with --raw
    expect(invokeTarget(undefined, undefined)).toEqual({ stage: undefined, fn: undefined });
  });
});

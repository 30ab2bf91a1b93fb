/**
 * Test support: `tsappa serve` on a fresh copy of a fixture project (test/fixtures/<fixture>),
 * with `@tsappa/runtime` linked into the copy's node_modules; the copy goes when it stops.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, cliEnv, Served } from './served.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const CLI = join(HERE, '..', '..');
const RUNTIME = join(CLI, '..', 'runtime');

/** A served fixture copy: stopping it removes the copy too. */
export class ServedFixture extends Served {
  constructor(
    proc: ChildProcess,
    /** the project copy it serves */
    readonly dir: string,
  ) {
    super(proc);
  }

  override async stop(): Promise<number | null> {
    const code = await super.stop();
    rmSync(this.dir, { recursive: true, force: true });
    return code;
  }
}

/** `tsappa serve <stage>` in a fresh copy of `test/fixtures/<fixture>` (no watching, no schedules). */
export function serveFixture(fixture: string, args: string[] = [], stage = 'dev'): ServedFixture {
  if (!existsSync(join(CLI, 'dist', 'commands', 'serve.js'))) throw new Error('build the CLI first: npm run build -w tsappa (the test runs the real bin)');
  const dir = mkdtempSync(join(tmpdir(), `tsappa-${fixture}-`));
  cpSync(join(HERE, '..', 'fixtures', fixture), dir, { recursive: true });
  mkdirSync(join(dir, 'node_modules', '@tsappa'), { recursive: true });
  symlinkSync(RUNTIME, join(dir, 'node_modules', '@tsappa', 'runtime'), 'dir');
  const proc = spawn(process.execPath, [BIN, 'serve', stage, '--port', '0', '--no-watch', '--no-schedules', ...args], { cwd: dir, env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  return new ServedFixture(proc, dir);
}

/**
 * Test support: one `tsappa serve` process run as a user runs it (the built bin,
 * packages/cli/bin/tsappa.js, so the CLI must be built), with everything it printed, the URL it
 * serves and its console's, stopped with Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/tsappa.js', import.meta.url));

/** The environment of a child tsappa process: this one's, quiet and colourless. */
export const cliEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  FORCE_COLOR: '0',
  ...extra,
});

export class Served {
  output = '';
  /** e.g. http://127.0.0.1:41234/dev, once started */
  url = '';
  /** e.g. http://127.0.0.1:41234/_tsappa/, once started */
  consoleUrl = '';
  readonly exited: Promise<number | null>;

  constructor(readonly proc: ChildProcess) {
    const collect = (chunk: Buffer) => {
      this.output += chunk.toString();
    };
    proc.stdout?.on('data', collect);
    proc.stderr?.on('data', collect);
    // 'close': the process is gone and everything it printed has been read
    this.exited = new Promise((resolve) => proc.on('close', (code) => resolve(code)));
  }

  /** `tsappa serve <stage> --port 0 <args>` in `cwd`. */
  static serve(cwd: string, stage: string, args: string[] = [], extraEnv: Record<string, string> = {}): Served {
    return new Served(spawn(process.execPath, [BIN, 'serve', stage, '--port', '0', ...args], { cwd, env: cliEnv(extraEnv), stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  /** Resolves with the first match of `pattern` in the output (stdout and stderr). */
  async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.output);
      if (match) return match;
      if (this.proc.exitCode !== null) throw new Error(`tsappa serve exited (${this.proc.exitCode}) before printing ${pattern}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output so far:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Waits until the stage is served (and notes its console's URL, when it has one). */
  async started(stage = 'dev'): Promise<this> {
    const match = await this.waitFor(new RegExp(`${stage} is served at (http://127\\.0\\.0\\.1:\\d+/${stage})/`), 60_000);
    this.url = match[1] as string;
    const console = /console: (http:\/\/127\.0\.0\.1:\d+\/_tsappa\/)/.exec(this.output);
    this.consoleUrl = console?.[1] ?? '';
    return this;
  }

  /** Ctrl-C, as a user stops it. */
  async stop(): Promise<number | null> {
    if (this.proc.exitCode === null) this.proc.kill('SIGINT');
    return this.exited;
  }
}

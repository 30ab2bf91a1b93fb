/**
 * Test support: `tsappa serve` run as a user runs it (the built bin, packages/cli/bin/tsappa.js,
 * so the CLI must be built), in a project directory, on a free port, stopped with Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/tsappa.js', import.meta.url));

export class ServedStage {
  output = '';
  /** e.g. http://127.0.0.1:41234/dev, once started */
  url = '';
  private readonly exited: Promise<number | null>;

  private constructor(private readonly proc: ChildProcess) {
    const collect = (chunk: Buffer) => (this.output += chunk.toString());
    proc.stdout?.on('data', collect);
    proc.stderr?.on('data', collect);
    this.exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
  }

  /** Starts `tsappa serve <stage> --port 0 --no-watch --no-schedules` in `cwd` and waits until it serves. */
  static async start(cwd: string, stage = 'dev', timeoutMs = 120_000): Promise<ServedStage> {
    const proc = spawn(process.execPath, [BIN, 'serve', stage, '--port', '0', '--no-watch', '--no-schedules'], {
      cwd,
      env: { ...process.env, FORCE_COLOR: '0', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const served = new ServedStage(proc);
    const pattern = new RegExp(`${stage} is served at (http://127\\.0\\.0\\.1:\\d+/${stage})/`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(served.output);
      if (match) {
        served.url = match[1] as string;
        return served;
      }
      if (proc.exitCode !== null) throw new Error(`tsappa serve exited (${proc.exitCode}) before serving:\n${served.output}`);
      if (Date.now() > deadline) {
        await served.stop();
        throw new Error(`tsappa serve did not start within ${timeoutMs} ms:\n${served.output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<number | null> {
    if (this.proc.exitCode === null) this.proc.kill('SIGINT');
    return this.exited;
  }
}

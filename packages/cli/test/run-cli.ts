/** Runs the CLI in-process with captured stdout/stderr, for tests. */
import { Writable } from 'node:stream';
import { main } from '../src/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A stream that keeps what is written to it, in `text`. */
export function sink(): Writable & { text: string } {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      stream.text += chunk.toString();
      callback();
    },
  }) as Writable & { text: string };
  stream.text = '';
  return stream;
}

export async function runCli(args: string[], cwd: string): Promise<CliRun> {
  const stdout = sink();
  const stderr = sink();
  const code = await main(args, { cwd, stdout, stderr, interactive: false });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/**
 * Where output goes. The command's result goes to stdout: JSON with `--json` (one document),
 * text otherwise. Progress, logs and warnings go to stderr, so stdout stays clean to pipe.
 */
import pc from 'picocolors';

export interface OutputOptions {
  json: boolean;
  quiet: boolean;
  verbose: boolean;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

export class Output {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  private readonly out: NodeJS.WritableStream;
  private readonly err: NodeJS.WritableStream;

  constructor(options: OutputOptions) {
    this.json = options.json;
    this.quiet = options.quiet;
    this.verbose = options.verbose;
    this.out = options.stdout ?? process.stdout;
    this.err = options.stderr ?? process.stderr;
  }

  /** A progress or log line (stderr); silenced by --quiet. */
  info(message: string): void {
    if (!this.quiet) this.err.write(`${message}\n`);
  }

  /** A success line (stderr); silenced by --quiet. */
  success(message: string): void {
    if (!this.quiet) this.err.write(`${pc.green('✔')} ${message}\n`);
  }

  /** A warning (stderr); never silenced. */
  warn(message: string): void {
    this.err.write(`${pc.yellow('warning')} ${message}\n`);
  }

  /** An error line (stderr). */
  error(message: string): void {
    this.err.write(`${pc.red('error')} ${message}\n`);
  }

  /** Detail for --verbose (stderr). */
  debug(message: string): void {
    if (this.verbose) this.err.write(`${pc.dim(message)}\n`);
  }

  /** The command's result: `data` as JSON with --json, else the text `human` renders. */
  result(data: unknown, human: () => string): void {
    if (this.json) {
      this.out.write(`${JSON.stringify(data, null, 2)}\n`);
      return;
    }
    const text = human();
    if (text) this.out.write(text.endsWith('\n') ? text : `${text}\n`);
  }
}

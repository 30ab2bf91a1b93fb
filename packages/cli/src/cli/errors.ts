/** Errors that carry their exit code: 1 failure, 2 usage or settings error. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
    /** what to do about it, printed after the message */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A usage problem: bad arguments, a refused prompt without a TTY. Exit code 2. */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, 2, hint);
    this.name = 'UsageError';
  }
}

/**
 * `tsappa` named no command: the command list is printed and the exit code is 1, as git and npm
 * do when run bare.
 */
export class NoCommandError extends CliError {
  constructor() {
    super('name a command: tsappa <command> [stage] [options]', 1);
    this.name = 'NoCommandError';
  }
}

/** What every command gets: the global flags, the output and the prompter. */
import { Output } from './output.js';
import { createPrompter, type Prompter } from './prompt.js';

export interface GlobalOptions {
  config?: string | undefined;
  json: boolean;
  yes: boolean;
  quiet: boolean;
  verbose: boolean;
}

export interface CommandContext {
  cwd: string;
  options: GlobalOptions;
  output: Output;
  prompter: Prompter;
}

export interface ContextOverrides {
  cwd?: string;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  interactive?: boolean;
}

export function createContext(options: GlobalOptions, overrides: ContextOverrides = {}): CommandContext {
  return {
    cwd: overrides.cwd ?? process.cwd(),
    options,
    output: new Output({ json: options.json, quiet: options.quiet, verbose: options.verbose, stdout: overrides.stdout, stderr: overrides.stderr }),
    prompter: createPrompter({ yes: options.yes, ...(overrides.interactive === undefined ? {} : { interactive: overrides.interactive }) }),
  };
}

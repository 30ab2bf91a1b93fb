/**
 * The tsappa command line: yargs, the global flags, and the mapping from errors to exit codes
 * (0 success, 1 failure, 2 usage or settings error).
 */
import yargs from 'yargs';
import { silenceSdkNodeVersionWarning } from './aws/clients.js';
import { createContext, type ContextOverrides, type GlobalOptions } from './cli/context.js';
import { CliError, NoCommandError, UsageError } from './cli/errors.js';
import { Output } from './cli/output.js';
import { describeUnknownFlags, findUnknownFlags, namedIn, type KnownOptions } from './cli/unknown-options.js';
import { cliVersion } from './cli/version.js';
import { commands } from './commands/index.js';
import { SettingsError, formatProblem } from './settings/index.js';

const EPILOGUE = `Settings live in tsappa.json (written by "tsappa init"), tsappa.config.ts or the "tsappa" key of package.json.
Exit codes: 0 success, 1 failure (and a bare "tsappa", which prints this list), 2 usage or settings error.
Docs: https://github.com/tsappa/tsappa#readme`;

/** yargs' message when no command is named; recognised in .fail() to print the command list instead. */
const NO_COMMAND = 'no command named';

/** The error for a failed yargs validation: misspelled flags get a "did you mean", a bare `tsappa` the command list. */
function usageFailure(message: string, argv: readonly string[], known: KnownOptions, commandNames: ReadonlySet<string>): CliError {
  const noCommand = message === NO_COMMAND;
  const unknown = findUnknownFlags(argv, known).filter((flag) => noCommand || namedIn(message, flag));
  if (unknown.length > 0) {
    const command = argv.find((arg) => commandNames.has(arg));
    return new UsageError(describeUnknownFlags(unknown), `run "tsappa ${command ? `${command} ` : ''}--help" for the options it takes`);
  }
  return noCommand ? new NoCommandError() : new UsageError(message);
}

function buildParser(argv: string[], overrides: ContextOverrides) {
  const makeContext = (options: GlobalOptions) => createContext(options, overrides);
  let parser = yargs(argv)
    .scriptName('tsappa')
    .usage('$0 <command> [stage] [options]\n\nRun any Node web app on AWS Lambda behind API Gateway, one CloudFormation stack per stage.')
    .option('config', { type: 'string', describe: 'settings file to use instead of searching for one', global: true, requiresArg: true })
    .option('json', { type: 'boolean', default: false, describe: 'print one JSON document on stdout (logs go to stderr)', global: true })
    .option('yes', { alias: 'y', type: 'boolean', default: false, describe: 'answer yes to every prompt (never prompts)', global: true })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print only results, warnings and errors', global: true })
    .option('verbose', { type: 'boolean', default: false, describe: 'print more detail, including AWS calls', global: true })
    .check((args) => {
      if (args.quiet && args.verbose) throw new UsageError('--quiet and --verbose cannot be used together');
      return true;
    });
  const commandNames = new Set(['completion']);
  for (const command of commands(makeContext)) {
    parser = parser.command(command);
    commandNames.add(String(command.command).split(' ')[0] ?? '');
  }
  return parser
    .completion('completion', 'Print a shell completion script (bash, zsh): tsappa completion >> ~/.bashrc')
    .demandCommand(1, NO_COMMAND)
    .recommendCommands()
    .strict()
    .help()
    .alias('help', 'h')
    .version(cliVersion())
    .epilogue(EPILOGUE)
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((message, error) => {
      // yargs calls this for its own validation (message) and for errors thrown by handlers.
      if (error) throw error;
      // getOptions() (the failing command's options) is missing from @types/yargs, not from yargs
      const known = (parser as unknown as { getOptions(): KnownOptions }).getOptions();
      throw usageFailure(message, argv, known, commandNames);
    })
    .exitProcess(false);
}

function report(error: unknown, json: boolean, output: Output, cwd: string): number {
  const exitCode = error instanceof SettingsError ? 2 : error instanceof CliError ? error.exitCode : 1;
  if (json) {
    const problems = error instanceof SettingsError ? error.problems : undefined;
    output.result({ ok: false, exitCode, error: (error as Error)?.message ?? String(error), ...(problems ? { problems } : {}) }, () => '');
    return exitCode;
  }
  if (error instanceof SettingsError) {
    for (const problem of error.problems) output.error(formatProblem(problem, cwd));
  } else if (error instanceof CliError) {
    output.error(error.message);
    const hint = error.hint ?? (error instanceof UsageError ? 'run "tsappa --help" for usage' : undefined);
    if (hint) output.info(`  ${hint}`);
  } else {
    output.error((error as Error)?.message ?? String(error));
    if (output.verbose && error instanceof Error && error.stack) output.debug(error.stack);
  }
  return exitCode;
}

/** Runs the CLI with `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: string[], overrides: ContextOverrides = {}): Promise<number> {
  silenceSdkNodeVersionWarning();
  const json = argv.includes('--json');
  const output = new Output({ json, quiet: false, verbose: argv.includes('--verbose'), stderr: overrides.stderr, stdout: overrides.stdout });
  const parser = buildParser(argv, overrides);
  try {
    await parser.parseAsync();
    return 0;
  } catch (error) {
    if (error instanceof NoCommandError && !json) {
      // like git and npm run bare: the command list on stdout, exit code 1
      const help = await parser.getHelp();
      output.result(null, () => help);
      return error.exitCode;
    }
    return report(error, json, output, overrides.cwd ?? process.cwd());
  }
}

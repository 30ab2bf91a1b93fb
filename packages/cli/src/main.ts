/**
 * The tsappa command line: yargs, the global flags, and the mapping from errors to exit codes
 * (0 success, 1 failure, 2 usage or settings error).
 */
import yargs from 'yargs';
import { silenceSdkNodeVersionWarning } from './aws/clients.js';
import { createContext, type ContextOverrides, type GlobalOptions } from './cli/context.js';
import { CliError, UsageError } from './cli/errors.js';
import { Output } from './cli/output.js';
import { commands } from './commands/index.js';
import { SettingsError, formatProblem } from './settings/index.js';

const EPILOGUE = `Settings live in tsappa.json (written by "tsappa init"), tsappa.config.ts or the "tsappa" key of package.json.
Docs: https://github.com/tsappa/tsappa#readme`;

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
  for (const command of commands(makeContext)) parser = parser.command(command);
  return parser
    .completion('completion', 'Print a shell completion script (bash, zsh): tsappa completion >> ~/.bashrc')
    .demandCommand(1, 'Name a command: see the list above.')
    .recommendCommands()
    .strict()
    .help()
    .alias('help', 'h')
    .version()
    .epilogue(EPILOGUE)
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((message, error) => {
      // yargs calls this for its own validation (message) and for errors thrown by handlers.
      if (error) throw error;
      throw new UsageError(message);
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
  try {
    await buildParser(argv, overrides).parseAsync();
    return 0;
  } catch (error) {
    return report(error, json, output, overrides.cwd ?? process.cwd());
  }
}

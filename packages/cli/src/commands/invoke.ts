import type { Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import { loadStageFor } from '../cli/stage.js';
import { STAGE_NAME } from '../settings/index.js';
import { invokePayload, invokeStage } from '../deploy/invoke.js';
import { stageClients } from '../deploy/stage-clients.js';
import type { MakeContext } from './types.js';

interface InvokeArgs extends GlobalOptions {
  stage?: string;
  function?: string;
  raw?: string;
  args?: string;
}

/**
 * `invoke src/jobs.ts:run` with the stage left out: a function reference is never a stage name
 * (those have no ":" "/" or "."), so a lone one is the function.
 */
export function invokeTarget(stage: string | undefined, fn: string | undefined): { stage: string | undefined; fn: string | undefined } {
  if (stage !== undefined && fn === undefined && !STAGE_NAME.test(stage)) return { stage: undefined, fn: stage };
  return { stage, fn };
}

export function invokeCommand(makeContext: MakeContext): CommandModule<GlobalOptions, InvokeArgs> {
  return {
    command: 'invoke [stage] [function]',
    describe: 'Run a function (module:export, or a task name) or send a raw event in the deployed Lambda; prints its result and log tail',
    builder: (yargs: Argv<GlobalOptions>) =>
      yargs
        .positional('stage', { type: 'string', describe: 'the stage (optional when the settings hold exactly one; give it before a task name)' })
        .positional('function', { type: 'string', describe: 'module:export (e.g. src/schedulers.ts:setQuoteOfTheDay) or a task name' })
        .option('raw', { type: 'string', describe: 'send this JSON event as is instead of calling a function', requiresArg: true })
        .option('args', { type: 'string', describe: 'JSON array of arguments for the function', requiresArg: true })
        .example('$0 invoke dev src/schedulers.ts:setQuoteOfTheDay', 'run a scheduled function now')
        .example(`$0 invoke dev --raw '{"source":"manual"}'`, 'send a raw event')
        .epilogue('The result goes to stdout, the decoded log tail to stderr. A function error exits with 1.') as Argv<InvokeArgs>,
    handler: async (argv) => {
      const ctx = makeContext(argv);
      const { stage, fn } = invokeTarget(argv.stage, argv.function);
      const settings = await loadStageFor(ctx, stage);
      let args: unknown[] = [];
      if (argv.args !== undefined) {
        try {
          const parsed = JSON.parse(argv.args) as unknown;
          args = Array.isArray(parsed) ? parsed : [parsed];
        } catch (error) {
          throw new CliError(`--args is not JSON: ${(error as Error).message}`, 2);
        }
      }
      const payload = invokePayload(fn, argv.raw, args);
      const result = await invokeStage(stageClients(settings), settings, payload);
      if (result.log) ctx.output.info(result.log.trimEnd());
      if (result.functionError) {
        // with --json the error report is the one document on stdout
        if (!ctx.options.json) ctx.output.result(result, () => (typeof result.result === 'string' ? result.result : JSON.stringify(result.result, null, 2)));
        const message = (result.result as { errorMessage?: string } | null)?.errorMessage ?? (typeof result.result === 'string' && result.result ? result.result : result.functionError);
        throw new CliError(`the function failed (${result.functionError}): ${message}`, 1);
      }
      ctx.output.result(result, () => (typeof result.result === 'string' ? result.result : JSON.stringify(result.result, null, 2)));
    },
  };
}

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import { loadStageFor } from '../cli/stage.js';
import { STAGE_NAME } from '../settings/index.js';
import { invokePayload, invokeStage } from '../deploy/invoke.js';
import { stageClients } from '../deploy/stage-clients.js';
import { invokeLocally } from '../serve/local-invoke.js';
import { parseAwsEndpoint, persistDirectory } from './serve.js';
import type { MakeContext } from './types.js';

interface InvokeArgs extends GlobalOptions {
  stage?: string;
  function?: string;
  raw?: string;
  args?: string;
  event?: string;
  local: boolean;
  'aws-endpoint'?: string;
  persist?: string;
}

/** `--event PATH` (or `-`: stdin): the JSON event to send; a relative path is from `cwd`. */
export async function readEventFile(path: string, cwd: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<unknown> {
  let text: string;
  try {
    if (path === '-') {
      const chunks: Buffer[] = [];
      for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
      text = Buffer.concat(chunks).toString('utf8');
    } else {
      text = await readFile(resolve(cwd, path), 'utf8');
    }
  } catch (error) {
    throw new CliError(`--event: cannot read ${path}: ${(error as Error).message}`, 2);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`--event: ${path === '-' ? 'stdin' : path} is not a JSON event: ${(error as Error).message}`, 2, 'print a sample to start from with "tsappa event <kind>"');
  }
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
    describe: 'Run a function (module:export, or a task name) or send any event to the deployed Lambda, or with --local to the package running locally; prints its result and logs',
    builder: (yargs: Argv<GlobalOptions>) =>
      yargs
        .positional('stage', { type: 'string', describe: 'the stage (optional when the settings hold exactly one; give it before a task name)' })
        .positional('function', { type: 'string', describe: 'module:export (e.g. src/schedulers.ts:setQuoteOfTheDay) or a task name' })
        .option('raw', { type: 'string', describe: 'send this JSON event as is instead of calling a function', requiresArg: true })
        .option('args', { type: 'string', describe: 'JSON array of arguments for the function', requiresArg: true })
        .option('event', { type: 'string', requiresArg: true, describe: 'send the JSON event in this file (- reads stdin); samples: "tsappa event <kind>"' })
        .option('local', { type: 'boolean', default: false, describe: 'run the package locally, in the container "tsappa serve" uses, with the declared tables (no AWS account)' })
        .option('aws-endpoint', { type: 'string', requiresArg: true, describe: "with --local: send the function's other AWS calls to this emulator (LocalStack, moto)" })
        .option('persist', { type: 'string', describe: "with --local: use the tables' data kept by \"tsappa serve --persist\" (default folder: .tsappa/<stage>-dynamodb)" })
        .conflicts('event', 'raw')
        .example('$0 invoke dev src/schedulers.ts:setQuoteOfTheDay', 'run a scheduled function now')
        .example(`$0 invoke dev --raw '{"source":"manual"}'`, 'send a raw event')
        .example('$0 event sqs dev > sqs.json && $0 invoke dev --local --event sqs.json', 'send an SQS event to the package, locally')
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
      const payload = argv.event !== undefined ? await readEventFile(argv.event, ctx.cwd) : invokePayload(fn, argv.raw, args);
      const awsEndpoint = parseAwsEndpoint(argv['aws-endpoint']);
      const persistDir = persistDirectory(argv.persist, settings.projectDir, settings.stage);
      if (!argv.local && (awsEndpoint || persistDir)) throw new CliError('--aws-endpoint and --persist go with --local', 2);
      const result = argv.local
        ? await invokeLocally({
            settings,
            event: payload,
            log: (line) => ctx.output.debug(line),
            ...(awsEndpoint ? { awsEndpoint } : {}),
            ...(persistDir ? { persistDir } : {}),
          })
        : await invokeStage(stageClients(settings), settings, payload);
      if ('servedBy' in result && result.servedBy !== null) {
        ctx.output.info(`sent to the running tsappa serve of ${settings.stage} (pid ${String(result.servedBy)}); the function's logs are in its terminal`);
      }
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

import type { Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../cli/context.js';
import { loadStageFor } from '../cli/stage.js';
import { diffStage, formatDiff } from '../deploy/diff.js';
import { reportCalls, stageClients } from '../deploy/stage-clients.js';
import type { MakeContext } from './types.js';

interface DiffArgs extends GlobalOptions {
  stage?: string;
}

/** The handler `diff` and `update --dry-run` share. */
export async function runDiff(makeContext: MakeContext, argv: DiffArgs): Promise<void> {
  const ctx = makeContext(argv);
  const settings = await loadStageFor(ctx, argv.stage);
  const clients = stageClients(settings);
  try {
    const result = await diffStage(ctx, settings, clients);
    ctx.output.result({ ...result, awsCallSummary: clients.callSummary() }, () => formatDiff(result));
  } finally {
    reportCalls(ctx.output, clients);
  }
}

export function diffCommand(makeContext: MakeContext): CommandModule<GlobalOptions, DiffArgs> {
  return {
    command: 'diff [stage]',
    describe: 'Show what "tsappa update" would change (code, the live alias, the stack) without changing anything',
    builder: (yargs: Argv<GlobalOptions>) =>
      yargs
        .positional('stage', { type: 'string', describe: 'the stage (optional when the settings hold exactly one)' })
        .example('$0 diff dev', 'what an update of dev would change')
        .example('$0 diff prod --json', 'the same as JSON')
        .epilogue(
          'The stack changes come from a CloudFormation change set that is created and deleted again (replacements are flagged); the code is compared with what the "live" alias serves. ' +
            'The package is built locally and not uploaded; nothing is left behind.',
        ) as Argv<DiffArgs>,
    handler: (argv) => runDiff(makeContext, argv),
  };
}

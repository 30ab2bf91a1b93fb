import type { Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../cli/context.js';
import { loadStageFor } from '../cli/stage.js';
import { formatVersions, rollbackStage } from '../deploy/rollback.js';
import { stageClients } from '../deploy/stage-clients.js';
import type { MakeContext } from './types.js';

interface RollbackArgs extends GlobalOptions {
  stage?: string;
  n: number;
}

export function rollbackCommand(makeContext: MakeContext): CommandModule<GlobalOptions, RollbackArgs> {
  return {
    command: 'rollback [stage]',
    describe: 'Serve the Nth previous published version again (moves the "live" alias)',
    builder: (yargs: Argv<GlobalOptions>) =>
      yargs
        .positional('stage', { type: 'string', describe: 'the stage (optional when the settings hold exactly one)' })
        .option('n', { type: 'number', default: 1, describe: 'how many versions back from the live one', requiresArg: true })
        .example('$0 rollback dev', 'serve the version before the live one')
        .example('$0 rollback prod -n 2', 'go back two versions')
        .epilogue('The rollback lasts until the next "tsappa update": it moves "live" to a new version for new code, or back to the stage\'s current version ("tsappa diff" shows which).') as Argv<RollbackArgs>,
    handler: async (argv) => {
      const ctx = makeContext(argv);
      const settings = await loadStageFor(ctx, argv.stage);
      const result = await rollbackStage(stageClients(settings), settings, argv.n);
      if (result.abandonedRollout) ctx.output.info(`an unfinished rollout sent part of live's traffic to version ${result.abandonedRollout}; it now gets none`);
      ctx.output.success(`${result.functionName}: live moved from version ${result.from} to ${result.to}`);
      ctx.output.result(result, () => `Live: version ${result.to} (was ${result.from})\n${formatVersions(result.versions)}`);
    },
  };
}

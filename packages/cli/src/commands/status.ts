import type { Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../cli/context.js';
import { loadStageFor } from '../cli/stage.js';
import { stageClients } from '../deploy/stage-clients.js';
import { formatStatus, stageStatus } from '../deploy/status.js';
import type { MakeContext } from './types.js';

interface StatusArgs extends GlobalOptions {
  stage?: string;
}

export function statusCommand(makeContext: MakeContext): CommandModule<GlobalOptions, StatusArgs> {
  return {
    command: 'status [stage]',
    describe: 'Show a stage: stack, function, live version, URL, domain, schedules, API key id, DLQ',
    builder: (yargs: Argv<GlobalOptions>) =>
      yargs
        .positional('stage', { type: 'string', describe: 'the stage (optional when the settings hold exactly one)' })
        .example('$0 status dev', 'what is deployed for dev')
        .example('$0 status dev --json', 'the same as JSON') as Argv<StatusArgs>,
    handler: async (argv) => {
      const ctx = makeContext(argv);
      const settings = await loadStageFor(ctx, argv.stage);
      const status = await stageStatus(stageClients(settings), settings);
      ctx.output.result(status, () => formatStatus(status));
    },
  };
}

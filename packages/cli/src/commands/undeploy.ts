import type { Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../cli/context.js';
import { loadStageFor } from '../cli/stage.js';
import { reportCalls, stageClients } from '../deploy/stage-clients.js';
import { undeployStage } from '../deploy/undeploy.js';
import type { MakeContext } from './types.js';

interface UndeployArgs extends GlobalOptions {
  stage?: string;
  removeLogs: boolean;
  purgeArtifacts: boolean;
}

export function undeployCommand(makeContext: MakeContext): CommandModule<GlobalOptions, UndeployArgs> {
  return {
    command: 'undeploy [stage]',
    describe: "Delete a stage's stack (and on request its logs and artifacts); asks unless --yes",
    builder: (yargs: Argv<GlobalOptions>) =>
      yargs
        .positional('stage', { type: 'string', describe: 'the stage (optional when the settings hold exactly one)' })
        .option('remove-logs', { type: 'boolean', default: false, describe: "also delete the function's log group" })
        .option('purge-artifacts', { type: 'boolean', default: false, describe: "also delete the stage's artifacts (every version) from the deployment bucket" })
        .example('$0 undeploy dev', 'delete the dev stack after confirming')
        .example('$0 undeploy dev --yes --remove-logs --purge-artifacts', 'leave nothing of the stage behind, without a prompt') as unknown as Argv<UndeployArgs>,
    handler: async (argv) => {
      const ctx = makeContext(argv);
      const settings = await loadStageFor(ctx, argv.stage);
      const clients = stageClients(settings);
      try {
        const result = await undeployStage(ctx, settings, clients, { removeLogs: argv.removeLogs, purgeArtifacts: argv.purgeArtifacts });
        ctx.output.success(`Undeployed ${result.stack} in ${result.seconds} s`);
        ctx.output.result(result, () =>
          [
            result.deleted ? `Deleted the stack ${result.stack}` : `No stack ${result.stack}`,
            ...(argv.removeLogs ? [result.logGroupDeleted ? 'Deleted the log group' : 'No log group to delete'] : []),
            ...(argv.purgeArtifacts ? [`Deleted ${result.artifactsDeleted} artifact version(s)`] : []),
          ].join('\n'),
        );
      } finally {
        reportCalls(ctx.output, clients);
      }
    },
  };
}

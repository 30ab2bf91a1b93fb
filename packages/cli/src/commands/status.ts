import type { Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../cli/context.js';
import { loadStageFor } from '../cli/stage.js';
import { stageClients } from '../deploy/stage-clients.js';
import { formatStatus, stageStatus } from '../deploy/status.js';
import { formatVerification, verificationFailure, verifyStage } from '../deploy/verify-stage.js';
import type { MakeContext } from './types.js';

interface StatusArgs extends GlobalOptions {
  stage?: string;
  verify?: boolean;
}

export function statusCommand(makeContext: MakeContext): CommandModule<GlobalOptions, StatusArgs> {
  return {
    command: 'status [stage]',
    describe: 'Show a stage: stack, function, live version, URL, domain, schedules, API key id, DLQ; --verify also checks what live serves and the stack\'s drift',
    builder: (yargs: Argv<GlobalOptions>) =>
      yargs
        .positional('stage', { type: 'string', describe: 'the stage (optional when the settings hold exactly one)' })
        .option('verify', {
          type: 'boolean',
          default: false,
          describe:
            'read back what live serves (code, configuration, logging, the API methods\' authorization) against the settings and code, and run CloudFormation drift detection; exits 1 listing what differs',
        })
        .example('$0 status dev', 'what is deployed for dev')
        .example('$0 status dev --json', 'the same as JSON')
        .example('$0 status dev --verify', 'also check that live serves what the settings ask, and that nothing drifted') as Argv<StatusArgs>,
    handler: async (argv) => {
      const ctx = makeContext(argv);
      const settings = await loadStageFor(ctx, argv.stage);
      const clients = stageClients(settings);
      const status = await stageStatus(clients, settings);
      if (!argv.verify) {
        ctx.output.result(status, () => formatStatus(status));
        return;
      }
      const verification = await verifyStage(ctx, settings, clients);
      const failure = verificationFailure(verification, settings.stage);
      // with --json a failure is the one document (the error lists what differs)
      if (!(failure && ctx.options.json)) ctx.output.result({ ...status, ...verification }, () => `${formatStatus(status)}\n${formatVerification(verification)}`);
      if (failure) throw failure;
    },
  };
}

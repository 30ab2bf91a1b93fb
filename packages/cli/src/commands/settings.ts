import type { Argv, CommandModule } from 'yargs';
import { stringify } from 'yaml';
import type { GlobalOptions } from '../cli/context.js';
import { loadStageFor } from '../cli/stage.js';
import type { MakeContext } from './types.js';

interface SettingsArgs extends GlobalOptions {
  stage?: string;
}

export function settingsCommand(makeContext: MakeContext): CommandModule<GlobalOptions, SettingsArgs> {
  return {
    command: 'settings [stage]',
    describe: "Print a stage's resolved settings, every default filled in (or the validation errors, exit 2)",
    builder: (yargs: Argv<GlobalOptions>) =>
      yargs
        .positional('stage', { type: 'string', describe: 'the stage (optional when the settings hold exactly one)' })
        .example('$0 settings dev', 'show the dev stage with every default')
        .example('$0 settings prod --json', 'the same as JSON, for scripts')
        .epilogue(
          'Every key is in the README\'s settings tables. Among the defaults shown: reservedConcurrency none (0 disables the function); ' +
            'artifactRetentionDays 30 (artifacts no stage runs expire 30 days after upload; null keeps them); asyncTopicKmsKey alias/aws/sns; ' +
            'for DynamoDB and Kinesis sources maximumRetryAttempts 3, bisectBatchOnFunctionError true, onFailure "queue" (the stage\'s failure queue); ' +
            'reportBatchItemFailures true for SQS, DynamoDB and Kinesis sources.',
        ) as Argv<SettingsArgs>,
    handler: async (argv) => {
      const ctx = makeContext(argv);
      const settings = await loadStageFor(ctx, argv.stage);
      ctx.output.result(settings, () => stringify(settings, { lineWidth: 0 }));
    },
  };
}

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
        .example('$0 settings prod --json', 'the same as JSON, for scripts') as Argv<SettingsArgs>,
    handler: async (argv) => {
      const ctx = makeContext(argv);
      const settings = await loadStageFor(ctx, argv.stage);
      ctx.output.result(settings, () => stringify(settings, { lineWidth: 0 }));
    },
  };
}

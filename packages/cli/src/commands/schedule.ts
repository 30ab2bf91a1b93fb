import type { Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../cli/context.js';
import { loadStageFor } from '../cli/stage.js';
import { formatRuleChange, setSchedules } from '../deploy/schedules.js';
import { stageClients } from '../deploy/stage-clients.js';
import type { MakeContext } from './types.js';

interface ScheduleArgs extends GlobalOptions {
  stage?: string;
}

function scheduleModule(makeContext: MakeContext, enable: boolean): CommandModule<GlobalOptions, ScheduleArgs> {
  const name = enable ? 'schedule' : 'unschedule';
  return {
    command: `${name} [stage]`,
    describe: enable
      ? "Enable the stage's schedules (keep-warm and events) without a redeploy"
      : "Disable every schedule of the stage (keep-warm and events) without a redeploy",
    builder: (yargs: Argv<GlobalOptions>) =>
      yargs
        .positional('stage', { type: 'string', describe: 'the stage (optional when the settings hold exactly one)' })
        .example(`$0 ${name} dev`, enable ? 'turn the dev schedules back on' : 'pause the dev schedules')
        .epilogue(
          enable
            ? 'Schedules with "enabled": false in the settings stay disabled. Schedules with a timezone, flexibleWindow or dates are EventBridge Scheduler schedules; the others are EventBridge rules. "tsappa status" shows each rule\'s state.'
            : 'The rules and Scheduler schedules stay in the stack; "tsappa schedule" turns them on again. "tsappa status" shows each rule\'s state.',
        ) as Argv<ScheduleArgs>,
    handler: async (argv) => {
      const ctx = makeContext(argv);
      const settings = await loadStageFor(ctx, argv.stage);
      const rules = await setSchedules(stageClients(settings), settings, enable);
      for (const rule of rules.filter((r) => r.state === 'MISSING')) {
        ctx.output.warn(`the ${rule.service === 'scheduler' ? 'Scheduler schedule' : 'rule'} ${rule.rule} does not exist: is the stage deployed?`);
      }
      ctx.output.result({ stage: settings.stage, rules }, () => rules.map(formatRuleChange).join('\n'));
    },
  };
}

export const scheduleCommand = (makeContext: MakeContext) => scheduleModule(makeContext, true);
export const unscheduleCommand = (makeContext: MakeContext) => scheduleModule(makeContext, false);

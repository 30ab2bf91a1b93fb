/** Loading the stage a command works on, with its warnings printed once. */
import type { ResolvedSettings } from '@tsappa/templates';
import { formatProblem, loadStage } from '../settings/index.js';
import type { CommandContext } from './context.js';

export async function loadStageFor(ctx: CommandContext, stage: string | undefined): Promise<ResolvedSettings> {
  const { settings, warnings } = await loadStage({ cwd: ctx.cwd, configPath: ctx.options.config, stage });
  for (const warning of warnings) ctx.output.warn(formatProblem(warning, ctx.cwd));
  return settings;
}

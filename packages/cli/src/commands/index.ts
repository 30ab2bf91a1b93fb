/** Every registered command. A command is registered when it works, not before. */
import type { CommandModule } from 'yargs';
import type { GlobalOptions } from '../cli/context.js';
import { initCommand } from './init.js';
import { settingsCommand } from './settings.js';
import type { MakeContext } from './types.js';

export function commands(makeContext: MakeContext): CommandModule<GlobalOptions, never>[] {
  return [initCommand(makeContext), settingsCommand(makeContext)] as unknown as CommandModule<GlobalOptions, never>[];
}

/** Every registered command. A command is registered when it works, not before. */
import type { CommandModule } from 'yargs';
import type { GlobalOptions } from '../cli/context.js';
import { certifyCommand } from './certify.js';
import { deployCommand } from './deploy.js';
import { eventCommand } from './event.js';
import { diffCommand } from './diff.js';
import { initCommand } from './init.js';
import { invokeCommand } from './invoke.js';
import { packageCommand } from './package.js';
import { rollbackCommand } from './rollback.js';
import { scheduleCommand, unscheduleCommand } from './schedule.js';
import { serveCommand } from './serve.js';
import { settingsCommand } from './settings.js';
import { statusCommand } from './status.js';
import { tailCommand } from './tail.js';
import { templateCommand } from './template.js';
import { undeployCommand } from './undeploy.js';
import { updateCommand } from './update.js';
import type { MakeContext } from './types.js';

export function commands(makeContext: MakeContext): CommandModule<GlobalOptions, never>[] {
  return [
    initCommand(makeContext),
    settingsCommand(makeContext),
    packageCommand(makeContext),
    templateCommand(makeContext),
    deployCommand(makeContext), updateCommand(makeContext), diffCommand(makeContext), undeployCommand(makeContext), statusCommand(makeContext), rollbackCommand(makeContext), scheduleCommand(makeContext), unscheduleCommand(makeContext), tailCommand(makeContext), invokeCommand(makeContext), certifyCommand(makeContext), serveCommand(makeContext), eventCommand(makeContext)] as unknown as CommandModule<GlobalOptions, never>[];
}

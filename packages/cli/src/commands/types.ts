import type { CommandContext, GlobalOptions } from '../cli/context.js';

/** Builds a command's context from its parsed arguments (global flags included). */
export type MakeContext = (argv: GlobalOptions) => CommandContext;

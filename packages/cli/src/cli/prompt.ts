/**
 * Prompts. No prompt ever waits when stdin is not a TTY or `CI` is set: then the default is
 * taken where there is one, and a confirmation without --yes is a usage error.
 */
import { UsageError } from './errors.js';

export function isInteractive(env: NodeJS.ProcessEnv = process.env, stdin: { isTTY?: boolean } = process.stdin): boolean {
  return Boolean(stdin.isTTY) && !env.CI;
}

export interface Prompter {
  readonly interactive: boolean;
  /** a text answer; the default when not interactive */
  text(message: string, defaultValue: string, validate?: (value: string) => true | string): Promise<string>;
  /** yes/no; `--yes` answers yes; not interactive and no --yes: a usage error naming `action` */
  confirm(message: string, action: string): Promise<boolean>;
}

export function createPrompter(options: { yes: boolean; interactive?: boolean }): Prompter {
  const interactive = options.interactive ?? isInteractive();
  return {
    interactive: interactive && !options.yes,
    async text(message, defaultValue, validate) {
      if (options.yes || !interactive) return defaultValue;
      const { input } = await import('@inquirer/prompts');
      return input({ message, default: defaultValue, ...(validate ? { validate } : {}) });
    },
    async confirm(message, action) {
      if (options.yes) return true;
      if (!interactive) {
        throw new UsageError(`refusing to ${action} without confirmation: no terminal to ask on`, 'pass --yes to confirm');
      }
      const { confirm } = await import('@inquirer/prompts');
      return confirm({ message, default: false });
    },
  };
}

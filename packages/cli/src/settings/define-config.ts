import type { StageInput } from './schema.js';

/** The settings of a project: stage name -> stage settings. */
export type TsappaConfig = Record<string, StageInput>;

/**
 * Typed settings for `tsappa.config.ts`:
 *
 * ```ts
 * import { defineConfig } from 'tsappa';
 * export default defineConfig({ dev: { app: 'src/app.ts:app', awsRegion: 'eu-west-1' } });
 * ```
 */
export function defineConfig<const T extends TsappaConfig>(config: T): T {
  return config;
}

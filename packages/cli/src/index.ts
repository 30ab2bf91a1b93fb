/**
 * The programmatic API of the `tsappa` package: typed settings for `tsappa.config.ts`.
 *
 * ```ts
 * import { defineConfig } from 'tsappa';
 * export default defineConfig({ dev: { app: 'src/app.ts:app' } });
 * ```
 */
export { defineConfig, type TsappaConfig, type StageInput } from './settings/index.js';
export type { ResolvedSettings } from '@tsappa/templates';

/** Settings: find the file, validate it, resolve a stage with every default filled in. */
import type { ResolvedSettings } from '@tsappa/templates';
import { readSettingsFile, type SettingsFile } from './load-file.js';
import { resolveStage, type ResolvedStage } from './resolve.js';

export { defineConfig, type TsappaConfig } from './define-config.js';
export { SettingsError, formatProblem, type SettingsProblem } from './errors.js';
export { readSettingsFile, SEARCH_PLACES, type SettingsFile } from './load-file.js';
export { resolveStage, validateStages, pickStage, type ResolvedStage } from './resolve.js';
export { stageSchema, STAGE_KEYS, STAGE_NAME, type StageInput } from './schema.js';
export { normaliseRef, slugify } from './defaults.js';

/** Finds the settings file from `cwd` (or takes `configPath`) and resolves `stage`. */
export async function loadStage(options: { cwd: string; configPath?: string | undefined; stage?: string | undefined }): Promise<ResolvedStage & { file: SettingsFile }> {
  const file = await readSettingsFile(options);
  return { ...(await resolveStage(file, options.stage)), file };
}

/** Resolves settings given as an object (tests, programmatic use). */
export async function resolveSettingsObject(
  contents: Record<string, unknown>,
  stage: string,
  where: { configFile: string; projectDir: string },
): Promise<ResolvedSettings> {
  return (await resolveStage({ file: where.configFile, projectDir: where.projectDir, contents }, stage)).settings;
}

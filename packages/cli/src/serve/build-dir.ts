/**
 * One build of the served stage: the zip `tsappa package` builds, extracted into a task root of
 * its own (see ./lambda-layout.ts). Each rebuild gets a new directory, so containers still
 * running the previous build keep their files until they are gone.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResolvedSettings } from '@tsappa/templates';
import { HANDLER, buildPackage } from '../package/index.js';

export interface Build {
  /** the task root: the extracted zip, the containers' working directory */
  dir: string;
  /** `<dir>/<handler module>.mjs` */
  handlerFile: string;
  handlerExport: string;
  /** `module.export`, as Lambda's `_HANDLER` */
  handler: string;
}

/** The settings serve builds with: slimHandler's app archive is fetched from S3 at cold start; locally the code runs unsplit. */
export function localBuildSettings(settings: ResolvedSettings): ResolvedSettings {
  return settings.slimHandler ? { ...settings, slimHandler: false } : settings;
}

/**
 * Builds the package and extracts it into `dir` (which must not exist yet). On failure nothing
 * is left behind and the packager's error is thrown as is.
 */
export async function buildInto(settings: ResolvedSettings, dir: string, onProgress: (message: string) => void = () => {}): Promise<Build> {
  const zipFile = `${dir}.zip`;
  try {
    const result = await buildPackage(localBuildSettings(settings), { outFile: zipFile, onProgress });
    // loaded on first use: the CLI's other commands never need the runtime
    const { extractZip } = await import('@tsappa/runtime');
    await extractZip(result.path, dir);
    const dot = HANDLER.lastIndexOf('.');
    const [module, handlerExport] = [HANDLER.slice(0, dot), HANDLER.slice(dot + 1)];
    return { dir, handlerFile: join(dir, `${module}.mjs`), handlerExport, handler: HANDLER };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  } finally {
    await rm(zipFile, { force: true });
  }
}

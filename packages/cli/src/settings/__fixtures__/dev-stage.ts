/** The settings tests' project: one file holding a stage `dev` with the least an app needs, plus what a test adds. */
import { resolveStage } from '../resolve.js';

export const FILE = '/project/tsappa.json';
export const BASE = { app: 'src/app.ts:app', awsRegion: 'eu-west-1', projectName: 'quote-api' };

/** Resolves the stage `dev` of {@link FILE}: {@link BASE} with `stage` over it. */
export function resolveDev(stage: Record<string, unknown>): ReturnType<typeof resolveStage> {
  return resolveStage({ file: FILE, projectDir: '/project', contents: { dev: { ...BASE, ...stage } } }, 'dev');
}

/**
 * Resolved settings for tests, built by the real defaults (src/settings/defaults.ts), so test
 * fixtures never drift from what `tsappa settings` prints. `overrides` replaces whole keys.
 */
import { join } from 'node:path';
import type { ResolvedSettings } from '@tsappa/templates';
import { applyDefaults } from '../src/settings/defaults.js';

export function defaultSettings(projectDir: string, overrides: Partial<ResolvedSettings> = {}): ResolvedSettings {
  const stage = overrides.stage ?? 'dev';
  const base = applyDefaults(
    { app: 'src/app.ts:app', projectName: overrides.projectName ?? 'fixture-app' },
    { stage, configFile: join(projectDir, 'tsappa.json'), projectDir, packageName: null, ambientRegion: () => null },
    overrides.awsRegion ?? 'us-east-1',
  );
  return { ...base, ...overrides };
}

import { existsSync, realpathSync } from 'node:fs';
import { cp, mkdtemp, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedSettings } from '@tsappa/templates';
import { defaultSettings } from '../settings.js';

/** A complete ResolvedSettings with the spec's defaults, for the packager's tests. */
export function testSettings(projectDir: string, overrides: Partial<ResolvedSettings> = {}): ResolvedSettings {
  return defaultSettings(projectDir, overrides);
}

/** The packager's fixture apps (`test/fixtures/package-*`). */
export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

/**
 * Copies a fixture app to a fresh directory outside the repository (so nothing resolves through
 * the repo's node_modules) and turns its committed `fake_modules/` into `node_modules/`.
 */
export async function copyFixture(name: string): Promise<string> {
  const dir = await mkdtemp(join(realpathSync(tmpdir()), `tsappa-${name}-`));
  await cp(join(FIXTURES_DIR, name), dir, { recursive: true });
  if (existsSync(join(dir, 'fake_modules'))) await rename(join(dir, 'fake_modules'), join(dir, 'node_modules'));
  return dir;
}

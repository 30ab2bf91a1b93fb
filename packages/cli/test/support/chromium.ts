/**
 * The integration tier's browser: Debian's headless Chromium (`apt-get install -y chromium`,
 * /usr/bin/chromium) driven by playwright-core, which never downloads a browser of its own. One
 * browser per describe block, with a fresh profile in a temp directory removed afterwards.
 *
 * Outside CI a missing /usr/bin/chromium skips the block with a printed reason; under `CI=true`
 * it is a failure, never a silent skip (as test/support/moto.ts does for moto_server).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe } from 'vitest';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export function chromiumAvailable(): { ok: true } | { ok: false; reason: string } {
  if (!existsSync(CHROMIUM_PATH)) return { ok: false, reason: `${CHROMIUM_PATH} is missing (install it with: apt-get install -y chromium)` };
  return { ok: true };
}

export interface RunningChromium {
  /** the browser, on a fresh profile of its own */
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<RunningChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'tsappa-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * `describe` for tests in Chromium: launches it before the block and closes it after.
 * `chromium()` returns the running browser inside tests.
 */
export function describeWithChromium(name: string, body: (chromium: () => RunningChromium) => void): void {
  const availability = chromiumAvailable();
  const missing = () => {
    throw new Error('Chromium is not running');
  };
  if (!availability.ok) {
    if (process.env.CI === 'true' || process.env.CI === '1') {
      describe(name, () => {
        beforeAll(() => {
          throw new Error(`the browser tests are required under CI=true: ${availability.reason}`);
        });
        body(missing);
      });
      return;
    }
    console.warn(`[integration] skipping "${name}": ${availability.reason}`);
    describe.skip(name, () => body(missing));
    return;
  }
  describe(name, () => {
    let running: RunningChromium | undefined;
    beforeAll(async () => {
      running = await launchChromium();
    }, 60_000);
    afterAll(async () => {
      await running?.close();
    });
    body(() => {
      if (!running) throw new Error('Chromium did not start');
      return running;
    });
  });
}

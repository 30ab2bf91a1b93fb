/**
 * Golden files for a minimal and a maximal stage: any change to the generated template shows
 * up as a diff here. `UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts` rewrites them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { maximalInput, minimalInput } from '../src/__fixtures__/settings.js';
import { renderTemplate, serializeTemplate } from '../src/index.js';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

const cases = [
  ['minimal', minimalInput],
  ['maximal', maximalInput],
] as const;

describe('golden templates', () => {
  for (const [name, input] of cases) {
    it(`${name} stage matches test/golden/${name}.json`, () => {
      const body = serializeTemplate(renderTemplate(input()));
      const file = join(GOLDEN_DIR, `${name}.json`);
      if (update || !existsSync(file)) {
        mkdirSync(GOLDEN_DIR, { recursive: true });
        writeFileSync(file, body);
        if (!update) throw new Error(`${file} was missing and has been written: check it and run again`);
      }
      expect(body).toBe(readFileSync(file, 'utf8'));
    });
  }
});

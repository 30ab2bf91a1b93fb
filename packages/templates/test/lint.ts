/** Runs cfn-lint over one group of the matrix (one test file per group, so groups run in parallel). */
import { describe, expect, it } from 'vitest';
import { cfnLint, cfnLintAvailable } from '../../../test/support/cfn-lint.js';
import { renderTemplate } from '../src/render.js';
import { MATRIX, type MatrixCase } from './matrix.js';

export function lintGroup(group: MatrixCase['group']): void {
  const available = cfnLintAvailable();
  const required = process.env.CI === 'true';
  if (!available.ok && !required) console.warn(`skipping cfn-lint over the settings matrix: ${available.reason}`);

  describe.skipIf(!available.ok && !required)(`cfn-lint over the settings matrix (group ${group})`, () => {
    it('has cfn-lint', () => {
      expect(available).toEqual({ ok: true });
    });
    for (const c of MATRIX.filter((m) => m.group === group)) {
      it(`${c.name}: zero errors`, () => {
        const result = cfnLint(renderTemplate(c.input), [c.input.settings.awsRegion]);
        expect(result.errors).toEqual([]);
      });
    }
  });
}

/** The matrix's own checks: it covers every settings key, and every template obeys the IAM rules. */
import { describe, expect, it } from 'vitest';
import { makeSettings } from '../src/__fixtures__/settings.js';
import { actions, roleStatements } from '../src/__fixtures__/template.js';
import { renderTemplate } from '../src/render.js';
import { isWildcardAction } from '../src/role.js';
import { MATRIX } from './matrix.js';

describe('settings matrix', () => {
  it('turns every settings key away from its default at least once', () => {
    const defaults = makeSettings() as unknown as Record<string, unknown>;
    const untouched = Object.keys(defaults).filter((key) =>
      MATRIX.every((c) => JSON.stringify((c.input.settings as unknown as Record<string, unknown>)[key]) === JSON.stringify(defaults[key])),
    );
    expect(untouched).toEqual([]);
  });

  it('renders every case, each with distinct bytes', () => {
    const bodies = MATRIX.map((c) => JSON.stringify(renderTemplate(c.input)));
    expect(new Set(bodies).size).toBe(MATRIX.length);
  });

  for (const c of MATRIX) {
    it(`${c.name}: no IAM statement holds a wildcard action, none allows everything`, () => {
      const t = renderTemplate(c.input);
      const statements = roleStatements(t);
      if (!c.input.settings.role) expect(statements.length).toBeGreaterThan(0);
      expect(actions(statements).filter(isWildcardAction)).toEqual([]);
      // every IAM policy in the template, including raw resources
      const policies = JSON.stringify(t.Resources).match(/"Action":"\*"/g);
      expect(policies).toBeNull();
    });
  }
});

import { renderTemplate, type ResolvedSettings } from '@tsappa/templates';
import { describe, expect, it } from 'vitest';
import { testSettings } from '../../test/support/test-settings.js';
import { describeDiff, diffTemplates, lambdaCodeSha256, templateChanged } from './changes.js';

const settings = (overrides: Partial<ResolvedSettings> = {}) => testSettings('/tmp/project', { s3Bucket: 'bucket', ...overrides });
const render = (key: string, sha: string, overrides: Partial<ResolvedSettings> = {}) =>
  renderTemplate({ settings: settings(overrides), artifact: { bucket: 'bucket', key, handler: 'tsappa-entry.handler', sha256: sha } });
const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

describe('change detection', () => {
  it("Lambda's CodeSha256 is the base64 of the zip's sha256", () => {
    expect(lambdaCodeSha256('00ff')).toBe('AP8=');
  });

  it('a new artifact alone is not a template change (the fast path handles it)', () => {
    const diff = diffTemplates(json(render('a.zip', 'aa')), render('b.zip', 'bb'));
    expect(templateChanged(diff)).toBe(false);
  });

  it('a settings change is, and names the resources', () => {
    const diff = diffTemplates(json(render('a.zip', 'aa')), render('a.zip', 'aa', { memorySize: 1024 }));
    expect(templateChanged(diff)).toBe(true);
    expect(diff.modified).toContain('Function');
    expect(describeDiff(diff)).toContain('~ Function');
  });

  it('added and removed resources are listed', () => {
    const diff = diffTemplates(json(render('a.zip', 'aa')), render('a.zip', 'aa', { deadLetter: true }));
    expect(diff.added).toContain('DeadLetterQueue');
    const back = diffTemplates(json(render('a.zip', 'aa', { deadLetter: true })), render('a.zip', 'aa'));
    expect(back.removed).toContain('DeadLetterQueue');
  });

  it('an unreadable deployed template counts as changed', () => {
    expect(templateChanged(diffTemplates(null, render('a.zip', 'aa')))).toBe(true);
  });
});
